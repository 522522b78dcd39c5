#include "ActionLauncher.h"

#include "ActionController.h"
#include "ActionPreviewDialog.h"
#include "EnvironmentListModel.h"
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
    m_promote = new QAction(tr("Promote"), this);
    m_promote->setToolTip(tr("Bring the next environment in the promotion order to what this one runs"));
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
    connect(window->syncStatePane(), &SyncStatePane::placeMenuAboutToShow, this, &ActionLauncher::addPlaceActions);
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
    auto request = models::ActionRequest::promote(environment, *next, source);
    const auto* from = workspace->config.find(environment);
    const auto* to = workspace->config.find(*next);
    if (from && to && !from->application.isEmpty() && !from->place.isEmpty() && !to->place.isEmpty()) {
        request.application = from->application;
        request.fromPlace = from->place;
        request.toPlace = to->place;
    }
    return request;
}

std::vector<models::ActionRequest> ActionLauncher::promotionsFromPlace(const QString& place) const {
    std::vector<models::ActionRequest> requests;
    for (const QString& unit : m_window->syncStateModel()->unitsOf(place))
        if (auto request = promotionFrom(unit))
            requests.push_back(*request);
    for (std::size_t i = 0; i < requests.size(); ++i)
        requests[i].step = tr("%1 of %2").arg(i + 1).arg(requests.size());
    return requests;
}

// One preview per application, one after the other: the next opens when the previous one
// has done its work; cancelling one stops the series (nothing else pops up unasked).
void ActionLauncher::openInSequence(std::vector<models::ActionRequest> requests, const QString& what) {
    if (requests.empty())
        return;
    if (m_dialog && !m_dialog->isFinished()) { // another action is being previewed: never two at once
        m_window->statusBar()->showMessage(
            tr("%1 stopped: another preview is open; start it again when that one is done").arg(what), 10000);
        m_dialog->raise();
        return;
    }
    const models::ActionRequest first = requests.front();
    requests.erase(requests.begin());
    ActionPreviewDialog* dialog = open(first);
    connect(dialog, &QDialog::finished, this, [this, dialog, rest = std::move(requests), what]() mutable {
        if (rest.empty())
            return;
        if (!dialog->isFinished()) {
            m_window->statusBar()->showMessage(
                tr("%1 stopped: %2 not previewed")
                    .arg(what)
                    .arg(rest.size() == 1 ? tr("1 application") : tr("%1 applications").arg(rest.size())),
                10000);
            return;
        }
        QMetaObject::invokeMethod(
            this, [this, rest = std::move(rest), what] { openInSequence(rest, what); }, Qt::QueuedConnection);
    });
}

void ActionLauncher::addPlaceActions(QMenu* menu, const QString& place) {
    menu->addSeparator();
    addPromoteAll(menu, place, true);
}

// "Promote all of staging → prod…"; `sayWhyNot`: a disabled entry when nothing follows.
void ActionLauncher::addPromoteAll(QMenu* menu, const QString& place, bool sayWhyNot) {
    auto requests = promotionsFromPlace(place);
    if (requests.empty()) {
        if (sayWhyNot)
            menu->addAction(tr("Promote all of %1 (nothing comes after it)").arg(place))->setEnabled(false);
        return;
    }
    const models::ActionRequest& first = requests.front();
    const QString what = tr("Promote all of %1 → %2").arg(place, first.toPlace.isEmpty() ? first.to : first.toPlace);
    // One application: its own promotion. Several: one combined commit, and the series of
    // one preview per application for whoever wants them apart.
    if (requests.size() == 1) {
        menu->addAction(what + QStringLiteral("…"), this, [this, request = first] { open(request); });
        return;
    }
    QAction* all = menu->addAction(what + QStringLiteral("…"), this,
                                   [this, request = models::ActionRequest::promoteAll(requests)] { open(request); });
    all->setToolTip(tr("One preview and one commit for all %1 applications").arg(requests.size()));
    const QString each = tr("Promote each application of %1 → %2").arg(place, first.toPlace);
    QAction* series =
        menu->addAction(tr("%1 on its own…").arg(each), this, [this, requests, each] { openInSequence(requests, each); });
    series->setToolTip(tr("One preview and one commit per application (%1), one after the other").arg(requests.size()));
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
        m_menu->addAction(tr("Promote (no promotion order in syncline.yaml)"))->setEnabled(false);
    if (workspace && workspace->config.hasApplications()) {
        m_menu->addSeparator();
        for (const QString& place : workspace->config.environmentNames())
            addPromoteAll(m_menu, place, false);
    }
    m_menu->addSeparator();
    QAction* hint = m_menu->addAction(tr("Revert or roll back: right-click a commit in History"));
    hint->setEnabled(false);
}

void ActionLauncher::updatePromoteAction() {
    const auto request = promotionFrom(m_window->currentEnvironment());
    m_promote->setEnabled(request.has_value());
    m_promote->setText(request ? request->title() : tr("Promote"));
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
            menu->addAction(tr("Revert this merge, keeping parent %1").arg(parent), this, [this, commit, branch, parent] {
                open(models::ActionRequest::revert(commit, branch, parent, m_window->currentEnvironment()));
            });
    } else {
        QAction* revert = menu->addAction(tr("Revert this commit…"), this, [this, commit, branch] {
            open(models::ActionRequest::revert(commit, branch, 0, m_window->currentEnvironment()));
        });
        revert->setEnabled(parentCount == 1);
    }
    if (!workspace)
        return;
    for (const auto& environment : workspace->config.environments)
        menu->addAction(tr("Roll %1 back to here…").arg(models::EnvironmentListModel::label(environment)), this,
                        [this, commit, name = environment.name] { open(models::ActionRequest::rollback(name, commit)); });
}

void ActionLauncher::addEnvironmentActions(QMenu* menu, const QString& environment) {
    menu->addSeparator();
    if (const auto request = promotionFrom(environment))
        menu->addAction(request->title() + QStringLiteral("…"), this, [this, request = *request] { open(request); });
    if (const auto request = rollbackToPrevious(environment)) {
        menu->addAction(tr("Roll %1 back to the previously deployed %2…").arg(environment, request->commit.shortHex()), this,
                        [this, request = *request] { open(request); });
    } else {
        QAction* none = menu->addAction(tr("Roll back to the previously deployed revision"));
        none->setEnabled(false);
        none->setToolTip(
            tr("The cluster has not recorded an earlier revision; use History → Roll %1 back to here").arg(environment));
    }
}

} // namespace syncline::ui
