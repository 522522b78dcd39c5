#pragma once

#include <QMainWindow>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QSplitter;
class QTimer;
class QToolButton;

namespace syncline::models {
class RepositoryController;
struct RepositoryInfo;
}
namespace syncline::util {
struct Error;
}
namespace syncline::workspace {
struct Workspace;
}

namespace syncline::ui {

class CompareView;
class EnvironmentSelector;
class HistoryPane;
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
    // The Compare window, created on first use.
    CompareView* compareView();
    // Shows the Compare window starting from the selected environment (Ctrl+D).
    void showCompare();
    void confirmWriteWorkspace();

    void saveSettings() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void restoreSettings();
    void chooseRepository();
    void rebuildRecentMenu();
    void onOpened(const models::RepositoryInfo& info);
    void onOpenFailed(const QString& path, const util::Error& error);
    void onHistoryStopped(const util::Error& error);
    void onActivityChanged(const QString& activity);
    void onWorkspaceLoaded(const workspace::Workspace& workspace);
    void onWorkspaceFailed(const util::Error& error);
    void updateTitle();

    models::RepositoryController* m_controller;
    MessageBar* m_messages;
    QSplitter* m_panes;
    HistoryPane* m_history;
    PendingPane* m_pending;
    SyncStatePane* m_sync;
    EnvironmentSelector* m_environment;
    CompareView* m_compare = nullptr;
    QAction* m_fetchAction = nullptr;
    QAction* m_writeWorkspaceAction = nullptr;
    QAction* m_compareAction = nullptr;
    QMenu* m_recentMenu = nullptr;
    QLabel* m_activity;
    QProgressBar* m_progress;
    QToolButton* m_cancel;
    QTimer* m_progressDelay;
};

} // namespace syncline::ui
