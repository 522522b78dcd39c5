#pragma once

#include "ActionRequest.h"
#include "actions/ActionPreview.h"
#include "actions/ActionRunner.h"
#include "reconcile/SyncRequest.h"
#include "util/CancellationToken.h"
#include "util/Error.h"
#include "util/LatestJob.h"
#include "workspace/WorkspaceLoader.h"

#include <QObject>

#include <memory>

namespace syncline::git {
class CredentialProvider;
class HostKeyPrompt;
} // namespace syncline::git
namespace syncline::util {
class SerialExecutor;
}

namespace syncline::models {

class RepositoryController;

// What the preview dialog shows: the planned commit and whether the branch has an
// upstream (then Sync after the action deploys what was pushed).
struct PreparedAction {
    ActionRequest request;
    std::shared_ptr<const actions::ActionPreview> preview;
    QString upstream; // "refs/remotes/origin/main", empty when the branch has none
};

// Runs Promote / Revert / Rollback for the window: preview, then commit → push → the
// caller's sync, off the GUI thread on its own serial executor (its own repository
// handle, so history paging never waits behind a push). The repository controller is
// told to re-read afterwards; the engine is asked to sync through syncRequested().
class ActionController : public QObject {
    Q_OBJECT
public:
    explicit ActionController(RepositoryController* repositories, QObject* parent = nullptr);
    ~ActionController() override;

    // Where pushes get credentials and ask about unknown SSH hosts (the app's keychain
    // chain and dialogs); none: ssh-agent and key files only, unknown hosts refused.
    void setRemoteAccess(std::shared_ptr<git::CredentialProvider> credentials, std::shared_ptr<git::HostKeyPrompt> hostKeyPrompt);

    bool isBusy() const { return m_busy; }
    // What "Sync afterwards" syncs for the prepared action: Promote its target, Rollback its
    // environment, Revert the environment it was asked from (else every changed one).
    QStringList syncEnvironments() const;

public Q_SLOTS:
    // Plans on the branch tip and previews it: previewReady() or previewFailed().
    void preview(const syncline::models::ActionRequest& request);
    // Writes the previewed plan (compare-and-swap from the previewed tip), pushes when
    // asked, then emits syncRequested for the affected environments when `sync` and the
    // commit reached what the engine deploys. runFinished() or runFailed().
    void run(bool push, bool sync);
    // After a hook/protected-branch rejection: publishes the commit on the suggested
    // "syncline/<action>-<short>" branch instead. newBranchPushed() or newBranchFailed().
    void pushToNewBranch();
    void cancel();

Q_SIGNALS:
    void previewStarted(const syncline::models::ActionRequest& request);
    void previewReady(std::shared_ptr<const syncline::models::PreparedAction> prepared);
    void previewFailed(const syncline::models::ActionRequest& request, const syncline::util::Error& error);
    void runStarted();
    void runProgress(const QString& stage, quint64 done, quint64 total);
    void runFinished(std::shared_ptr<const syncline::actions::ActionOutcome> outcome);
    void runFailed(const syncline::util::Error& error);
    void newBranchPushed(const QString& branch, const syncline::git::ObjectId& commit);
    void newBranchFailed(const syncline::util::Error& error);
    void syncRequested(const syncline::reconcile::SyncRequest& request);
    void busyChanged(bool busy);

private:
    // The run's outcome goes to the activity log (the Activity dock, `syncline activity`).
    void recordActivity(const util::Result<actions::ActionOutcome>& result) const;
    struct Session;
    void setBusy(bool busy);
    void requestSyncs(const actions::ActionOutcome& outcome);

    RepositoryController* m_repositories;
    QString m_workDir;
    std::shared_ptr<const workspace::Workspace> m_workspace;
    std::unique_ptr<util::SerialExecutor> m_executor;
    std::shared_ptr<Session> m_session; // used only inside jobs once submitted
    std::shared_ptr<const PreparedAction> m_prepared;
    std::shared_ptr<const actions::ActionOutcome> m_outcome;
    std::shared_ptr<git::CredentialProvider> m_credentials; // never null: ssh-agent and key files until set
    std::shared_ptr<git::HostKeyPrompt> m_hostKeyPrompt;
    bool m_busy = false;
    // Preview, run and push, one at a time: a close drops the result of the one running.
    // Declared last: destroyed (cancelling and waiting for its job) first.
    util::LatestJob m_job;
};

} // namespace syncline::models
