#pragma once

#include "reconcile/ClusterTokenStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "util/Result.h"

#include <QHash>
#include <QString>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace syncline::app {

// Where a secret ended up.
enum class SecretStorage {
    Keychain,      // the OS keychain (Secret Service through QtKeychain)
    SessionMemory, // no keychain available: kept in this process only, gone on exit
};

// Secrets in the OS keychain (service "syncline"), through QtKeychain. There is no
// plaintext fallback: when no Secret Service answers, a written secret is kept in memory
// for this session and unavailableReason() says why, so the UI can tell the user.
//
// All calls block until the keychain answered (the QtKeychain job runs in the calling
// thread under a local event loop), so they are meant for worker threads (QThread, thread
// pool); never call them on the GUI thread.
// Thread-safe. Secrets never appear in errors.
// It is also where the window keeps cluster tokens (reconcile::ClusterTokenStore).
class KeychainStore final : public reconcile::ClusterTokenStore {
public:
    explicit KeychainStore(QString service = QStringLiteral("syncline"));
    ~KeychainStore() override;
    KeychainStore(const KeychainStore&) = delete;
    KeychainStore& operator=(const KeychainStore&) = delete;

    // std::nullopt: nothing stored under `key`.
    util::Result<std::optional<QString>> read(const QString& key);
    util::Result<SecretStorage> write(const QString& key, const QString& secret);
    // Removing a key that is not stored is not an error.
    util::Result<void> remove(const QString& key);

    // False once the keychain failed to answer (no Secret Service, D-Bus missing, ...).
    bool keychainAvailable() const;
    // Why secrets are kept in memory only; empty while the keychain works.
    QString unavailableReason() const override;

    // Cluster tokens typed into the UI, keyed by kubeconfig file + context + the server and
    // CA they were typed for: a kubeconfig that repoints the context elsewhere finds none.
    static QString clusterTokenKey(const reconcile::StoredTokenScope& scope);
    util::Result<SecretStorage> storeClusterToken(const reconcile::StoredTokenScope& scope, const QString& token);
    util::Result<std::optional<QString>> clusterToken(const reconcile::StoredTokenScope& scope);
    util::Result<void> forgetClusterToken(const reconcile::StoredTokenScope& scope);
    // reconcile::ClusterTokenStore: the cluster tokens above.
    util::Result<Kept> storeToken(const reconcile::StoredTokenScope& scope, const QString& token) override;
    util::Result<std::optional<QString>> token(const reconcile::StoredTokenScope& scope) override;
    util::Result<void> forgetToken(const reconcile::StoredTokenScope& scope) override;

    // Keys of the git credentials (also used by KeychainCredentialProvider); the user name
    // appears only as a digest, since it may be a token used as user name.
    static QString httpsTokenKey(const QString& host, const QString& username);
    static QString httpsUserKey(const QString& host);
    static QString sshPassphraseKey(const QString& privateKeyPath);

    // How long one keychain call may take before the keychain counts as unavailable.
    void setTimeoutMs(int milliseconds) { m_timeoutMs = milliseconds; }

private:
    enum class Op { Read, Write, Delete };
    struct Answer;
    Answer run(Op op, const QString& key, const QString& secret);
    void markUnavailable(const QString& why);

    QString m_service;
    int m_timeoutMs = 25000;
    mutable std::mutex m_mutex;
    QString m_unavailableReason;      // guarded by m_mutex
    QHash<QString, QString> m_memory; // guarded by m_mutex; session-only secrets
};

} // namespace syncline::app
