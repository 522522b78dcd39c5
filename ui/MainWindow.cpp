#include "MainWindow.h"

#include "ActionController.h"
#include "ActionLauncher.h"
#include "ActivityDock.h"
#include "CommandPalette.h"
#include "CommitDetailsView.h"
#include "CompareView.h"
#include "DesktopNotifier.h"
#include "DestinationQuestion.h"
#include "EnvironmentFoldersDialog.h"
#include "EnvironmentListModel.h"
#include "EnvironmentSelector.h"
#include "HistoryModel.h"
#include "HistoryPane.h"
#include "MatrixModel.h"
#include "MatrixView.h"
#include "MessageBar.h"
#include "PendingPane.h"
#include "RecentRepositories.h"
#include "RepositoryController.h"
#include "SettingsDialog.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "kube/ExecApprovals.h"
#include "kube/KubeconfigContexts.h"
#include "reconcile/SyncResultText.h"
#include "util/Error.h"
#include "workspace/UserDiffSettings.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace syncline::ui {

namespace {
// Bump when the layout changes so stale saved state is not applied to new widgets.
constexpr int kStateVersion = 1;
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_controller(new models::RepositoryController(this)), m_messages(new MessageBar(this)),
      m_panes(new QSplitter(Qt::Horizontal, this)), m_history(new HistoryPane(m_controller, this)),
      m_pending(new PendingPane(m_controller, this)), m_sync(new SyncStatePane(this)),
      m_environment(new EnvironmentSelector(m_controller, this)), m_activity(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QToolButton(this)), m_progressDelay(new QTimer(this)),
      m_syncState(new models::SyncStateModel(this)), m_matrix(new models::MatrixModel(this)),
      m_notifier(new DesktopNotifier(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    buildLayout();
    buildMatrixDock();
    buildStatusBar();
    connectRepository();
    connectFetch();
    connectCommitGraphOffer();
    connectWorkspace();
    createActions();
    restoreSettings();
    applyDiffSettings();
    updateTitle();
}

// Settings ▸ Diff options' Hide unchanged, for the lists; the ignore rules reach the diffs
// when the workspace is read (WorkspaceJobs::load).
void MainWindow::applyDiffSettings() {
    const bool hide = workspace::UserDiffSettings::load().hideUnchanged;
    m_pending->showSameBox()->setChecked(!hide);
    if (m_compare)
        m_compare->hideSameBox()->setChecked(hide);
}

// Messages on top; History, Pending and Sync state side by side below.
void MainWindow::buildLayout() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* messageHolder = new QWidget(central);
    auto* messageLayout = new QVBoxLayout(messageHolder);
    messageLayout->setContentsMargins(6, 6, 6, 0);
    messageLayout->addWidget(m_messages);
    layout->addWidget(messageHolder);
    layout->addWidget(m_panes, 1);
    setCentralWidget(central);
    messageHolder->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_panes->addWidget(m_history);
    m_panes->addWidget(m_pending);
    m_panes->addWidget(m_sync);
    m_panes->setChildrenCollapsible(false);
    m_panes->setHandleWidth(1);
    m_panes->setStyleSheet(QStringLiteral("QSplitter#panes::handle { background: palette(mid); }"));
    m_panes->setObjectName(QStringLiteral("panes"));
    m_panes->setStretchFactor(0, 45);
    m_panes->setStretchFactor(1, 30);
    m_panes->setStretchFactor(2, 25);
    resize(1440, 900);
    m_panes->setSizes({648, 432, 360});
}

// Activity text, progress and Cancel in the status bar, shown only for work that lasts.
void MainWindow::buildStatusBar() {
    m_progress->setRange(0, 0); // indeterminate: history pages have no known total
    m_progress->setMaximumWidth(140);
    m_progress->setMaximumHeight(14);
    m_progress->setTextVisible(false);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setAutoRaise(true);
    m_cancel->setToolTip(tr("Stop loading history"));
    statusBar()->addPermanentWidget(m_activity);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    m_activity->hide();
    m_progress->hide();
    m_cancel->hide();
    // Quick work should not flash a progress bar.
    m_progressDelay->setSingleShot(true);
    m_progressDelay->setInterval(300);
    connect(m_progressDelay, &QTimer::timeout, this, [this] {
        const bool busy = !m_controller->activity().isEmpty();
        m_activity->setVisible(busy);
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
    });
    connect(m_cancel, &QToolButton::clicked, m_controller, &models::RepositoryController::cancel);
}

void MainWindow::connectRepository() {
    connect(m_controller, &models::RepositoryController::opened, this, &MainWindow::onOpened);
    connect(m_controller, &models::RepositoryController::openFailed, this, &MainWindow::onOpenFailed);
    connect(m_controller, &models::RepositoryController::historyStopped, this, &MainWindow::onHistoryStopped);
    connect(m_controller, &models::RepositoryController::activityChanged, this, &MainWindow::onActivityChanged);
    connect(m_controller, &models::RepositoryController::shallowBoundaryReached, this, [this] {
        m_messages->addMessage(MessageBar::Level::Info, tr("shallow clone: history ends at the shallow boundary"));
    });
    connect(m_controller, &models::RepositoryController::workspaceWritten, this, [this](const git::ObjectId& commit) {
        statusBar()->showMessage(tr("syncline.yaml committed as %1").arg(commit.shortHex()), 5000);
    });
    connect(m_controller, &models::RepositoryController::workspaceWriteFailed, this, [this](const util::Error& error) {
        m_messages->addMessage(MessageBar::Level::Warning, tr("syncline.yaml was not written: %1").arg(error.toString()));
    });
    connect(m_controller, &models::RepositoryController::pageLoaded, this, [this](int, bool atEnd) {
        if (atEnd && m_controller->historyModel()->rowCount() > 0)
            statusBar()->showMessage(tr("History loaded"), 2000);
    });
}

// A large history read without a commit-graph: offer to write one, never on our own.
void MainWindow::connectCommitGraphOffer() {
    using models::RepositoryController;
    connect(m_controller, &RepositoryController::commitGraphSuggested, this, [this] {
        m_messages->addMessage(MessageBar::Level::Info,
                               tr("This repository has no commit-graph file, so history reads every commit object."));
        m_messages->setAction(tr("Write a commit-graph to speed up history"), [this] { m_controller->writeCommitGraph(); });
    });
    connect(m_controller, &RepositoryController::commitGraphWritten, this, [this] {
        m_messages->clearMessages(); // the offer is answered
        m_messages->addMessage(MessageBar::Level::Info, tr("Commit-graph written: history reads it from now on."));
    });
    connect(m_controller, &RepositoryController::commitGraphFailed, this, [this](const util::Error& error) {
        m_messages->addMessage(MessageBar::Level::Warning, tr("The commit-graph was not written: %1").arg(error.toString()));
    });
}

// Fetch progress in the status bar; the Fetch action is disabled while one runs.
void MainWindow::connectFetch() {
    connect(m_controller, &models::RepositoryController::fetchStarted, this, [this](const QString& remote) {
        m_fetchAction->setEnabled(false);
        m_progress->setRange(0, 0);
        m_activity->setText(tr("Fetching %1…").arg(remote));
    });
    connect(m_controller, &models::RepositoryController::fetchProgress, this,
            [this](const QString& stage, quint64 done, quint64 total) {
                // Transfer counts can pass 2^31; the bar only needs the proportion.
                m_progress->setRange(0, total > 0 ? 1000 : 0);
                if (total > 0)
                    m_progress->setValue(int(done * 1000 / total));
                m_activity->setText(total > 0 ? QStringLiteral("%1 %2/%3").arg(stage).arg(done).arg(total) : stage);
            });
    connect(m_controller, &models::RepositoryController::fetchFinished, this, [this](const QString& remote, int updated) {
        m_fetchAction->setEnabled(true);
        m_progress->setRange(0, 0);
        statusBar()->showMessage(updated == 0 ? tr("%1 is up to date").arg(remote)
                                              : tr("Fetched %1: %n ref(s) updated", nullptr, updated).arg(remote),
                                 5000);
    });
    connect(m_controller, &models::RepositoryController::fetchFailed, this,
            [this](const QString& remote, const util::Error& error) {
                m_fetchAction->setEnabled(true);
                m_progress->setRange(0, 0);
                m_messages->addMessage(
                    error.code == util::ErrorCode::Cancelled ? MessageBar::Level::Info : MessageBar::Level::Warning,
                    error.code == util::ErrorCode::Cancelled ? tr("Fetching %1 was cancelled; nothing changed.").arg(remote)
                                                             : tr("Fetch from %1 failed: %2").arg(remote, error.toString()));
            });
}

// The environment selection, the cluster panes and the workspace file.
void MainWindow::connectWorkspace() {
    connect(m_environment, &EnvironmentSelector::environmentSelected, m_history, &HistoryPane::setEnvironment);
    connectClusterPanes();
    connectMatrix();
    connect(m_controller, &models::RepositoryController::workspaceLoaded, this, &MainWindow::onWorkspaceLoaded);
    connect(m_controller, &models::RepositoryController::workspaceFailed, this, &MainWindow::onWorkspaceFailed);
    connect(m_controller, &models::RepositoryController::environmentChangesFailed, this,
            [this](const QString& env, const util::Error& error) {
                if (error.code != util::ErrorCode::Cancelled)
                    m_messages->addMessage(MessageBar::Level::Warning,
                                           tr("Cannot find the commits that changed %1: %2").arg(env, error.toString()));
            });
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    QStyle* s = style();
    auto* open = new QAction(s->standardIcon(QStyle::SP_DirOpenIcon), tr("&Open Repository…"), this);
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::chooseRepository);
    auto* refresh = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("&Refresh"), this);
    refresh->setShortcut(QKeySequence(Qt::Key_F5));
    refresh->setToolTip(tr("Re-read branches, history and working tree (F5)"));
    connect(refresh, &QAction::triggered, m_controller, &models::RepositoryController::refresh);
    m_fetchAction = new QAction(s->standardIcon(QStyle::SP_ArrowDown), tr("&Fetch"), this);
    m_fetchAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_fetchAction->setToolTip(tr("Fetch from origin (Ctrl+Shift+F); host keys are always checked"));
    m_fetchAction->setEnabled(false);
    connect(m_fetchAction, &QAction::triggered, m_controller, [this] { m_controller->fetch(); });
    auto* find = new QAction(tr("&Filter History"), this);
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, m_history, &HistoryPane::focusFilter);
    m_compareAction = new QAction(tr("&Compare…"), this);
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_compareAction->setToolTip(tr("Compare two environments or revisions side by side (Ctrl+D)"));
    m_compareAction->setEnabled(false);
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::showCompare);
    m_writeWorkspaceAction = new QAction(tr("&Write syncline.yaml…"), this);
    m_writeWorkspaceAction->setToolTip(tr("Commit the detected environments as syncline.yaml"));
    m_writeWorkspaceAction->setEnabled(false);
    connect(m_writeWorkspaceAction, &QAction::triggered, this, &MainWindow::confirmWriteWorkspace);
    m_settingsAction = new QAction(tr("&Settings…"), this);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setToolTip(tr("Intervals, live updates, cluster consents and approvals, appearance (Ctrl+,)"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);
    auto* quit = new QAction(tr("&Quit"), this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addSeparator();
    file->addAction(refresh);
    file->addAction(m_fetchAction);
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(quit);
    m_matrixAction = new QAction(tr("Environment &Matrix"), this);
    m_matrixAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_matrixAction->setToolTip(tr("Every application in every environment side by side (Ctrl+M)"));
    m_matrixAction->setCheckable(true);
    connect(m_matrixAction, &QAction::triggered, this, &MainWindow::toggleMatrix);
    connect(m_matrixDock, &QDockWidget::visibilityChanged, m_matrixAction,
            [this] { m_matrixAction->setChecked(m_matrixDock->isVisible()); });

    m_paletteAction = new QAction(tr("Command &Palette…"), this);
    m_paletteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_paletteAction->setToolTip(tr("Every action by name (Ctrl+K)"));
    connect(m_paletteAction, &QAction::triggered, this, &MainWindow::showCommandPalette);

    m_activityAction = new QAction(tr("&Activity"), this);
    m_activityAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_activityAction->setToolTip(tr("Every promotion, revert, rollback, sync and consent (Ctrl+Shift+A)"));
    m_activityAction->setCheckable(true);
    connect(m_activityAction, &QAction::triggered, this, &MainWindow::toggleActivity);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_paletteAction);
    view->addAction(find);
    view->addAction(m_matrixAction);
    view->addAction(m_activityAction);
    QMenu* environments = menuBar()->addMenu(tr("&Environments"));
    environments->addAction(m_compareAction);
    environments->addAction(m_writeWorkspaceAction);
    QMenu* actions = menuBar()->addMenu(tr("&Actions"));

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(open);
    toolbar->addAction(refresh);
    toolbar->addAction(m_fetchAction);
    toolbar->addSeparator();
    auto* environmentLabel = new QLabel(tr("Environment "), toolbar);
    environmentLabel->setContentsMargins(6, 0, 0, 0);
    toolbar->addWidget(environmentLabel);
    toolbar->addWidget(m_environment);
    toolbar->addAction(m_compareAction);
    m_actions = new ActionLauncher(this, actions, toolbar);
    connect(m_actions->controller(), &models::ActionController::runFinished, this,
            [this](const std::shared_ptr<const actions::ActionOutcome>& outcome) {
                if (outcome && outcome->newTip)
                    m_notifier->notify(tr("%1 finished").arg(actions::actionName(outcome->kind)),
                                       tr("Committed %1 on %2%3")
                                           .arg(outcome->newTip->shortHex(), outcome->branch,
                                                outcome->pushError ? tr(", not pushed") : QString()),
                                       bool(outcome->pushError));
            });
}

