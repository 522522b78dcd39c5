#include "actions/ActionRunner.h"

#include "actions/BranchResolver.h"
#include "actions/PreviewBuilder.h"
#include "actions/UnpublishedCommits.h"
#include "git/CommitWriter.h"
#include "git/LocalChanges.h"
#include "git/TreeOperations.h"

#include <QDir>
#include <QFileInfo>

namespace syncline::actions {

namespace {

util::Result<git::PushOutcome> defaultPush(const git::Repository& repository, const git::PushRequest& request) {
    return git::Pusher::push(repository, request);
}

bool isCancelled(const ActionRunOptions& options) { return options.cancel.isCancelled(); }

// True when the work tree and index match HEAD (untracked files do not count: a
// fast-forward never overwrites them, it stops instead).
util::Result<bool> workTreeClean(const git::Repository& repository) {
    auto changes = git::LocalChanges::load(repository, 0, 100000);
    if (!changes)
        return util::fail(changes.error());
    for (const git::StatusEntry& entry : changes->files)
        if (!(entry.index == '?' && entry.workTree == '?') && (entry.index != ' ' || entry.workTree != ' '))
            return false;
    return !changes->filesTruncated;
}

} // namespace

ActionRunner::ActionRunner(std::shared_ptr<const git::Repository> repository, workspace::WorkspaceConfig config)
    : m_repository(std::move(repository)), m_config(std::move(config)), m_renderer(m_repository) {}

util::Result<ActionPreview> ActionRunner::preview(const ActionPlanner& planner, const QString& remote) {
    auto tip = BranchResolver::tipOf(*m_repository, planner.branch());
    if (!tip)
        return util::fail(tip.error());
    auto plan = planner.plan(*m_repository, *tip);
    if (!plan)
        return util::fail(plan.error());
    auto preview = PreviewBuilder::build(m_renderer, m_config, *plan);
    if (preview)
        preview->unpublished = UnpublishedCommits::of(*m_repository, remote, plan->branch, *tip);
    return preview;
}

util::Result<git::ObjectId> ActionRunner::apply(const ActionPlan& plan, const git::ObjectId& localTip,
                                                const std::optional<git::ObjectId>& parent) {
    if (plan.fastForwardTo) {
        if (auto moved =
                git::CommitWriter::moveBranch(*m_repository, plan.branch, localTip, *plan.fastForwardTo, plan.reflogMessage());
            !moved)
            return util::fail(moved.error());
        return *plan.fastForwardTo;
    }
    git::CommitRequest request = plan.commitRequest();
    request.expectedTip = localTip;
    request.parent = parent;
    return git::CommitWriter::commit(*m_repository, request);
}

// Refuses before writing anything: an operation in progress, a locked index where the
// work tree would be updated, a branch that moved since the preview, a cancel.
util::Result<ActionRunner::WorkTree> ActionRunner::checkBeforeWriting(const ActionPlan& plan,
                                                                      const ActionRunOptions& options) const {
    const git::Repository& repository = *m_repository;
    if (auto idle = git::TreeOperations::checkNoOperationInProgress(repository); !idle)
        return util::fail(idle.error());
    auto head = repository.head();
    if (!head)
        return util::fail(head.error());
    WorkTree workTree;
    workTree.checkedOut = !repository.isBare() && !head->detached && head->branch == plan.branch;
    if (workTree.checkedOut && options.updateWorkTree) {
        const QString lock = QDir(repository.gitDir()).filePath(QStringLiteral("index.lock"));
        if (QFileInfo::exists(lock))
            return util::fail(util::ErrorCode::Conflict,
                              QStringLiteral("another Git process holds the index (index.lock exists); if none is running, "
                                             "remove the stale lock file and try again"),
                              lock);
        auto clean = workTreeClean(repository);
        if (!clean)
            return util::fail(clean.error());
        workTree.wasClean = *clean;
    }
    auto current = BranchResolver::tipOf(repository, plan.branch);
    if (!current)
        return util::fail(current.error());
    if (*current != plan.expectedTip)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch moved from %1 to %2 since the preview (a commit made meanwhile); "
                                         "nothing was written — review the action again")
                              .arg(plan.expectedTip.shortHex(), current->shortHex()),
                          plan.branch);
    if (isCancelled(options))
        return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled; nothing was written"));
    return workTree;
}

