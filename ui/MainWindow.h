#pragma once

#include "ClusterConsentDialog.h"
#include "ClusterSettingsDialog.h"
#include "ClusterTokenDialog.h"
#include "DriftNotices.h"
#include "reconcile/EnvironmentSnapshot.h"
#include "reconcile/SyncRequest.h"
#include "reconcile/SyncResult.h"
#include "workspace/detect/DestinationContexts.h"

#include <QMainWindow>
#include <QPointer>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QTimer;
class QToolButton;

namespace syncline::kube {
class ExecApprovals;
}
namespace syncline::models {
class MatrixModel;
class RepositoryController;
class SyncStateModel;
struct RepositoryInfo;
} // namespace syncline::models
namespace syncline::util {
struct Error;
}
namespace syncline::workspace {
struct Workspace;
struct WorkspaceConfig;
} // namespace syncline::workspace

namespace syncline::ui {

class ActionLauncher;
class ActivityDock;
class DesktopNotifier;
class EnvironmentFoldersDialog;
class ClusterSettingsDialog;
class CommandPalette;
class CompareView;
class SettingsDialog;
class EnvironmentSelector;
class HistoryPane;
class MatrixView;
class MessageBar;
class PendingPane;
class SyncStatePane;

// The console window: History | Pending | Sync state side by side, a message strip for
// repository problems, and a status bar that shows long work with a Cancel button.
// Window geometry and splitter positions persist in QSettings.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openRepository(const QString& path);

    models::RepositoryController* controller() const { return m_controller; }
    HistoryPane* historyPane() const { return m_history; }
    PendingPane* pendingPane() const { return m_pending; }
    SyncStatePane* syncStatePane() const { return m_sync; }
    MessageBar* messageBar() const { return m_messages; }
    QSplitter* paneSplitter() const { return m_panes; }
    EnvironmentSelector* environmentSelector() const { return m_environment; }
    QAction* compareAction() const { return m_compareAction; }
    QAction* fetchAction() const { return m_fetchAction; }
    QAction* writeWorkspaceAction() const { return m_writeWorkspaceAction; }
    // Promote / Revert / Rollback: menus, toolbar button, preview dialog.
    ActionLauncher* actionLauncher() const { return m_actions; }
    // The Compare window, created on first use.
    CompareView* compareView();
    // Ctrl+, (File ▸ Settings…): intervals, live updates, consents and exec approvals,
    // appearance. The dialog on screen, if any.
    SettingsDialog* showSettings();
    SettingsDialog* settingsDialog() const;
    QAction* settingsAction() const { return m_settingsAction; }
    // Where exec-plugin approvals are kept (the engine's; the application's settings until set).
    void setExecApprovals(std::shared_ptr<kube::ExecApprovals> approvals) { m_execApprovals = std::move(approvals); }
    // Nothing detected: pick the folders that are environments and commit syncline.yaml
    // (the empty Sync state page's "Choose environment folders…").
    EnvironmentFoldersDialog* chooseEnvironmentFolders();
    // Desktop notifications for syncs, promotions and drift while the user looks elsewhere.
    DesktopNotifier* notifier() const { return m_notifier; }
    // View ▸ Activity (Ctrl+Shift+A): what was done, from here and the command line; a
    // dock on the right, created on first use.
    ActivityDock* activityDock();
    QAction* activityAction() const { return m_activityAction; }
    void toggleActivity();
    // Ctrl+K: every action by name (View ▸ Command Palette…), created on first use.
    CommandPalette* commandPalette();
    void showCommandPalette();
    QAction* paletteAction() const { return m_paletteAction; }
    // Shows the Compare window starting from the selected environment (Ctrl+D).
    void showCompare();
    // Shows the Compare window comparing the units `left` and `right` (the matrix's Compare).
    void compareUnits(const QString& left, const QString& right);

    // The environment matrix (applications × environments), a dock under the panes shown
    // and hidden with Ctrl+M (View ▸ Environment Matrix).
    models::MatrixModel* matrixModel() const { return m_matrix; }
    MatrixView* matrixView() const { return m_matrixView; }
    QDockWidget* matrixDock() const { return m_matrixDock; }
    QAction* matrixAction() const { return m_matrixAction; }
    // Ctrl+M: shows the matrix and puts the keyboard in it; hides it when it has the keyboard.
    void toggleMatrix();
    void confirmWriteWorkspace();
    // The two questions confirmWriteWorkspace asks; unset: dialogs (tests answer them here).
    workspace::DestinationContexts::Ask askDestination;
    std::function<bool(const QString& branch, const QString& yaml, const QString& notes)> confirmWrite;

    void saveSettings() const;

