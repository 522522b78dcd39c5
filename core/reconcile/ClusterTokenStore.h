#pragma once

#include "reconcile/KubeconfigClientProvider.h"
#include "util/Result.h"

#include <QString>

#include <memory>
#include <optional>

namespace syncline::reconcile {

// Where cluster tokens typed into the window are kept, filed under a StoredTokenScope
// (kubeconfig file, context, server, CA). Core defines it; the app backs it with the OS
// keychain (app KeychainStore), tests with memory. Implementations may block (the keychain
// does): call them on worker threads, never on the GUI thread. Thread-safe; tokens never
// appear in errors.
class ClusterTokenStore {
public:
    enum class Kept {
        Stored,         // where it outlives this session
        ForSessionOnly, // no persistent store answered: kept in this process only (unavailableReason says why)
    };

    virtual ~ClusterTokenStore() = default;

    virtual util::Result<Kept> storeToken(const StoredTokenScope& scope, const QString& token) = 0;
    // std::nullopt: nothing stored for `scope`.
    virtual util::Result<std::optional<QString>> token(const StoredTokenScope& scope) = 0;
    // Forgetting a token that is not stored is not an error.
    virtual util::Result<void> forgetToken(const StoredTokenScope& scope) = 0;
    // Why tokens are kept for this session only; empty while the store works.
    virtual QString unavailableReason() const = 0;

    // The engine's token lookup (KubeconfigClientProvider::TokenLookup) backed by `store`,
    // called on worker threads. An error counts as no stored token: the kubeconfig's own
    // credentials are used. A null store has no tokens.
    static KubeconfigClientProvider::TokenLookup lookupIn(std::shared_ptr<ClusterTokenStore> store) {
        return [store = std::move(store)](const StoredTokenScope& scope) -> std::optional<QString> {
            if (!store)
                return std::nullopt;
            auto found = store->token(scope);
            return found ? *found : std::nullopt;
        };
    }
};

} // namespace syncline::reconcile
