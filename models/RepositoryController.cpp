#include "RepositoryController.h"

#include "FetchProgressRelay.h"
#include "git/Remote.h"
#include "git/SshCredentialProvider.h"
#include "workspace/WorkspaceLoader.h"

#include "ComparisonSnapshot.h"
#include "EnvironmentListModel.h"
#include "HistoryModel.h"
#include "LocalChangesModel.h"
#include "WorkspaceJobs.h"

#include "git/Decorations.h"
#include "git/GraphLayout.h"
#include "git/HistoryWalker.h"
#include "git/LocalChanges.h"
#include "util/Result.h"
#include "util/SerialExecutor.h"

#include <QDateTime>

#include <algorithm>

namespace syncline::models {

namespace {

struct Opened {
    std::shared_ptr<git::Repository> repository;
    std::shared_ptr<const git::Decorations> decorations;
    RepositoryInfo info;
};

struct PageResult {
    std::vector<HistoryRow> rows;
    bool atEnd = true;
    bool reachedShallowBoundary = false;
    std::optional<util::Error> error;
};

util::Result<Opened> openOnWorker(const QString& path) {
    auto repository = git::Repository::open(path);
    if (!repository)
        return util::fail(repository.error());
    Opened opened;
    opened.repository = std::make_shared<git::Repository>(std::move(*repository));
    const git::Repository& repo = *opened.repository;
    opened.info.path = path;
    opened.info.workDir = repo.workDir();
    opened.info.gitDir = repo.gitDir();
    opened.info.bare = repo.isBare();
    opened.info.empty = repo.isEmpty();
    opened.info.shallow = repo.isShallow();
    auto head = repo.head();
    if (!head)
        return util::fail(head.error());
    opened.info.head = *head;
    // Missing decorations are no reason to refuse the history.
    auto decorations = git::Decorations::load(repo);
    opened.decorations = std::make_shared<const git::Decorations>(decorations ? std::move(*decorations) : git::Decorations());
    return opened;
}

} // namespace

// One history query's walk. Only executor jobs touch it, one at a time.
struct RepositoryController::Walk {
    std::shared_ptr<const git::Repository> repository;
    std::shared_ptr<const git::Decorations> decorations;
    git::HistoryQuery query;
    std::optional<git::HistoryWalker> walker;
    git::GraphLayout layout;

