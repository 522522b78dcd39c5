#pragma once

#include "actions/ActionPlanner.h"
#include "actions/ActionPreview.h"
#include "git/Pusher.h"
#include "util/CancellationToken.h"
#include "util/Result.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/WorkspaceConfig.h"

#include <functional>
#include <memory>
#include <optional>

namespace syncline::util {
class ProgressSink;
}

namespace syncline::git {
class CredentialProvider;
class HostKeyPrompt;
} // namespace syncline::git

namespace syncline::actions {

using PushFunction = std::function<util::Result<git::PushOutcome>(const git::Repository&, const git::PushRequest&)>;

struct ActionRunOptions {
    bool push = false;
    QString remote = QStringLiteral("origin");
    git::CredentialProvider* credentials = nullptr;
    git::HostKeyPrompt* hostKeyPrompt = nullptr;
    util::ProgressSink* progress = nullptr;
    util::CancellationToken cancel;
    int maxPushAttempts = 5;
    // Sync comes from the reconcile engine: the runner only reports that it was asked for
    // (ActionOutcome::syncRequested) and the caller starts it.
    bool requestSync = false;
    // Bring the checked-out branch's working tree along when it was clean (default on).
    bool updateWorkTree = true;
    // Empty: git::Pusher::push. Tests and the benchmark may substitute.
    PushFunction pushFunction;
};

struct ActionOutcome {
    ActionKind kind = ActionKind::Promote;
    QString branch;
    git::ObjectId previousTip;
    std::optional<git::ObjectId> newTip; // the branch's tip afterwards (after push rebuilds); empty: nothing done
    bool fastForward = false;            // the branch moved to an existing commit, none was written
    bool pushAttempted = false;
    std::optional<git::PushOutcome> push;
    std::optional<util::Error> pushError; // the commit exists locally; the push failed
    QString suggestedBranch;              // after a hook/protected-branch rejection: "syncline/<action>-<short>"
    bool workTreeUpdated = false;
    bool syncRequested = false;
    QStringList warnings;
};

// Runs an action: preview, then commit (CommitWriter, compare-and-swap from the planned
// tip, reflog "syncline: <action>"), optional push (Pusher, never forced; a non-fast-forward
// rejection re-plans the same action on the remote tip, only when every commit the branch
// had before the action is on the remote: a retry replaces the action's own commit and
// nothing else), then brings the checked-out
// working tree along only if it was clean. Refuses up front on a detached HEAD, a merge or
// rebase in progress, or an index.lock where a checkout is needed. Synchronous: run it on
// the repository's serial executor.
class ActionRunner {
public:
    ActionRunner(std::shared_ptr<const git::Repository> repository, workspace::WorkspaceConfig config);

    // Plans on the branch's current tip and previews the result, with the commits a push
    // to `remote` would publish along with it.
    util::Result<ActionPreview> preview(const ActionPlanner& planner, const QString& remote = QStringLiteral("origin"));
    // Writes `plan` (from preview()). A concurrent local change (the branch moved since
    // planning) fails with Conflict and writes nothing. A push failure is not an error of
    // the run: the commit exists, ActionOutcome::pushError says what happened.
    util::Result<ActionOutcome> run(const ActionPlanner& planner, const ActionPlan& plan, const ActionRunOptions& options);

    workspace::EnvironmentRenderer& renderer() { return m_renderer; }
    const workspace::WorkspaceConfig& config() const { return m_config; }

private:
    // The branch's work tree as found before writing.
    struct WorkTree {
        bool checkedOut = false; // the branch is HEAD of a non-bare repository
        bool wasClean = false;   // its index and work tree matched HEAD
    };
    util::Result<WorkTree> checkBeforeWriting(const ActionPlan& plan, const ActionRunOptions& options) const;
    void push(const ActionPlanner& planner, const ActionPlan& plan, const ActionRunOptions& options, ActionOutcome& outcome);
    void updateWorkTree(const ActionPlan& plan, const WorkTree& workTree, ActionOutcome& outcome) const;
    util::Result<git::ObjectId> apply(const ActionPlan& plan, const git::ObjectId& localTip,
                                      const std::optional<git::ObjectId>& parent);

    std::shared_ptr<const git::Repository> m_repository;
    workspace::WorkspaceConfig m_config;
    workspace::EnvironmentRenderer m_renderer;
};

} // namespace syncline::actions
