#pragma once

#include "ActionRequest.h"
#include "actions/ActionRunner.h"
#include "util/Error.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace syncline::models {
class ActionController;
struct PreparedAction;
} // namespace syncline::models

namespace syncline::ui {

class DiffView;

// The one place a Promote / Revert / Rollback is confirmed: the commit to be made
// (message, changed files with their diff) and the rendered-manifest diff of every
// environment whose output changes; then Commit, or Commit & Push (with "Sync afterwards"),
// progress with Cancel, and the outcome (new commit, push result, the offer to push to a
// new branch after a protected-branch rejection). Nothing is written before a button.
class ActionPreviewDialog : public QDialog {
    Q_OBJECT
public:
    ActionPreviewDialog(models::ActionController* controller, const models::ActionRequest& request, QWidget* parent = nullptr);

    // Asks the controller for the preview (the dialog shows "Preparing…" until it comes).
    void start();

    // For tests and accessibility: what the dialog shows now.
    QString titleText() const;
    QString messageText() const;
    QString summaryText() const;
    QStringList fileNames() const;
    QStringList environmentNames() const;
    QString environmentPatch(const QString& environment) const;
    QString outcomeText() const;
    QPushButton* commitButton() const { return m_commit; }
    QPushButton* commitPushButton() const { return m_commitPush; }
    QPushButton* newBranchButton() const { return m_newBranch; }
    QPushButton* cancelButton() const { return m_cancel; }
    QCheckBox* syncAfterBox() const { return m_syncAfter; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    // The action wrote something (for the window's status bar).
    void actionFinished(const QString& summary);

protected:
    void reject() override;

private:
    void buildTabs();
    void buildRunControls();
    QDialogButtonBox* buildButtons();
    void connectButtons();
    void connectController();
    void onPreviewReady(const std::shared_ptr<const models::PreparedAction>& prepared);
    void onPreviewFailed(const util::Error& error);
    void onRunFinished(const actions::ActionOutcome& outcome);
    void onRunFailed(const util::Error& error);
    void startRun(bool push);
    void setRunning(bool running, const QString& status = {});
    void showFile(int row);
    void showEnvironment(int row);
    void showOutcome(const QString& text, bool error);

    models::ActionController* m_controller;
    models::ActionRequest m_request;
    std::shared_ptr<const models::PreparedAction> m_prepared;
    QLabel* m_title;
    QLabel* m_summary;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_message;
    QListWidget* m_files;
    DiffView* m_fileDiff;
    QListWidget* m_environments;
    DiffView* m_renderedDiff;
    QCheckBox* m_syncAfter;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_outcome;
    QPushButton* m_commit;
    QPushButton* m_commitPush;
    QPushButton* m_newBranch;
    QPushButton* m_cancel;
    bool m_running = false;
    bool m_finished = false;
};

} // namespace syncline::ui