    std::shared_ptr<PageResult> next(std::size_t size, const util::CancellationToken& cancel) {
        auto result = std::make_shared<PageResult>();
        if (cancel.isCancelled()) {
            result->error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
            return result;
        }
        if (!walker) {
            auto started = git::HistoryWalker::start(repository, query);
            if (!started) {
                result->error = started.error();
                return result;
            }
            walker.emplace(std::move(*started));
        }
        git::HistoryPage page = walker->next(size, cancel);
        result->rows.reserve(page.commits.size());
        for (git::CommitSummary& commit : page.commits) {
            HistoryRow row;
            row.graph = layout.add(commit);
            if (const auto* labels = decorations->labelsFor(commit.id))
                row.labels = *labels;
            row.commit = std::move(commit);
            result->rows.push_back(std::move(row));
        }
        result->error = std::move(page.error);
        result->atEnd = walker->atEnd() || result->error.has_value();
        result->reachedShallowBoundary = walker->reachedShallowBoundary();
        return result;
    }
};

RepositoryController::RepositoryController(QObject* parent)
    : QObject(parent)
    , m_history(new HistoryModel(this))
    , m_localChanges(new LocalChangesModel(this))
    , m_environments(new EnvironmentListModel(this))
    , m_credentials(git::SshCredentialProvider::makeDefault()) {
    connect(m_history, &HistoryModel::moreRequested, this, [this] { fetchPage(PageSize); });
}

RepositoryController::~RepositoryController() {
    // The owner waits: no job may outlive the repository's users.
    m_walkCancel.cancel();
    m_detailsCancel.cancel();
    m_compareCancel.cancel();
    m_markCancel.cancel();
    m_executor.reset();
    m_retired.clear();
}

QString RepositoryController::activity() const { return m_activity; }

void RepositoryController::jobStarted(Job kind) {
    ++m_running[kind];
    jobFinished(JobKinds); // recompute only
}

void RepositoryController::jobFinished(Job kind) {
    if (kind != JobKinds)
        --m_running[kind];
    QString activity;
    if (m_running[OpenJob])
        activity = QStringLiteral("Opening repository…");
    else if (m_running[PageJob])
        activity =
            !historyFiltered() ? QStringLiteral("Loading history…") : QStringLiteral("Filtering history…");
    else if (m_running[DetailsJob])
        activity = QStringLiteral("Loading commit…");
    else if (m_running[StatusJob])
        activity = QStringLiteral("Reading working tree…");
    else if (m_running[WorkspaceJob])
        activity = QStringLiteral("Reading environments…");
    else if (m_running[MarkJob])
        activity = QStringLiteral("Finding commits that changed %1…").arg(m_markingEnvironment);
    else if (m_running[CompareJob])
        activity = QStringLiteral("Rendering and comparing…");
    else if (m_running[FetchJob])
        activity = QStringLiteral("Fetching…");
    if (activity != m_activity) {
        m_activity = activity;
        Q_EMIT activityChanged(m_activity);
    }
}

void RepositoryController::retireExecutor() {
    m_walkCancel.cancel();
    m_detailsCancel.cancel();
    m_compareCancel.cancel();
    m_markCancel.cancel();
    m_markingEnvironment.clear();
    m_workspace.reset();
    m_renderer.reset(); // the last job holding it destroys it on the worker or here, idle
    m_environments->clear();
    m_walk.reset();
    if (!m_executor)
        return;
    // Queued jobs see their cancelled tokens and finish quickly; once the executor has
    // drained, it is destroyed here on this thread without blocking.
    util::SerialExecutor* executor = m_executor.get();
    m_retired.push_back(std::move(m_executor));
    executor->submit([] {}).then(this, [this, executor] {
        std::erase_if(m_retired, [executor](const auto& retired) { return retired.get() == executor; });
    });
}

void RepositoryController::open(const QString& path) { openRepository(path, false); }

void RepositoryController::refresh() {
    if (!m_path.isEmpty())
        openRepository(m_path, true);
}

void RepositoryController::close() {
    retireExecutor();
    ++m_session;
    m_repository.reset();
    m_decorations.reset();
    m_info = {};
    m_path.clear();
    m_onlyCommits.reset();
    m_markedEnvironment.clear();
    m_history->reset(false, QDateTime::currentSecsSinceEpoch());
    m_history->stop();
    m_localChanges->clear();
    Q_EMIT closed();
}

void RepositoryController::openRepository(const QString& path, bool keepFilter) {
    retireExecutor();
    const quint64 session = ++m_session;
    m_repository.reset();
    m_decorations.reset();
    m_info = {};
    m_path = path;
    if (!keepFilter) {
        m_filter = {};
        m_allBranches = false;
        m_onlyCommits.reset();
        m_markedEnvironment.clear();
    }
    m_history->reset(false, QDateTime::currentSecsSinceEpoch());
    m_history->stop();
    m_localChanges->clear();
    m_executor = std::make_unique<util::SerialExecutor>();
    Q_EMIT openStarted(path);

    jobStarted(OpenJob);
    m_executor->submit([path] { return openOnWorker(path); }).then(this, [this, session, path](util::Result<Opened> result) {
        jobFinished(OpenJob);
        if (session != m_session)
            return;
        if (!result) {
            Q_EMIT openFailed(path, result.error());
            return;
        }
        m_repository = std::move(result->repository);
        m_decorations = std::move(result->decorations);
        m_info = std::move(result->info);
        Q_EMIT opened(m_info);
        startHistory();
        loadLocalChanges();
        loadWorkspace();
    });
}

void RepositoryController::setFilter(const HistoryFilter& filter, bool allBranches) {
    if (filter == m_filter && allBranches == m_allBranches)
        return;
    m_filter = filter;
    m_allBranches = allBranches;
    if (isOpen())
        startHistory();
}

void RepositoryController::cancel() {
    m_walkCancel.cancel();
    m_markCancel.cancel();
    m_compareCancel.cancel(); // reported as a failed (cancelled) comparison
    m_fetchCancel.cancel();
}

void RepositoryController::writeDetectedWorkspace() {
    if (!m_executor || !m_repository || !m_workspace || !m_workspace->detected)
        return;
    const quint64 session = m_session;
    jobStarted(WorkspaceJob);
    m_executor
        ->submit([repository = m_repository, workspace = m_workspace] {
            return workspace::WorkspaceLoader::writeDetectedConfig(*repository, workspace->branch, workspace->config,
                                                                  std::nullopt, workspace->tip);
        })
        .then(this, [this, session](util::Result<git::ObjectId> commit) {
            jobFinished(WorkspaceJob);
            if (session != m_session)
                return;
            if (!commit) {
                Q_EMIT workspaceWriteFailed(commit.error());
                return;
            }
            Q_EMIT workspaceWritten(*commit);
            refresh(); // the new commit, and environments now read from syncline.yaml
        });
}

void RepositoryController::setRemoteAccess(std::shared_ptr<git::CredentialProvider> credentials,
                                           std::shared_ptr<git::HostKeyPrompt> hostKeyPrompt) {
    m_credentials = credentials ? std::move(credentials) : git::SshCredentialProvider::makeDefault();
    m_hostKeyPrompt = std::move(hostKeyPrompt);
}

void RepositoryController::fetch(const QString& remote) {
    if (!m_executor || !m_repository || m_running[FetchJob])
        return;
    m_fetchCancel = util::CancellationToken();
    const quint64 session = m_session;
    auto relay = std::make_shared<FetchProgressRelay>(this, [this, session](const QString& stage, quint64 done, quint64 total) {
        if (session == m_session)
            Q_EMIT fetchProgress(stage, done, total);
    });
    jobStarted(FetchJob);
    Q_EMIT fetchStarted(remote);
    m_executor
        ->submit([repository = m_repository, remote, relay, cancel = m_fetchCancel, credentials = m_credentials,
                  hostKeys = m_hostKeyPrompt]() -> util::Result<git::FetchResult> {
            git::FetchOptions options;
            options.credentials = credentials.get();
            options.hostKeyPrompt = hostKeys.get();
            options.progress = relay.get();
            options.cancel = cancel;
            return git::Remote::fetch(*repository, remote, options);
        })
        .then(this, [this, session, remote](util::Result<git::FetchResult> result) {
            jobFinished(FetchJob);
            if (session != m_session)
                return;
            if (!result) {
                Q_EMIT fetchFailed(remote, result.error());
                return;
            }
            Q_EMIT fetchFinished(remote, int(result->updatedRefs.size()));
            if (!result->updatedRefs.empty())
                refresh(); // new remote branches: decorations, history and ahead/behind change
        });
}

void RepositoryController::startHistory() {
    m_walkCancel.cancel();
    m_walkCancel = util::CancellationToken();
    ++m_walkGeneration;
    m_shallowReported = false;
    m_walk = std::make_shared<Walk>();
    m_walk->repository = m_repository;
    m_walk->decorations = m_decorations;
    m_walk->query = m_filter.toQuery(m_allBranches);
    m_walk->query.onlyCommits = m_onlyCommits;
    m_history->reset(m_walk->query.isFiltered(), QDateTime::currentSecsSinceEpoch());
    Q_EMIT historyStarted();
    fetchPage(FirstPageSize);
}

void RepositoryController::fetchPage(std::size_t size) {
    if (!m_executor || !m_walk)
        return;
    m_history->markFetching();
    const quint64 session = m_session;
    const quint64 generation = m_walkGeneration;
    jobStarted(PageJob);
    m_executor->submit([walk = m_walk, cancel = m_walkCancel, size] { return walk->next(size, cancel); })
        .then(this, [this, session, generation](std::shared_ptr<PageResult> page) {
            jobFinished(PageJob);
            if (session != m_session || generation != m_walkGeneration)
                return; // a newer query replaced this one
            const int added = int(page->rows.size());
            m_history->appendPage(std::move(page->rows), page->atEnd);
            if (page->error)
                m_history->stop();
            Q_EMIT pageLoaded(added, page->atEnd);
            if (page->error)
                Q_EMIT historyStopped(*page->error);
            if (page->atEnd && page->reachedShallowBoundary && !m_shallowReported) {
                m_shallowReported = true;
                Q_EMIT shallowBoundaryReached();
            }
        });
}

void RepositoryController::requestDetails(const git::ObjectId& commit) {
    if (!m_executor || !m_repository)
        return;
    m_detailsCancel.cancel();
    m_detailsCancel = util::CancellationToken();
    using DetailsResult = util::Result<std::shared_ptr<const git::CommitDetails>>;
    const quint64 session = m_session;
    jobStarted(DetailsJob);
    m_executor
        ->submit([repository = m_repository, commit, cancel = m_detailsCancel]() -> DetailsResult {
            if (cancel.isCancelled()) // superseded while queued (arrow key held down)
                return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
            auto details = git::CommitDetails::load(*repository, commit);
            if (!details)
                return util::fail(details.error());
            return std::make_shared<const git::CommitDetails>(std::move(*details));
        })
        .then(this, [this, session, commit, cancel = m_detailsCancel](DetailsResult details) {
            jobFinished(DetailsJob);
            if (session != m_session || cancel.isCancelled())
                return;
            if (details)
                Q_EMIT detailsReady(*details);
            else
                Q_EMIT detailsFailed(commit, details.error());
        });
}

void RepositoryController::loadLocalChanges() {
    if (!m_executor || !m_repository)
        return;
    const quint64 session = m_session;
    jobStarted(StatusJob);
    m_executor->submit([repository = m_repository] { return git::LocalChanges::load(*repository); })
        .then(this, [this, session](util::Result<git::LocalChanges> changes) {
            jobFinished(StatusJob);
            if (session != m_session)
                return;
            if (!changes) {
                m_localChanges->clear();
                Q_EMIT localChangesFailed(changes.error());
                return;
            }
            m_localChanges->setChanges(std::move(*changes));
            Q_EMIT localChangesReady();
        });
}

void RepositoryController::loadWorkspace() {
    if (!m_executor || !m_repository || m_info.empty)
        return; // an empty repository has nothing to read environments from
    const quint64 session = m_session;
    jobStarted(WorkspaceJob);
    m_executor->submit([repository = m_repository] { return WorkspaceJobs::load(repository); })
        .then(this, [this, session](util::Result<WorkspaceJobs::Loaded> loaded) {
            jobFinished(WorkspaceJob);
            if (session != m_session)
                return;
            if (!loaded) {
                m_environments->clear();
                clearEnvironmentChanges();
                Q_EMIT workspaceFailed(loaded.error());
                return;
            }
            m_workspace = std::make_shared<const workspace::Workspace>(std::move(loaded->workspace));
            m_renderer = std::move(loaded->renderer);
            m_environments->setWorkspace(*m_workspace);
            Q_EMIT workspaceLoaded(*m_workspace);
            // After a refresh the branch may have moved: find the changed commits again.
            if (!m_markedEnvironment.isEmpty()) {
                if (m_workspace->config.find(m_markedEnvironment))
                    markEnvironmentChanges(m_markedEnvironment);
                else
                    clearEnvironmentChanges();
            }
        });
}

void RepositoryController::compare(const ComparisonRequest& request) {
    m_compareCancel.cancel();
    m_compareCancel = util::CancellationToken();
    const quint64 generation = ++m_compareGeneration;
    if (!m_executor || !m_renderer || !m_workspace) {
        Q_EMIT comparisonFailed(request, util::makeError(util::ErrorCode::NotFound,
                                                         QStringLiteral("no environments are loaded")));
        return;
    }
    Q_EMIT comparisonStarted(request);
    using CompareResult = util::Result<std::shared_ptr<const ComparisonSnapshot>>;
    const quint64 session = m_session;
    jobStarted(CompareJob);
    m_executor
        ->submit([renderer = m_renderer, workspace = m_workspace, request, cancel = m_compareCancel] {
            return WorkspaceJobs::compare(*renderer, workspace->config, request, cancel);
        })
        .then(this, [this, session, generation, request](CompareResult result) {
            jobFinished(CompareJob);
            if (session != m_session || generation != m_compareGeneration)
                return; // superseded: a newer request or a cancel
            if (result)
                Q_EMIT comparisonReady(*result);
            else
                Q_EMIT comparisonFailed(request, result.error());
        });
}

void RepositoryController::cancelComparison() {
    m_compareCancel.cancel();
    ++m_compareGeneration;
}

void RepositoryController::markEnvironmentChanges(const QString& environment) {
    m_markCancel.cancel();
    m_markCancel = util::CancellationToken();
    const quint64 generation = ++m_markGeneration;
    const workspace::Environment* env = m_workspace ? m_workspace->config.find(environment) : nullptr;
    if (!m_executor || !m_renderer || !env) {
        Q_EMIT environmentChangesFailed(
            environment,
            util::makeError(util::ErrorCode::NotFound, QStringLiteral("no such environment"), environment));
        return;
    }
    m_markingEnvironment = environment;
    Q_EMIT environmentChangesStarted(environment);
    const quint64 session = m_session;
    jobStarted(MarkJob);
    m_executor
        ->submit([renderer = m_renderer, env = *env, cancel = m_markCancel] {
            return WorkspaceJobs::changesOf(*renderer, env, MaxMarkedCommits, cancel);
        })
        .then(this, [this, session, generation, environment](util::Result<workspace::OutputChanges> changes) {
            jobFinished(MarkJob);
            if (session != m_session || generation != m_markGeneration)
                return;
            m_markingEnvironment.clear();
            if (!changes) {
                Q_EMIT environmentChangesFailed(environment, changes.error());
                return;
            }
            const int changed = int(changes->commits.size());
            m_onlyCommits =
                std::make_shared<const std::unordered_set<git::ObjectId>>(std::move(changes->commits));
            m_markedEnvironment = environment;
            Q_EMIT environmentChangesMarked(environment, changed, int(changes->examined), changes->complete);
            startHistory();
        });
}

void RepositoryController::clearEnvironmentChanges() {
    m_markCancel.cancel();
    ++m_markGeneration;
    m_markingEnvironment.clear();
    const bool wasMarked = m_onlyCommits != nullptr;
    m_onlyCommits.reset();
    m_markedEnvironment.clear();
    if (wasMarked && isOpen())
        startHistory();
    Q_EMIT environmentChangesCleared();
}

} // namespace syncline::models
