#include "ActionController.h"

#include "FetchProgressRelay.h"
#include "RepositoryController.h"
#include "actions/ActionActivity.h"
#include "actions/BranchResolver.h"
#include "actions/CombinedPromotePlanner.h"
#include "actions/PromotePlanner.h"
#include "actions/RevertPlanner.h"
#include "actions/RollbackPlanner.h"
#include "activity/ActivityLog.h"
#include "git/Pusher.h"
#include "git/Repository.h"
#include "git/RevisionInfo.h"
#include "git/SshCredentialProvider.h"
#include "util/SerialExecutor.h"

#include <QCoreApplication>

namespace syncline::models {

// The state of one action between its jobs; touched only on the executor's thread.
struct ActionController::Session {
    ActionRequest request;
    std::shared_ptr<const git::Repository> repository;
    std::unique_ptr<actions::ActionRunner> runner;
    std::unique_ptr<actions::ActionPlanner> planner;
    std::shared_ptr<const actions::ActionPreview> preview;
    std::optional<actions::ActionOutcome> outcome;
};

namespace {

util::Result<std::unique_ptr<actions::ActionPlanner>>
makePlanner(const git::Repository& repository, const workspace::WorkspaceConfig& config, const ActionRequest& request) {
    switch (request.kind) {
    case actions::ActionKind::Promote: {
        if (!request.units.empty()) {
            auto combined = actions::CombinedPromotePlanner::create(repository, config, request.units);
            if (!combined)
                return util::fail(combined.error());
            return std::unique_ptr<actions::ActionPlanner>(
                std::make_unique<actions::CombinedPromotePlanner>(std::move(*combined)));
        }
        auto planner = actions::PromotePlanner::create(repository, config, request.from, request.to, request.source);
        if (!planner)
            return util::fail(planner.error());
        return std::unique_ptr<actions::ActionPlanner>(std::make_unique<actions::PromotePlanner>(std::move(*planner)));
    }
    case actions::ActionKind::Revert: {
        QString branch = request.branch;
        if (branch.isEmpty()) {
            auto head = actions::BranchResolver::headBranch(repository);
            if (!head)
                return util::fail(head.error());
            branch = *head;
        }
        return std::unique_ptr<actions::ActionPlanner>(
            std::make_unique<actions::RevertPlanner>(branch, request.commit, request.mainline));
    }
    case actions::ActionKind::Rollback: {
        const workspace::Environment* environment = config.find(request.environment);
        if (!environment)
            return util::fail(util::ErrorCode::NotFound,
                              QCoreApplication::translate("ActionController", "no such environment in syncline.yaml"),
                              request.environment);
        auto planner = actions::RollbackPlanner::create(repository, *environment, request.commit);
        if (!planner)
            return util::fail(planner.error());
        return std::unique_ptr<actions::ActionPlanner>(std::make_unique<actions::RollbackPlanner>(std::move(*planner)));
    }
    }
    return util::fail(util::ErrorCode::InvalidArgument, QCoreApplication::translate("ActionController", "unknown action"));
}

} // namespace

ActionController::ActionController(RepositoryController* repositories, QObject* parent)
    : QObject(parent), m_repositories(repositories), m_executor(std::make_unique<util::SerialExecutor>()),
      m_credentials(git::SshCredentialProvider::makeDefault()) {
    connect(repositories, &RepositoryController::closed, this, [this] {
        m_job.abandon();
        m_prepared.reset();
        m_workspace.reset();
        m_workDir.clear();
    });
    // Kept across the re-read after each action (the controller forgets the workspace while
    // it reloads), so the next action can be previewed at once.
    connect(repositories, &RepositoryController::opened, this, [this](const RepositoryInfo& info) {
        if (info.workDir != m_workDir)
            m_workspace.reset();
        m_workDir = info.workDir;
    });
    connect(repositories, &RepositoryController::workspaceLoaded, this, [this] { m_workspace = m_repositories->workspace(); });
}

ActionController::~ActionController() {
    m_job.abandon();
    m_executor->waitForIdle();
}

void ActionController::setRemoteAccess(std::shared_ptr<git::CredentialProvider> credentials,
                                       std::shared_ptr<git::HostKeyPrompt> hostKeyPrompt) {
    m_credentials = credentials ? std::move(credentials) : git::SshCredentialProvider::makeDefault();
    m_hostKeyPrompt = std::move(hostKeyPrompt);
}

void ActionController::setBusy(bool busy) {
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void ActionController::preview(const ActionRequest& request) {
    const auto workspace = m_workspace;
    if (m_workDir.isEmpty() || !workspace) {
        Q_EMIT previewFailed(
            request, util::makeError(util::ErrorCode::InvalidArgument, tr("open a workspace with a syncline.yaml first")));
        return;
    }
    if (m_busy) {
        Q_EMIT previewFailed(request, util::makeError(util::ErrorCode::Conflict, tr("another action is still running")));
        return;
    }
    m_prepared.reset();
    m_outcome.reset();
    auto session = std::make_shared<Session>();
    session->request = request;
    m_session = session;
    setBusy(true);
    Q_EMIT previewStarted(request);
    m_job.start(
        this,
        [&](const util::CancellationToken&) {
            return m_executor->submit(
                [session, path = m_workDir, config = workspace->config]() -> util::Result<std::shared_ptr<const PreparedAction>> {
                    auto opened = git::Repository::open(path);
                    if (!opened)
                        return util::fail(opened.error());
                    session->repository = std::make_shared<const git::Repository>(std::move(*opened));
                    session->runner = std::make_unique<actions::ActionRunner>(session->repository, config);
                    auto planner = makePlanner(*session->repository, config, session->request);
                    if (!planner)
                        return util::fail(planner.error());
                    session->planner = std::move(*planner);
                    auto preview = session->runner->preview(*session->planner);
                    if (!preview)
                        return util::fail(preview.error());
                    session->preview = std::make_shared<const actions::ActionPreview>(std::move(*preview));
                    auto prepared = std::make_shared<PreparedAction>();
                    prepared->request = session->request;
                    prepared->preview = session->preview;
                    prepared->upstream = git::RevisionInfo::upstreamOf(*session->repository, session->preview->plan.branch);
                    return std::shared_ptr<const PreparedAction>(std::move(prepared));
                });
        },
        [this, request](util::Result<std::shared_ptr<const PreparedAction>> result) {
            setBusy(false);
            if (!result) {
                Q_EMIT previewFailed(request, result.error());
                return;
            }
            m_prepared = *result;
            Q_EMIT previewReady(m_prepared);
        });
}

void ActionController::run(bool push, bool sync) {
    if (m_busy || !m_prepared || !m_session || m_prepared->preview->isEmpty())
        return;
    setBusy(true);
    Q_EMIT runStarted();
    // A fresh token: a cancelled earlier step must not stop this one.
    m_job.start(
        this,
        [&](const util::CancellationToken& cancel) {
            // Progress of a run abandoned since (the repository closed) is not shown.
            auto relay =
                std::make_shared<FetchProgressRelay>(this, [this, cancel](const QString& stage, quint64 done, quint64 total) {
                    if (!cancel.isCancelled())
                        Q_EMIT runProgress(stage, done, total);
                });
            return m_executor->submit([session = m_session, push, relay, cancel, credentials = m_credentials,
                                       hostKeys = m_hostKeyPrompt]() -> util::Result<actions::ActionOutcome> {
                actions::ActionRunOptions options;
                options.push = push;
                options.credentials = credentials.get();
                options.hostKeyPrompt = hostKeys.get();
                options.progress = relay.get();
                options.cancel = cancel;
                auto outcome = session->runner->run(*session->planner, session->preview->plan, options);
                if (outcome)
                    session->outcome = *outcome;
                return outcome;
            });
        },
        [this, sync](util::Result<actions::ActionOutcome> result) {
            setBusy(false);
            recordActivity(result);
            if (!result) {
                Q_EMIT runFailed(result.error());
                return;
            }
            m_outcome = std::make_shared<const actions::ActionOutcome>(std::move(*result));
            if (m_outcome->newTip)
                m_repositories->refresh(); // the new commit in History, the new tip everywhere
            Q_EMIT runFinished(m_outcome);
            if (sync)
                requestSyncs(*m_outcome);
        });
}

void ActionController::requestSyncs(const actions::ActionOutcome& outcome) {
    if (!outcome.newTip || !m_prepared)
        return;
    // The engine deploys the upstream when the branch has one: sync only once the commit
    // is there, never the old remote revision in the new commit's name.
    if (!m_prepared->upstream.isEmpty() && !outcome.push)
        return;
    for (const QString& environment : syncEnvironments()) {
        reconcile::SyncRequest syncRequest;
        syncRequest.environment = environment;
        Q_EMIT syncRequested(syncRequest);
    }
}

QStringList ActionController::syncEnvironments() const {
    if (!m_prepared)
        return {};
    const ActionRequest& request = m_prepared->request;
    if (request.kind == actions::ActionKind::Promote && request.units.empty())
        return {request.to};
    if (request.kind == actions::ActionKind::Promote) {
        QStringList targets;
        for (const auto& unit : request.units)
            targets << unit.to;
        return targets;
    }
    if (!request.environment.isEmpty())
        return {request.environment};
    QStringList environments;
    for (const auto& change : m_prepared->preview->environments)
        environments << change.environment;
    return environments;
}

void ActionController::pushToNewBranch() {
    if (m_busy || !m_outcome || m_outcome->suggestedBranch.isEmpty() || !m_session)
        return;
    setBusy(true);
    Q_EMIT runStarted();
    const QString newBranch = m_outcome->suggestedBranch;
    m_job.start(
        this,
        [&](const util::CancellationToken& cancel) {
            return m_executor->submit([session = m_session, newBranch, cancel, credentials = m_credentials,
                                       hostKeys = m_hostKeyPrompt,
                                       branch = m_outcome->branch]() -> util::Result<git::PushOutcome> {
                git::PushRequest request;
                request.branch = branch;
                request.credentials = credentials.get();
                request.hostKeyPrompt = hostKeys.get();
                request.cancel = cancel;
                return git::Pusher::pushToNewBranch(*session->repository, request, newBranch);
            });
        },
        [this, newBranch](util::Result<git::PushOutcome> result) {
            setBusy(false);
            if (!result) {
                Q_EMIT newBranchFailed(result.error());
                return;
            }
            m_repositories->refresh(); // the new remote branch's pill
            Q_EMIT newBranchPushed(newBranch, result->pushedCommit);
        });
}

void ActionController::cancel() { m_job.cancel(); }

} // namespace syncline::models

namespace syncline::models {

void ActionController::recordActivity(const util::Result<actions::ActionOutcome>& result) const {
    if (!m_prepared)
        return;
    const actions::ActionPlan& plan = m_prepared->preview->plan;
    const QString root = m_repositories->path();
    activity::ActivityLog::record(result ? actions::ActionActivity::finished(plan, *result, root)
                                         : actions::ActionActivity::failed(plan, result.error(), root));
}

} // namespace syncline::models