EnvironmentFoldersDialog* MainWindow::chooseEnvironmentFolders() {
    auto* dialog = new EnvironmentFoldersDialog(m_controller, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

ActivityDock* MainWindow::activityDock() {
    if (!m_activityDock) {
        m_activityDock = new ActivityDock(this);
        addDockWidget(Qt::RightDockWidgetArea, m_activityDock);
        m_activityDock->hide();
        connect(m_activityDock, &QDockWidget::visibilityChanged, m_activityAction,
                [this] { m_activityAction->setChecked(m_activityDock->isVisible()); });
    }
    return m_activityDock;
}

void MainWindow::toggleActivity() {
    ActivityDock* dock = activityDock();
    dock->setVisible(!dock->isVisible());
    if (!dock->isVisible())
        return;
    // A third of the window: time, user, what and result readable without widening it.
    resizeDocks({dock}, {width() / 3}, Qt::Horizontal);
    dock->raise();
}

SettingsDialog* MainWindow::settingsDialog() const { return m_settingsDialog; }

SettingsDialog* MainWindow::showSettings() {
    if (!m_settingsDialog) {
        if (!m_execApprovals)
            m_execApprovals = std::make_shared<kube::SettingsExecApprovals>();
        m_settingsDialog = new SettingsDialog(this, m_execApprovals);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_settingsDialog, &SettingsDialog::engineSettingsChanged, this, &MainWindow::engineSettingsChanged);
        connect(m_settingsDialog, &SettingsDialog::consentsChanged, this, &MainWindow::refreshAllRequested);
        connect(m_settingsDialog, &SettingsDialog::diffSettingsChanged, this, [this] {
            applyDiffSettings();
            m_controller->refresh(); // the rules apply to the workspace as it is read
        });
    }
    m_settingsDialog->show();
    m_settingsDialog->raise();
    return m_settingsDialog;
}

CommandPalette* MainWindow::commandPalette() {
    if (!m_palette)
        m_palette = new CommandPalette(this);
    return m_palette;
}

void MainWindow::showCommandPalette() { commandPalette()->showPalette(); }

CompareView* MainWindow::compareView() {
    if (!m_compare) {
        m_compare = new CompareView(m_controller, this);
        applyDiffSettings();
    }
    return m_compare;
}

void MainWindow::showCompare() {
    if (m_controller->environmentModel()->rowCount() == 0)
        return;
    CompareView* view = compareView();
    const bool wasVisible = view->isVisible();
    view->show();
    view->raise();
    view->activateWindow();
    if (!wasVisible)
        view->startFrom(m_environment->currentEnvironment());
}

void MainWindow::compareUnits(const QString& left, const QString& right) {
    CompareView* view = compareView();
    view->show();
    view->raise();
    view->activateWindow();
    view->compareEnvironments(left, right);
}

// The matrix sits in a dock under the three panes, so Pending stays in view beside it
// when a cell is clicked. Its own header names it: the dock's title bar would say it twice.
void MainWindow::buildMatrixDock() {
    m_matrixView = new MatrixView(m_matrix, this);
    m_matrixDock = new QDockWidget(tr("Environment matrix"), this);
    m_matrixDock->setObjectName(QStringLiteral("matrixDock"));
    m_matrixDock->setFeatures(QDockWidget::DockWidgetClosable);
    m_matrixDock->setTitleBarWidget(new QWidget(m_matrixDock));
    m_matrixDock->setWidget(m_matrixView);
    addDockWidget(Qt::BottomDockWidgetArea, m_matrixDock);
    m_matrixDock->hide();
}

void MainWindow::connectMatrix() {
    connect(m_matrixView, &MatrixView::unitActivated, m_environment, &EnvironmentSelector::selectEnvironment);
    connect(m_matrixView, &MatrixView::compareRequested, this, &MainWindow::compareUnits);
    connect(m_matrixView, &MatrixView::cellMenuAboutToShow, this, &MainWindow::addMatrixCellActions);
}

// "Promote web: dev → staging…" opens the same preview as the Actions menu.
void MainWindow::addMatrixCellActions(QMenu* menu, const QString& unit) {
    const auto request = m_actions->promotionFrom(unit);
    if (!request) {
        menu->addAction(tr("Promote → (no environment after this one)"))->setEnabled(false);
        return;
    }
    const QString text = request->application.isEmpty()
                             ? tr("Promote %1 → %2…").arg(request->from, request->to)
                             : tr("Promote %1: %2 → %3…").arg(request->application, request->fromPlace, request->toPlace);
    connect(menu->addAction(text), &QAction::triggered, this, [this, request] { m_actions->open(*request); });
}

void MainWindow::toggleMatrix() {
    if (m_matrixDock->isVisible() && m_matrixView->isAncestorOf(QApplication::focusWidget())) {
        m_matrixDock->hide();
        return;
    }
    if (!m_matrixDock->isVisible()) {
        m_matrixDock->show();
        // Tall enough for every row up to two fifths of the window: the panes above keep their room.
        resizeDocks({m_matrixDock}, {std::min(height() * 2 / 5, m_matrixView->preferredHeight())}, Qt::Vertical);
    }
    m_matrixDock->raise();
    m_matrixView->table()->setFocus(Qt::ShortcutFocusReason);
    m_matrixView->selectUnit(m_environment->currentEnvironment());
    m_matrixAction->setChecked(true);
}

// Argo CD destinations the kubeconfig does not pin to one context are asked about first
// (askDestination), so syncline.yaml names the context; then the file is previewed
// (confirmWrite) and committed alone.
void MainWindow::confirmWriteWorkspace() {
    const auto workspace = m_controller->workspace();
    if (!workspace || !workspace->detected)
        return;
    workspace::EnvironmentDetection detection = workspace->detection;
    const QStringList undecided = workspace::DestinationContexts::resolve(
        detection, kube::KubeconfigContexts::read(),
        [this](const workspace::Place& place, const QString& destination, const workspace::DestinationContexts::Match& match) {
            return askDestination ? askDestination(place, destination, match)
                                  : DestinationQuestion::ask(this, place, destination, match);
        });
    const workspace::WorkspaceConfig config = detection.config();
    const QString yaml = QString::fromUtf8(config.toYaml());
    const QString notes = undecided.join(QLatin1Char('\n'));
    if (confirmWrite ? confirmWrite(workspace->branch, yaml, notes) : askToWrite(workspace->branch, yaml, notes))
        m_controller->writeWorkspaceConfig(config);
}

bool MainWindow::askToWrite(const QString& branch, const QString& yaml, const QString& notes) {
    QMessageBox box(QMessageBox::Question, tr("Write syncline.yaml"),
                    tr("Commit the detected environments as syncline.yaml on %1?\n\n"
                       "Only that file is added; your working tree and uncommitted changes stay as they are.%2")
                        .arg(branch, notes.isEmpty() ? QString() : QStringLiteral("\n\n") + notes),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setDetailedText(yaml);
    box.setDefaultButton(QMessageBox::Cancel);
    return box.exec() == QMessageBox::Yes;
}

// "3 applications in 2 environments" (a version-1 configuration: "3 applications").
QString MainWindow::detectedExtent(const workspace::WorkspaceConfig& config) {
    if (config.hasApplications())
        return SyncStatePane::applicationsInEnvironments(int(config.applicationNames().size()),
                                                         int(config.environmentNames().size()));
    const auto count = config.environments.size();
    return count == 1 ? tr("1 application") : tr("%1 applications").arg(count);
}

// "staging: web, api; prod: web", or the names of a version-1 configuration.
QString MainWindow::detectedList(const workspace::WorkspaceConfig& config) {
    QStringList parts;
    for (const QString& place : config.environmentNames()) {
        if (!config.hasApplications()) {
            parts << place;
            continue;
        }
        QStringList applications;
        for (const workspace::Environment* unit : config.unitsOf(place))
            applications << unit->applicationName();
        parts << place + QStringLiteral(": ") + applications.join(QStringLiteral(", "));
    }
    return parts.join(config.hasApplications() ? QStringLiteral("; ") : QStringLiteral(", "));
}

void MainWindow::onWorkspaceLoaded(const workspace::Workspace& workspace) {
    m_drift.clear(); // drift is noticed against what this workspace's clusters showed
    m_writeWorkspaceAction->setEnabled(workspace.detected && !workspace.config.environments.empty());
    m_sync->setEmptyReason(QString());
    m_sync->setCanChooseFolders(workspace.detected && workspace.config.environments.empty());
    m_compareAction->setEnabled(!workspace.config.environments.empty());
    if (workspace.detected && !workspace.config.environments.empty()) {
        // Where they came from is in each one's reason (`syncline detect` lists them).
        QString message = tr("No syncline.yaml on %1: %2 detected as Argo CD, Flux or the folder layout "
                             "deploy them (%3).")
                              .arg(workspace.branch, detectedExtent(workspace.config), detectedList(workspace.config));
        if (const auto skipped = workspace.applications.unrecognized.size(); skipped > 0)
            message += tr(" %1 not understood: run syncline detect to see why.").arg(skipped);
        m_messages->addMessage(MessageBar::Level::Info, message);
    }
}

void MainWindow::onWorkspaceFailed(const util::Error& error) {
    m_compareAction->setEnabled(false);
    m_sync->setCanChooseFolders(false);
    m_syncState->clear(); // no environments any more (a broken syncline.yaml, a detached HEAD)
    m_matrix->clear();
    m_syncStateRepository.clear();
    if (error.code == util::ErrorCode::EmptyRepository)
        return; // the message bar already says the repository has no commits
    if (m_controller->info().head.detached) {
        m_sync->setEmptyReason(tr("HEAD is detached: environments are read from a branch. Check out a branch "
                                  "to see them."));
        return;
    }
    m_sync->setEmptyReason(tr("The environments could not be read — see the message above."));
    m_messages->addMessage(MessageBar::Level::Error, tr("Environments: %1").arg(error.toString()));
}

void MainWindow::connectClusterPanes() {
    m_sync->setModel(m_syncState);
    connect(m_sync, &SyncStatePane::chooseFoldersRequested, this, &MainWindow::chooseEnvironmentFolders);
    connect(m_sync, &SyncStatePane::demoRequested, this, [] {
        // The demo runs its own clusters for as long as its window is open: a window of its own.
        QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("demo")});
    });
    // The Sync state rows follow the environment list (same workspace reload: in place).
    connect(m_controller->environmentModel(), &QAbstractItemModel::modelReset, this, [this] {
        const auto& workspace = m_controller->workspace();
        if (workspace && m_controller->environmentModel()->rowCount() > 0) {
            m_syncState->setEnvironments(workspace->config);
            m_matrix->setEnvironments(workspace->config, m_controller->info().displayName());
            m_syncStateRepository = m_controller->path();
        } else if (m_controller->path() != m_syncStateRepository) {
            m_syncState->clear();
            m_matrix->clear();
            m_syncStateRepository.clear();
        }
        // Otherwise the same repository is being re-read (after a fetch or an action): the
        // cards keep their last snapshots until its environments are back, instead of blinking
        // empty and losing what the clusters said.
        onEnvironmentSelected(m_environment->currentEnvironment());
    });
    connect(m_controller, &models::RepositoryController::closed, this, [this] {
        m_syncState->clear();
        m_matrix->clear();
        m_syncStateRepository.clear();
    });
    connect(m_controller, &models::RepositoryController::openStarted, this,
            [this] { m_controller->historyModel()->clearEnvironmentMarks(); });
    connect(m_environment, &EnvironmentSelector::environmentSelected, this, &MainWindow::onEnvironmentSelected);
    connect(m_sync, &SyncStatePane::environmentSelected, m_environment, &EnvironmentSelector::selectEnvironment);
    connect(m_sync, &SyncStatePane::refreshRequested, this, &MainWindow::refreshRequested);
    connect(m_sync, &SyncStatePane::refreshAllRequested, this, &MainWindow::refreshAllRequested);
    connect(m_sync, &SyncStatePane::syncRequested, this, &MainWindow::syncRequested);
    connect(m_sync, &SyncStatePane::syncAllRequested, this, &MainWindow::syncAllRequested);
    connect(m_sync, &SyncStatePane::clusterEditRequested, this, &MainWindow::clusterEditRequested);
    connect(m_sync, &SyncStatePane::clusterEditRequested, this, &MainWindow::editCluster);
    connect(m_sync, &SyncStatePane::trustRequested, this, &MainWindow::clusterTrustRequested);
    connect(m_sync, &SyncStatePane::tokenRequested, this, &MainWindow::askClusterToken);
    connect(m_sync, &SyncStatePane::chartRepositoriesRequested, this, [this] { showSettings()->showCharts(); });
    connect(m_pending, &PendingPane::syncRequested, this, &MainWindow::syncRequested);
}

