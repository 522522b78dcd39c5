#pragma once

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClientProvider.h"

#include <QMutex>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

namespace syncline::reconcile {

// Where a token kept outside the kubeconfig is filed: the file that defines the context
// (absolute) and the context's own name (current-context already resolved), so a later
// `kubectl config use-context` never sends one cluster's token to another.
struct StoredTokenScope {
    QString kubeconfigFile;
    QString context;
};

// The real clusters: each ClusterRef resolved through its kubeconfig (a relative path is
// relative to the workspace root, so a committed syncline.yaml can name a kubeconfig kept
// next to the clone) into one HTTPS client, reused by every environment on that cluster.
//
// Stored tokens: a cluster token typed into the UI lives in the OS keychain, not in the
// kubeconfig. `tokenLookup` (may block; called on the engine's worker threads, never with
// the provider's lock held) returns it by StoredTokenScope. When it returns a non-empty
// token, that token is the whole identity for the context: it replaces the kubeconfig
// user's token, tokenFile, client certificate and exec plugin (no plugin runs). The user
// typed it because the kubeconfig's own credentials do not fit; a client certificate left
// beside it would be authenticated first by the API server and win silently.
// The lookup runs when a client is made (first use, or the kubeconfig file changed): a new
// token takes effect with a new provider, as when EngineBinding restarts the engine.
class KubeconfigClientProvider : public ClientProvider {
public:
    using TokenLookup = std::function<std::optional<QString>(const QString& kubeconfigFile, const QString& context)>;

    KubeconfigClientProvider(QString workspaceRoot, std::shared_ptr<kube::ExecApprovals> approvals,
                             kube::HttpClientOptions options = {}, TokenLookup tokenLookup = {});

    util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::ClusterRef& cluster) override;

    // The ClusterRef with its kubeconfig path made absolute.
    workspace::ClusterRef resolved(const workspace::ClusterRef& cluster) const;

    // Where a stored token for `cluster` is filed (reads the kubeconfig: small local files).
    static util::Result<StoredTokenScope> tokenScope(const workspace::ClusterRef& cluster, const QString& workspaceRoot);

private:
    util::Result<std::shared_ptr<kube::KubeClient>> makeClient(const workspace::ClusterRef& absolute);

    QString m_root;
    std::shared_ptr<kube::ExecApprovals> m_approvals;
    kube::HttpClientOptions m_options;
    TokenLookup m_tokenLookup;
    QMutex m_mutex;
    struct Entry {
        QString version; // the kubeconfig file's time and size when the client was made
        std::shared_ptr<kube::KubeClient> client;
    };
    std::map<std::tuple<QString, QString, bool>, Entry> m_clients;
};

} // namespace syncline::reconcile
