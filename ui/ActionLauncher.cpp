#include "ActionLauncher.h"

#include "ActionController.h"
#include "ActionPreviewDialog.h"
#include "EnvironmentSelector.h"
#include "HistoryPane.h"
#include "MainWindow.h"
#include "RepositoryController.h"
#include "SyncStateModel.h"
#include "SyncStatePane.h"
#include "actions/PromotePlanner.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>
#include <QToolBar>

namespace syncline::ui {

ActionLauncher::ActionLauncher(MainWindow* window, QMenu* actionsMenu, QToolBar* toolbar)
    : QObject(window), m_window(window), m_controller(new models::ActionController(window->controller(), this)),
      m_menu(actionsMenu) {
    m_promote = new QAction(QStringLiteral("Promote"), this);
    m_promote->setToolTip(QStringLiteral("Bring the next environment in the promotion order to what this one runs"));
    m_promote->setEnabled(false);
    connect(m_promote, &QAction::triggered, this, [this] {
        if (auto request = promotionFrom(m_window->currentEnvironment()))
            open(*request);
    });
    toolbar->addAction(m_promote);
    connect(m_menu, &QMenu::aboutToShow, this, &ActionLauncher::rebuildActionsMenu);
    rebuildActionsMenu(); // the menu has entries (disabled) before a workspace opens

    auto* repositories = window->controller();
    connect(repositories, &models::RepositoryController::workspaceLoaded, this, &ActionLauncher::updatePromoteAction);
    connect(repositories, &models::RepositoryController::closed, this, &ActionLauncher::updatePromoteAction);
    connect(window->environmentSelector(), &EnvironmentSelector::environmentSelected, this, &ActionLauncher::updatePromoteAction);
    connect(window->historyPane(), &HistoryPane::commitMenuAboutToShow, this, &ActionLauncher::addCommitActions);
    connect(window->syncStatePane(), &SyncStatePane::environmentMenuAboutToShow, this, &ActionLauncher::addEnvironmentActions);
    // Sync after an action goes through the window like any Sync the user asks for.
    connect(m_controller, &models::ActionController::syncRequested, window, &MainWindow::syncRequested);
}

ActionPreviewDialog* ActionLauncher::open(const models::ActionRequest& request) {
    if (m_dialog) {
        if (!m_dialog->isFinished()) {
            m_dialog->raise();
            m_dialog->activateWindow();
            return m_dialog;
        }
        m_dialog->close();
    }
    m_dialog = new ActionPreviewDialog(m_controller, request, m_window);
    connect(m_dialog, &ActionPreviewDialog::actionFinished, m_window,
            [window = m_window](const QString& summary) { window->statusBar()->showMessage(summary, 10000); });
    m_dialog->show();
    m_dialog->start();
    return m_dialog;
}

ActionPreviewDialog* ActionLauncher::currentDialog() const { return m_dialog; }

std::optional<models::ActionRequest> ActionLauncher::promotionFrom(const QString& environment) const {
    const auto& workspace = m_window->controller()->workspace();
    if (!workspace || environment.isEmpty())
        return std::nullopt;
    const auto next = actions::PromotePlanner::nextEnvironment(workspace->config, environment);
    if (!next)
        return std::nullopt;
    // Promote what `from` runs: its deployed revision when the cluster told us.
    std::optional<git::ObjectId> source;
    if (const auto snapshot = m_window->syncStateModel()->snapshot(environment); snapshot && snapshot->deployed)
        source = snapshot->deployed->commit;
    return models::ActionRequest::promote(environment, *next, source);
}

std::optional<models::ActionRequest> ActionLauncher::rollbackToPrevious(const QString& environment) const {
    const auto snapshot = m_window->syncStateModel()->snapshot(environment);
    if (!snapshot || !snapshot->deployed || !snapshot->deployed->previous)
        return std::nullopt;
    return models::ActionRequest::rollback(environment, *snapshot->deployed->previous);
}

void ActionLauncher::rebuildActionsMenu() {
    m_menu->clear();
    const auto& workspace = m_window->controller()->workspace();
    bool any = false;
    if (workspace) {
        for (const auto& environment : workspace->config.environments) {
            auto request = promotionFrom(environment.name);
            if (!request)
                continue;
            any = true;
            m_menu->addAction(request->title(), this, [this, request = *request] { open(request); });
        }
    }
    if (!any)
        m_menu->addAction(QStringLiteral("Promote (no promotion order in syncline.yaml)"))->setEnabled(false);
    m_menu->addSeparator();
    QAction* hint = m_menu->addAction(QStringLiteral("Revert or roll back: right-click a commit in History"));
    hint->setEnabled(false);
}

void ActionLauncher::updatePromoteAction() {
    const auto request = promotionFrom(m_window->currentEnvironment());
    m_promote->setEnabled(request.has_value());
    m_promote->setText(request ? request->title() : QStringLiteral("Promote"));
}

void ActionLauncher::addCommitActions(QMenu* menu, const git::ObjectId& commit, int parentCount) {
    const auto& workspace = m_window->controller()->workspace();
    menu->addSeparator();
    // Revert on the selected environment's branch (directory layouts: the checked-out one).
    QString branch;
    if (workspace)
        if (const auto* environment = workspace->config.find(m_window->currentEnvironment()))
            branch = environment->branch;
    if (parentCount > 1) {
        for (int parent = 1; parent <= parentCount; ++parent)
            menu->addAction(QStringLiteral("Revert this merge, keeping parent %1").arg(parent), this,
                            [this, commit, branch, parent] {
                                open(models::ActionRequest::revert(commit, branch, parent, m_window->currentEnvironment()));
                            });
    } else {
        QAction* revert = menu->addAction(QStringLiteral("Revert this commit…"), this, [this, commit, branch] {
            open(models::ActionRequest::revert(commit, branch, 0, m_window->currentEnvironment()));
        });
        revert->setEnabled(parentCount == 1);
    }
    if (!workspace)
        return;
    for (const auto& environment : workspace->config.environments)
        menu->addAction(QStringLiteral("Roll %1 back to here…").arg(environment.name), this,
                        [this, commit, name = environment.name] { open(models::ActionRequest::rollback(name, commit)); });
}

void ActionLauncher::addEnvironmentActions(QMenu* menu, const QString& environment) {
    menu->addSeparator();
    if (const auto request = promotionFrom(environment))
        menu->addAction(request->title() + QStringLiteral("…"), this, [this, request = *request] { open(request); });
    if (const auto request = rollbackToPrevious(environment)) {
        menu->addAction(
            QStringLiteral("Roll %1 back to the previously deployed %2…").arg(environment, request->commit.shortHex()), this,
            [this, request = *request] { open(request); });
    } else {
        QAction* none = menu->addAction(QStringLiteral("Roll back to the previously deployed revision"));
        none->setEnabled(false);
        none->setToolTip(QStringLiteral("The cluster has not recorded an earlier revision; use History → Roll %1 back to here")
                             .arg(environment));
    }
}

} // namespace syncline::ui