    // --- Cluster state (issue 5). The reconcile engine is wired from outside: feed its
    // snapshotReady/syncStarted/syncProgress/syncFinished into the slots below and act on
    // the request signals. The window never calls the engine itself.
    models::SyncStateModel* syncStateModel() const { return m_syncState; }
    // The environment the panes follow (toolbar selector, Sync state selection).
    QString currentEnvironment() const;
    // Opens the cluster settings dialog for `environment` (also on "Edit cluster…");
    // clusterSettingsAccepted follows when the user presses OK. `isApproved` pre-checks
    // the exec-plugin approval (the caller's kube::ExecApprovals).
    ClusterSettingsDialog* editCluster(const QString& environment);
    void setExecApprovalLookup(ClusterSettingsDialog::ApprovalLookup isApproved) { m_isExecApproved = std::move(isApproved); }
    // Asks whether the user trusts `environment`'s cluster for this repository (the
    // ClusterConsentDialog); clusterConsentAccepted follows when they do.
    ClusterConsentDialog* askClusterConsent(const QString& environment, const QString& repository,
                                            const reconcile::ClusterConsent& current,
                                            const std::optional<reconcile::ClusterConsent>& recorded,
                                            ClusterConsentDialog::Wanted wanted);
    // The consent dialog on screen, if any.
    ClusterConsentDialog* clusterConsentDialog() const { return m_consentDialog; }
    // Asks for a new token for `environment`'s cluster, which refused the credentials;
    // clusterTokenEntered follows when the user presses OK.
    ClusterTokenDialog* askClusterToken(const QString& environment);
    ClusterTokenDialog* clusterTokenDialog() const { return m_tokenDialog; }
    // The text of the last Sync's outcome as the window showed it (empty before any).
    QString lastSyncResultText() const { return m_lastSyncText; }

public Q_SLOTS:
    // Updates the environment's Sync state row, the History decorations and, when it is
    // the selected environment, the Pending pane's cluster diffs (in place).
    void applySnapshot(const syncline::reconcile::SnapshotPtr& snapshot);
    void applySyncStarted(const QString& environment);
    void applySyncProgress(const QString& environment, int done, int total);
    // Per-object results: success in the status bar, failures in the message bar
    // ("Sync of staging failed on 1 of 10 objects: apps/Deployment shop-dev/api: …").
    void applySyncResult(const syncline::reconcile::SyncResult& result);

Q_SIGNALS:
    void refreshRequested(const QString& environment);
    void refreshAllRequested();
    void syncRequested(const syncline::reconcile::SyncRequest& request);
    void syncAllRequested();
    // "Edit cluster…" on a Sync state row (the window also opens the dialog itself).
    void clusterEditRequested(const QString& environment);
    // The user changed an environment's cluster: store settings.cluster in syncline.yaml
    // and, when settings.exec is set, approve that exact fingerprint when
    // settings.execApproved (revoke it when not).
    void clusterSettingsAccepted(const QString& environment, const syncline::ui::ClusterSettings& settings);
    // Settings changed how the engine reads clusters: whoever runs it starts it again.
    void engineSettingsChanged();
    // "Trust…" / "Trust cluster…" on a Sync state card: whoever owns the consent store asks.
    void clusterTrustRequested(const QString& environment);
    // The user trusted the cluster (with the auto-sync/prune answers in `consent`).
    void clusterConsentAccepted(const QString& environment, const syncline::reconcile::ClusterConsent& consent);
    // A new token typed for the cluster of `environment` (a secret: never log it).
    void clusterTokenEntered(const QString& environment, const QString& token);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildLayout();
    void buildStatusBar();
    void connectRepository();
    void connectFetch();
    void connectCommitGraphOffer();
    void connectWorkspace();
    void createActions();
    void restoreSettings();
    void applyDiffSettings();
    void chooseRepository();
    void rebuildRecentMenu();
    void onOpened(const models::RepositoryInfo& info);
    void onOpenFailed(const QString& path, const util::Error& error);
    void onHistoryStopped(const util::Error& error);
    void onActivityChanged(const QString& activity);
    void onWorkspaceLoaded(const workspace::Workspace& workspace);
    static QString detectedExtent(const workspace::WorkspaceConfig& config);
    static QString detectedList(const workspace::WorkspaceConfig& config);
    void onWorkspaceFailed(const util::Error& error);
    bool askToWrite(const QString& branch, const QString& yaml, const QString& notes);
    void updateTitle();
    void connectClusterPanes();
    void buildMatrixDock();
    void connectMatrix();
    void addMatrixCellActions(QMenu* menu, const QString& unit);
    void onEnvironmentSelected(const QString& environment);

    models::RepositoryController* m_controller;
    MessageBar* m_messages;
    QSplitter* m_panes;
    HistoryPane* m_history;
    PendingPane* m_pending;
    SyncStatePane* m_sync;
    EnvironmentSelector* m_environment;
    CompareView* m_compare = nullptr;
    CommandPalette* m_palette = nullptr;
    ActivityDock* m_activityDock = nullptr;

    QAction* m_activityAction = nullptr;
    QAction* m_paletteAction = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;
    QAction* m_settingsAction = nullptr;
    std::shared_ptr<kube::ExecApprovals> m_execApprovals;
    ActionLauncher* m_actions = nullptr;
    QAction* m_fetchAction = nullptr;
    QAction* m_writeWorkspaceAction = nullptr;
    QAction* m_compareAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    MatrixView* m_matrixView = nullptr;
    QDockWidget* m_matrixDock = nullptr;
    QAction* m_matrixAction = nullptr;
    QLabel* m_activity;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QTimer* m_progressDelay;
    models::SyncStateModel* m_syncState;
    models::MatrixModel* m_matrix;
    DesktopNotifier* m_notifier;
    models::DriftNotices m_drift;
    QString m_syncStateRepository; // whose environments the Sync state rows are
    QString m_lastSyncText;
    ClusterSettingsDialog::ApprovalLookup m_isExecApproved;
    QPointer<ClusterConsentDialog> m_consentDialog;
    QPointer<ClusterTokenDialog> m_tokenDialog;
};

} // namespace syncline::ui