ClusterSettingsDialog* MainWindow::editCluster(const QString& environment) {
    const workspace::Environment* env = m_syncState->environment(environment);
    if (!env)
        return nullptr;
    auto* dialog = new ClusterSettingsDialog(environment, env->cluster, m_isExecApproved, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setBaseDirectory(m_controller->info().workDir);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, environment] { Q_EMIT clusterSettingsAccepted(environment, dialog->settings()); });
    dialog->open();
    return dialog;
}

ClusterConsentDialog* MainWindow::askClusterConsent(const QString& environment, const QString& repository,
                                                    const reconcile::ClusterConsent& current,
                                                    const std::optional<reconcile::ClusterConsent>& recorded,
                                                    ClusterConsentDialog::Wanted wanted) {
    if (m_consentDialog)
        m_consentDialog->close(); // one question at a time: the newest is the one that counts
    auto* dialog = new ClusterConsentDialog(environment, repository, current, recorded, wanted, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog, environment] { Q_EMIT clusterConsentAccepted(environment, dialog->consent()); });
    m_consentDialog = dialog;
    dialog->open();
    return dialog;
}

ClusterTokenDialog* MainWindow::askClusterToken(const QString& environment) {
    if (m_tokenDialog)
        m_tokenDialog->close();
    const auto snapshot = m_syncState->snapshot(environment);
    const QString cluster = snapshot && !snapshot->cluster.name.isEmpty() ? snapshot->cluster.name : environment;
    auto* dialog = new ClusterTokenDialog(environment, cluster, snapshot ? snapshot->cluster.server : QString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { Q_EMIT clusterTokenEntered(dialog->environment(), dialog->token()); });
    m_tokenDialog = dialog;
    dialog->open();
    return dialog;
}

