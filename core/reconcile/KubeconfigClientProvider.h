#pragma once

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClientProvider.h"
#include "reconcile/ClusterConsent.h"
#include "reconcile/ClusterConsentStore.h"

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
// `kubectl config use-context` never sends one cluster's token to another; and the server
// and CA the token was typed for, so a kubeconfig (or a repository's) that repoints the same
// context at another server never receives it.
struct StoredTokenScope {
    QString kubeconfigFile;
    QString context;
    QString server;        // ClusterConsent::server
    QString caFingerprint; // ClusterConsent::caFingerprint
};

// The real clusters: each ClusterRef resolved through its kubeconfig (a relative path is
// relative to the workspace root, so a committed syncline.yaml can name a kubeconfig kept
// next to the clone) into one HTTPS client, reused by every environment on that cluster.
//
// Consent: syncline.yaml is repository input, so no client is made (nothing is sent, no
// exec plugin runs) for an environment whose cluster — kubeconfig file, context, server,
// CA — the user has not trusted for this repository in `consent` (ClusterConsentStore).
// clientFor then fails with ConsentRequired naming the cluster. The store is read on every
// call: trusting (or a changed kubeconfig) takes effect at the next cycle.
//
// Stored tokens: a cluster token typed into the UI lives in the OS keychain, not in the
// kubeconfig. `tokenLookup` (may block; called on the engine's worker threads, never with
// the provider's lock held) returns it by StoredTokenScope. When it returns a non-empty
// token, that token is the whole identity for the context: it replaces the kubeconfig
// user's token, tokenFile, client certificate and exec plugin (no plugin runs). The user
// typed it because the kubeconfig's own credentials do not fit; a client certificate left
// beside it would be authenticated first by the API server and win silently.
// The lookup runs when a client is made (first use, or the kubeconfig file changed): a new
// token takes effect with a new provider, as when the EngineController restarts the engine.
class KubeconfigClientProvider : public ClientProvider {
public:
    using TokenLookup = std::function<std::optional<QString>(const StoredTokenScope& scope)>;

    KubeconfigClientProvider(QString workspaceRoot, std::shared_ptr<kube::ExecApprovals> approvals,
                             std::shared_ptr<ClusterConsentStore> consent, kube::HttpClientOptions options = {},
                             TokenLookup tokenLookup = {});

    util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::Environment& environment) override;
    AllowedAutomation allowedAutomation(const workspace::Environment& environment) override;

    // The ClusterRef with its kubeconfig path made absolute.
    workspace::ClusterRef resolved(const workspace::ClusterRef& cluster) const;
    // The key consents of this workspace are filed under (ClusterConsentStore::repositoryKeyOf).
    const QString& repositoryKey() const { return m_repositoryKey; }

    // Where a stored token for `cluster` is filed (reads the kubeconfig: small local files).
    static util::Result<StoredTokenScope> tokenScope(const workspace::ClusterRef& cluster, const QString& workspaceRoot);

private:
    struct Entry {
        QString version;        // the kubeconfig files' content when the client was made
        ClusterConsent cluster; // what the client talks to
        std::shared_ptr<kube::KubeClient> client;
    };
    util::Result<Entry> makeClient(const workspace::Environment& environment, const workspace::ClusterRef& absolute);
    std::optional<util::Error> untrusted(const QString& environment, const ClusterConsent& cluster) const;

    QString m_root;
    QString m_repositoryKey;
    std::shared_ptr<kube::ExecApprovals> m_approvals;
    std::shared_ptr<ClusterConsentStore> m_consent;
    kube::HttpClientOptions m_options;
    TokenLookup m_tokenLookup;
    QMutex m_mutex;
    std::map<std::tuple<QString, QString, bool>, Entry> m_clients;
    std::map<QString, ClusterConsent> m_lastCluster; // per environment: what clientFor last resolved
};

} // namespace syncline::reconcile
