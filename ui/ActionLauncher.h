#pragma once

#include "ActionRequest.h"
#include "git/ObjectId.h"

#include <QObject>
#include <QPointer>

#include <vector>

class QAction;
class QMenu;
class QToolBar;

namespace syncline::models {
class ActionController;
}

namespace syncline::ui {

class ActionPreviewDialog;
class MainWindow;

// Where the window offers Promote / Revert / Rollback: the Actions menu ("Promote dev →
// staging" along the promotion order), the toolbar's Promote button for the selected
// environment, the History pane's commit menu ("Revert this commit", "Roll <env> back to
// here") and the Sync state row menu ("Promote <env> → <next>", "Roll <env> back to the
// previously deployed revision"), and an environment header's menu ("Promote all of staging
// → prod": one preview per application, in sequence). Every entry opens the preview dialog; nothing is written
// before the user confirms there.
class ActionLauncher : public QObject {
    Q_OBJECT
public:
    ActionLauncher(MainWindow* window, QMenu* actionsMenu, QToolBar* toolbar);

    models::ActionController* controller() const { return m_controller; }
    QAction* promoteAction() const { return m_promote; }
    // Opens the preview dialog for `request` (one at a time: a second request raises the
    // open dialog). Returns the dialog.
    ActionPreviewDialog* open(const models::ActionRequest& request);
    ActionPreviewDialog* currentDialog() const;

    // The promotion after `environment`, at its deployed revision when the cluster says.
    std::optional<models::ActionRequest> promotionFrom(const QString& environment) const;
    // Promote of every application of `place` to the next environment, in the pane's order,
    // each marked "n of N".
    std::vector<models::ActionRequest> promotionsFromPlace(const QString& place) const;
    // Opens the previews of `requests` one after the other (`what` names the series).
    void openInSequence(std::vector<models::ActionRequest> requests, const QString& what);
    // Rollback of `environment` to what ran before its deployed revision, when recorded.
    std::optional<models::ActionRequest> rollbackToPrevious(const QString& environment) const;

private:
    void rebuildActionsMenu();
    void updatePromoteAction();
    void addCommitActions(QMenu* menu, const git::ObjectId& commit, int parentCount);
    void addEnvironmentActions(QMenu* menu, const QString& environment);
    void addPlaceActions(QMenu* menu, const QString& place);
    void addPromoteAll(QMenu* menu, const QString& place, bool sayWhyNot);

    MainWindow* m_window;
    models::ActionController* m_controller;
    QMenu* m_menu;
    QAction* m_promote;
    QPointer<ActionPreviewDialog> m_dialog;
};

} // namespace syncline::ui