QString MainWindow::currentEnvironment() const { return m_environment->currentEnvironment(); }

void MainWindow::onEnvironmentSelected(const QString& environment) {
    m_sync->selectEnvironment(environment);
    const workspace::Environment* unit = m_syncState->environment(environment);
    m_pending->showEnvironment(environment, m_syncState->snapshot(environment),
                               unit ? models::EnvironmentListModel::label(*unit) : QString());
    m_controller->historyModel()->setHighlightedEnvironment(environment);
    m_matrixView->selectUnit(environment);
}

void MainWindow::applySnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot)
        return;
    m_syncState->applySnapshot(snapshot);
    m_matrix->applySnapshot(snapshot);
    if (const auto drift = m_drift.feed(snapshot)) {
        m_messages->addMessage(MessageBar::Level::Warning, *drift);
        m_notifier->notify(tr("Drift on %1").arg(snapshot->environment), *drift, true);
    }
    m_controller->historyModel()->applySnapshot(snapshot);
    if (snapshot->environment == m_pending->environment())
        m_pending->applySnapshot(m_syncState->snapshot(snapshot->environment));
}

void MainWindow::applySyncStarted(const QString& environment) {
    m_syncState->setSyncing(environment, true);
    statusBar()->showMessage(tr("Syncing %1…").arg(environment));
}