// Pushes the written commit. When the remote moved, the push calls back to rebuild: the
// same action is planned again on the remote tip and replaces our commit, but only when
// that keeps every commit the branch had before (checkRebuildKeepsHistory). A failed push
// is reported in the outcome, not as an error: the commit exists locally.
void ActionRunner::push(const ActionPlanner& planner, const ActionPlan& plan, const ActionRunOptions& options,
                        ActionOutcome& outcome) {
    if (isCancelled(options)) {
        outcome.warnings << QStringLiteral("cancelled before the push; the commit is kept locally");
        return;
    }
    const git::Repository& repository = *m_repository;
    outcome.pushAttempted = true;
    git::ObjectId localTip = *outcome.newTip;
    git::PushRequest request;
    request.remote = options.remote;
    request.branch = plan.branch;
    request.credentials = options.credentials;
    request.progress = options.progress;
    request.cancel = options.cancel;
    request.maxAttempts = options.maxPushAttempts;
    request.hostKeyPrompt = options.hostKeyPrompt;
    request.rebuild = [&](const git::ObjectId& remoteTip) -> util::Result<git::ObjectId> {
        if (auto kept =
                UnpublishedCommits::checkRebuildKeepsHistory(repository, plan.branch, plan.expectedTip, remoteTip, localTip);
            !kept)
            return util::fail(kept.error());
        auto again = planner.plan(repository, remoteTip);
        if (!again)
            return util::fail(again.error());
        if (again->isEmpty())
            return util::fail(util::ErrorCode::Conflict,
                              QStringLiteral("the remote branch already has an equivalent change; your commit is kept locally"),
                              plan.branch);
        auto rebuilt = apply(*again, localTip, remoteTip);
        if (!rebuilt)
            return util::fail(rebuilt.error());
        localTip = *rebuilt;
        return *rebuilt;
    };
    const PushFunction pushFunction = options.pushFunction ? options.pushFunction : PushFunction(defaultPush);
    auto pushed = pushFunction(repository, request);
    outcome.newTip = localTip;
    if (pushed) {
        outcome.push = *pushed;
    } else {
        outcome.pushError = pushed.error();
        if (pushed.error().code == util::ErrorCode::Rejected)
            outcome.suggestedBranch = git::Pusher::suggestedBranchName(actionName(plan.kind), localTip);
    }
}

// Brings a checked-out branch's work tree along, only when it was clean: uncommitted
// changes are the user's and are never merged or overwritten.
void ActionRunner::updateWorkTree(const ActionPlan& plan, const WorkTree& workTree, ActionOutcome& outcome) const {
    if (!workTree.wasClean) {
        outcome.warnings << QStringLiteral("the working tree of '%1' has uncommitted changes, so it was left as it was; "
                                           "'git status' shows the new commit's changes reversed until you bring it along "
                                           "(git read-tree -m -u %2 %3)")
                                .arg(plan.branch, plan.expectedTip.shortHex(), outcome.newTip->shortHex());
    } else if (auto updated = m_repository->fastForwardWorkTree(plan.expectedTip, *outcome.newTip); updated) {
        outcome.workTreeUpdated = true;
    } else {
        outcome.warnings << QStringLiteral("the working tree was not updated: %1").arg(updated.error().toString());
    }
}

util::Result<ActionOutcome> ActionRunner::run(const ActionPlanner& planner, const ActionPlan& plan,
                                              const ActionRunOptions& options) {
    ActionOutcome outcome;
    outcome.kind = plan.kind;
    outcome.branch = plan.branch;
    outcome.previousTip = plan.expectedTip;
    outcome.warnings = plan.warnings;
    if (plan.isEmpty()) {
        outcome.warnings << QStringLiteral("nothing to commit: '%1' already has this change").arg(plan.branch);
        return outcome;
    }
    auto workTree = checkBeforeWriting(plan, options);
    if (!workTree)
        return util::fail(workTree.error());

    auto written = apply(plan, plan.expectedTip, std::nullopt);
    if (!written)
        return util::fail(written.error());
    outcome.newTip = *written;
    outcome.fastForward = plan.fastForwardTo.has_value();

    if (options.push)
        push(planner, plan, options, outcome);
    if (workTree->checkedOut && options.updateWorkTree)
        updateWorkTree(plan, *workTree, outcome);
    outcome.syncRequested = options.requestSync;
    return outcome;
}

} // namespace syncline::actions
