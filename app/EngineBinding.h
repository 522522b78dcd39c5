#pragma once

#include "reconcile/ReconcileEngine.h"
#include "workspace/WorkspaceLoader.h"

#include <QObject>
#include <QString>
#include <QThreadPool>

#include <map>
#include <memory>

namespace syncline::kube {
class ExecApprovals;
}
namespace syncline::reconcile {
class ClusterConsentStore;
struct ClusterConsent;
}
namespace syncline::models {
struct RepositoryInfo;
}
namespace syncline::ui {
class MainWindow;
struct ClusterSettings;
}

namespace syncline::app {

class KeychainStore;

// Connects the window to a reconcile engine for the open workspace: a new engine whenever
// the workspace (or its environment map) changes, snapshots and sync results into the
// panes, Refresh/Sync requests into the engine, and fetches and new commits as triggers.
// The window never calls the engine; the engine never sees a widget.
// Cluster tokens typed in the cluster dialog go to the OS keychain (on a worker thread: the
// keychain blocks), and the engine's clients read them back from there.
// Cluster consent: the engine contacts no cluster the user has not trusted for this
// repository. When it reports ConsentRequired for an environment (once per cluster and
// session), on "Trust…" in the Sync state pane, and on Refresh of such an environment, the
// binding resolves what would be trusted (on a worker: it reads the kubeconfig) and the
// window asks; the answer goes into the consent store and the environment is read again.
class EngineBinding : public QObject {
    Q_OBJECT
public:
    // Not a child of the window: destroy it first, so the engine stops before the panes go.
    // `keychain`: where cluster tokens are kept; null: the "syncline" service.
    explicit EngineBinding(ui::MainWindow* window, std::shared_ptr<KeychainStore> keychain = {});
    ~EngineBinding() override;

    reconcile::ReconcileEngine* engine() const { return m_engine.get(); }

Q_SIGNALS:
    // The dialog's settings are in effect: the token stored or forgotten, the engine restarted.
    void clusterSettingsApplied(const QString& environment);

private:
    void onOpened(const models::RepositoryInfo& info);
    void onWorkspaceLoaded(const workspace::Workspace& workspace);
    void onClusterSettingsAccepted(const QString& environment, const ui::ClusterSettings& settings);
    void onTokenSaved(const QString& environment, bool forgotten, bool sessionOnly, const QString& error,
                      const QString& unavailableReason);
    void startEngine();
    void syncAll();
    void onSnapshot(const reconcile::SnapshotPtr& snapshot);
    void askConsent(const QString& environment);
    void onConsentAccepted(const QString& environment, const reconcile::ClusterConsent& consent);

    ui::MainWindow* m_window;
    std::shared_ptr<kube::ExecApprovals> m_approvals;
    std::shared_ptr<KeychainStore> m_keychain;
    QThreadPool m_keychainPool; // one thread: stores and forgets happen in the order accepted
    QThreadPool m_kubeconfigPool; // reads kubeconfigs for consent questions, off the GUI thread
    std::shared_ptr<reconcile::ClusterConsentStore> m_consent;
    std::map<QString, QString> m_askedConsent; // environment → the refusal already asked about this session
    QString m_root;
    workspace::WorkspaceConfig m_config;
    // Cluster edits made in the dialog this session, kept over the committed syncline.yaml.
    std::map<QString, workspace::ClusterRef> m_clusterOverrides;
    std::unique_ptr<reconcile::ReconcileEngine> m_engine;
};

} // namespace syncline::app