void MainWindow::applySyncProgress(const QString& environment, int done, int total) {
    statusBar()->showMessage(tr("Syncing %1: %2 of %3 objects").arg(environment).arg(done).arg(total));
}

void MainWindow::applySyncResult(const reconcile::SyncResult& result) {
    m_syncState->setSyncing(result.environment, false);
    m_lastSyncText = reconcile::SyncResultText::summary(result);
    if (result.succeeded())
        statusBar()->showMessage(m_lastSyncText, 8000);
    else
        m_messages->addMessage(MessageBar::Level::Error, m_lastSyncText);
    m_notifier->notify(result.succeeded() ? tr("Sync of %1 finished").arg(result.environment)
                                          : tr("Sync of %1 failed").arg(result.environment),
                       reconcile::SyncResultText::headline(result), !result.succeeded());
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    RecentRepositories recent;
    const QStringList entries = recent.entries();
    bool anyMissing = false;
    for (const QString& path : entries) {
        const bool exists = RecentRepositories::exists(path);
        anyMissing |= !exists;
        QAction* action = m_recentMenu->addAction(exists ? QDir::toNativeSeparators(path)
                                                         : tr("%1  (missing)").arg(QDir::toNativeSeparators(path)));
        action->setEnabled(exists);
        connect(action, &QAction::triggered, this, [this, path] { openRepository(path); });
    }
    if (entries.isEmpty())
        m_recentMenu->addAction(tr("No recent repositories"))->setEnabled(false);
    m_recentMenu->addSeparator();
    QAction* removeMissing = m_recentMenu->addAction(tr("Remove Missing Entries"));
    removeMissing->setEnabled(anyMissing);
    connect(removeMissing, &QAction::triggered, this, [] { RecentRepositories().removeMissing(); });
    QAction* clear = m_recentMenu->addAction(tr("Clear List"));
    clear->setEnabled(!entries.isEmpty());
    connect(clear, &QAction::triggered, this, [] { RecentRepositories().clear(); });
}

