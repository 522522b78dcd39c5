#pragma once

#include "ClusterSettings.h"
#include "reconcile/ClusterConsent.h"
#include "reconcile/ReconcileEngine.h"
#include "workspace/WorkspaceLoader.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <map>
#include <memory>
#include <optional>

namespace syncline::kube {
class ExecApprovals;
}
namespace syncline::reconcile {
class ClusterConsentStore;
class ClusterTokenStore;
} // namespace syncline::reconcile

namespace syncline::models {

class RepositoryController;
struct RepositoryInfo;

// What the window asks when an environment's cluster needs the user's consent.
struct ConsentQuestion {
    QString environment;
    QString repository; // ClusterConsentStore::repositoryKeyOf the workspace
    reconcile::ClusterConsent current;
    std::optional<reconcile::ClusterConsent> recorded; // what was trusted before, if anything
    bool autoSyncWanted = false;                       // syncline.yaml turns auto-sync on for the environment
    bool pruneWanted = false;                          // … with prune
};

// The window's reconcile engine for the open workspace: a new engine whenever the
// workspace (or its environment map) changes; fetches and new commits as triggers;
// Refresh/Sync requests in, snapshots and sync results out. The window never calls the
// engine; the engine never sees a widget (ui's connectEngine wires the two).
// Cluster tokens typed in the cluster dialog go to the ClusterTokenStore (on a worker
// thread: the app's keychain blocks), and the engine's clients read them back from there.
// Cluster consent: the engine contacts no cluster the user has not trusted for this
// repository. When it reports ConsentRequired for an environment (once per cluster and
// session), on "Trust…" and on Refresh of such an environment, the controller resolves
// what would be trusted (on a worker: it reads the kubeconfig) and emits consentNeeded;
// the answer goes into the consent store and the environment is read again.
class EngineController : public QObject {
    Q_OBJECT
public:
    enum class Notice { Info, Warning, Error };

    // Destroy it before the window it feeds, so the engine stops before the panes go.
    // `tokens`: where cluster tokens are kept (null: none are stored or read);
    // `approvals`: approved exec plugins (null: the application's settings).
    EngineController(RepositoryController* repositories, std::shared_ptr<reconcile::ClusterTokenStore> tokens,
                     std::shared_ptr<kube::ExecApprovals> approvals = {}, QObject* parent = nullptr);
    ~EngineController() override;

    reconcile::ReconcileEngine* engine() const { return m_engine.get(); }
    // The exec plugins the user approved (the cluster dialog pre-checks its box from them).
    std::shared_ptr<kube::ExecApprovals> execApprovals() const { return m_approvals; }

public Q_SLOTS:
    // Refresh of an untrusted environment asks for consent first.
    void refresh(const QString& environment);
    void refreshAll();
    void sync(const syncline::reconcile::SyncRequest& request);
    void syncAll();
    // Resolves what trusting `environment`'s cluster means: consentNeeded, or a notice.
    void askConsent(const QString& environment);
    void acceptConsent(const QString& environment, const syncline::reconcile::ClusterConsent& consent);
    // The cluster dialog's OK: exec approval, the cluster for this session, the token;
    // then the engine restarts and clusterSettingsApplied follows.
    void applyClusterSettings(const QString& environment, const syncline::models::ClusterSettings& settings);
    // A new token for the cluster of `environment` (it refused the old one): stored for
    // that cluster as the dialog stores one, then every environment is read again.
    void storeClusterToken(const QString& environment, const QString& token);
    // Settings changed the intervals or live updates (EngineSettings): the engine starts
    // again with them.
    void applyEngineSettings();

Q_SIGNALS:
    void snapshotReady(syncline::reconcile::SnapshotPtr snapshot);
    void syncStarted(const QString& environment);
    void syncProgress(const QString& environment, int done, int total);
    void syncFinished(const syncline::reconcile::SyncResult& result);
    void consentNeeded(const syncline::models::ConsentQuestion& question);
    // Something the user should read (the window's message bar); never a secret.
    void noticed(syncline::models::EngineController::Notice level, const QString& text);
    // The dialog's settings are in effect: the token stored or forgotten, the engine restarted.
    void clusterSettingsApplied(const QString& environment);

private:
    void onOpened(const RepositoryInfo& info);
    void onWorkspaceLoaded(const workspace::Workspace& workspace);
    void saveTokenThenRestart(const QString& environment, const workspace::ClusterRef& cluster, const QString& token);
    void onTokenSaved(const QString& environment, bool forgotten, bool sessionOnly, const QString& error,
                      const QString& unavailableReason);
    void startEngine();
    void onSnapshot(const reconcile::SnapshotPtr& snapshot);

    std::shared_ptr<kube::ExecApprovals> m_approvals;
    std::shared_ptr<reconcile::ClusterTokenStore> m_tokens;
    QThreadPool m_tokenPool;      // one thread: stores and forgets happen in the order accepted
    QThreadPool m_kubeconfigPool; // reads kubeconfigs for consent questions, off the GUI thread
    std::shared_ptr<reconcile::ClusterConsentStore> m_consent;
    std::map<QString, QString> m_askedConsent; // environment → the refusal already asked about this session
    QString m_root;
    workspace::WorkspaceConfig m_config;
    // Cluster edits made in the dialog this session, kept over the committed syncline.yaml.
    std::map<QString, workspace::ClusterRef> m_clusterOverrides;
    std::unique_ptr<reconcile::ReconcileEngine> m_engine;
};

} // namespace syncline::models