void MainWindow::chooseRepository() {
    const QString start = m_controller->path().isEmpty() ? QDir::homePath() : m_controller->path();
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Repository"), start);
    if (!path.isEmpty())
        openRepository(path);
}

void MainWindow::openRepository(const QString& path) {
    m_messages->clearMessages();
    m_history->resetFilter();
    m_sync->setEmptyReason(QString());
    m_controller->open(path);
    updateTitle();
}

void MainWindow::onOpened(const models::RepositoryInfo& info) {
    RecentRepositories().add(info.workDir.isEmpty() ? info.gitDir : info.workDir);
    m_fetchAction->setEnabled(true);
    m_messages->clearMessages();
    if (info.empty)
        m_messages->addMessage(MessageBar::Level::Info, tr("This repository has no commits yet."));
    if (info.shallow)
        m_messages->addMessage(MessageBar::Level::Info, tr("shallow clone: history ends at the shallow boundary"));
    if (info.head.detached)
        m_messages->addMessage(MessageBar::Level::Info,
                               tr("HEAD is detached at %1.").arg(info.head.commit ? info.head.commit->shortHex() : QString()));
    updateTitle();
}

void MainWindow::onOpenFailed(const QString& path, const util::Error& error) {
    m_fetchAction->setEnabled(false);
    QString reason = error.message;
    if (error.code == util::ErrorCode::NotFound && !RecentRepositories::exists(path))
        RecentRepositories().remove(path);
    m_messages->addMessage(MessageBar::Level::Error, tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), reason));
    updateTitle();
}

void MainWindow::onHistoryStopped(const util::Error& error) {
    if (error.code == util::ErrorCode::Cancelled) {
        m_messages->addMessage(MessageBar::Level::Info, tr("Loading history was stopped. Press F5 to reload."));
        return;
    }
    m_messages->addMessage(MessageBar::Level::Warning, tr("history stops at %1").arg(error.toString()));
}

void MainWindow::onActivityChanged(const QString& activity) {
    m_activity->setText(activity);
    if (activity.isEmpty()) {
        m_progressDelay->stop();
        m_activity->hide();
        m_progress->hide();
        m_cancel->hide();
    } else if (!m_progress->isVisible() && !m_progressDelay->isActive()) {
        m_progressDelay->start();
    }
}

void MainWindow::updateTitle() {
    const models::RepositoryInfo& info = m_controller->info();
    if (!m_controller->isOpen()) {
        setWindowTitle(tr("Syncline"));
        return;
    }
    setWindowTitle(tr("%1 — %2 — Syncline").arg(info.displayName(), info.headText()));
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState(kStateVersion));
    settings.setValue(QStringLiteral("panes"), m_panes->saveState());
    settings.setValue(QStringLiteral("historySplit"), m_history->splitter()->saveState());
    settings.setValue(QStringLiteral("detailsSplit"), m_history->detailsView()->splitter()->saveState());
    settings.setValue(QStringLiteral("historyColumns"), m_history->commitList()->header()->saveState());
    settings.setValue(QStringLiteral("pendingSplit"), m_pending->splitter()->saveState());
    settings.setValue(QStringLiteral("pendingUnified"), m_pending->unifiedButton()->isChecked());
    settings.endGroup();
}

void MainWindow::restoreSettings() {
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    if (settings.contains(QStringLiteral("geometry")))
        restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray(), kStateVersion);
    m_panes->restoreState(settings.value(QStringLiteral("panes")).toByteArray());
    m_history->splitter()->restoreState(settings.value(QStringLiteral("historySplit")).toByteArray());
    m_history->detailsView()->splitter()->restoreState(settings.value(QStringLiteral("detailsSplit")).toByteArray());
    m_history->commitList()->header()->restoreState(settings.value(QStringLiteral("historyColumns")).toByteArray());
    m_pending->splitter()->restoreState(settings.value(QStringLiteral("pendingSplit")).toByteArray());
    m_pending->unifiedButton()->setChecked(settings.value(QStringLiteral("pendingUnified"), false).toBool());
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace syncline::ui
