#include "RepositoryController.h"

#include "ComparisonSnapshot.h"
#include "EnvironmentListModel.h"
#include "FetchProgressRelay.h"
#include "HistoryModel.h"
#include "LocalChangesModel.h"
#include "WorkspaceJobs.h"
#include "git/CommitGraphWriter.h"
#include "git/Decorations.h"
#include "git/GraphLayout.h"
#include "git/HistoryWalker.h"
#include "git/LocalChanges.h"
#include "git/Remote.h"
#include "git/SshCredentialProvider.h"
#include "git/TreeSnapshot.h"
#include "util/Result.h"
#include "util/SerialExecutor.h"
#include "workspace/WorkspaceLoader.h"

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
    bool slowWithoutCommitGraph = false;
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
        result->slowWithoutCommitGraph =
            walker->commitsRead() > RepositoryController::kCommitGraphSuggestion && !repository->commitGraph();
        return result;
    }
};

RepositoryController::RepositoryController(QObject* parent)
    : QObject(parent), m_history(new HistoryModel(this)), m_localChanges(new LocalChangesModel(this)),
      m_environments(new EnvironmentListModel(this)), m_credentials(git::SshCredentialProvider::makeDefault()) {
    connect(m_history, &HistoryModel::moreRequested, this, [this] { fetchPage(kPageSize); });
}

RepositoryController::~RepositoryController() {
    // The owner waits: no job may outlive the repository's users. Cancelled first, so a
    // running fetch or walk stops instead of being waited for.
    abandonJobs();
    m_executor.reset();
    m_retired.clear();
}

QString RepositoryController::activity() const { return m_activity; }

std::array<util::LatestJob*, RepositoryController::JobKinds> RepositoryController::jobs() {
    return {&m_openJob,  &m_pageJob,    &m_detailsJob, &m_statusJob, &m_workspaceJob,
            &m_writeJob, &m_compareJob, &m_markJob,    &m_fetchJob,  &m_graphJob};
}

void RepositoryController::abandonJobs() {
    for (util::LatestJob* job : jobs())
        job->abandon();
}

void RepositoryController::updateActivity() {
    QString activity;
    if (m_openJob.isRunning())
        activity = tr("Opening repository…");
    else if (m_pageJob.isRunning())
        activity = !historyFiltered() ? tr("Loading history…") : tr("Filtering history…");
    else if (m_detailsJob.isRunning())
        activity = tr("Loading commit…");
    else if (m_statusJob.isRunning())
        activity = tr("Reading working tree…");
    else if (m_workspaceJob.isRunning() || m_writeJob.isRunning())
        activity = tr("Reading environments…");
    else if (m_markJob.isRunning())
        activity = tr("Finding commits that changed %1…").arg(m_markingEnvironment);
    else if (m_compareJob.isRunning())
        activity = tr("Rendering and comparing…");
    else if (m_fetchJob.isRunning())
        activity = tr("Fetching…");
    else if (m_graphJob.isRunning())
        activity = tr("Writing commit-graph…");
    if (activity != m_activity) {
        m_activity = activity;
        Q_EMIT activityChanged(m_activity);
    }
}

template <typename Work, typename Deliver>
void RepositoryController::startJob(util::LatestJob& latest, Work job, Deliver deliver) {
    latest.start(
        this,
        [&](const util::CancellationToken& cancel) {
            return m_executor->submit([job = std::move(job), cancel]() mutable { return job(cancel); });
        },
        [this, deliver = std::move(deliver)](auto result) mutable {
            updateActivity();
            deliver(std::move(result));
        });
    updateActivity();
}

void RepositoryController::retireExecutor() {
    abandonJobs(); // a fetch or walk of the old repository stops; nothing of it is delivered
    m_markingEnvironment.clear();
    m_workspace.reset();
    m_renderer.reset(); // the last job holding it destroys it on the worker or here, idle
    m_environments->clear();
    m_walk.reset();
    updateActivity();
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
    m_repository.reset();
    m_decorations.reset();
    m_info = {};
    m_path = path;
    if (!keepFilter) {
        m_filter = {};
        m_allBranches = false;
        m_onlyCommits.reset();
        m_markedEnvironment.clear();
        m_commitGraphSuggested = false;
    }
    m_history->reset(false, QDateTime::currentSecsSinceEpoch());
    m_history->stop();
    m_localChanges->clear();
    m_executor = std::make_unique<util::SerialExecutor>();
    Q_EMIT openStarted(path);

    startJob(
        m_openJob, [path](const util::CancellationToken&) { return openOnWorker(path); },
        [this, path](util::Result<Opened> result) {
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
    m_pageJob.cancel();
    m_markJob.cancel();
    m_compareJob.cancel(); // reported as a failed (cancelled) comparison
    m_fetchJob.cancel();
}

void RepositoryController::writeDetectedWorkspace() {
    // The detection's, not the loaded config: that one carries the user's own ignore rules.
    if (m_workspace && m_workspace->detected)
        writeWorkspaceConfig(m_workspace->detection.config());
}

void RepositoryController::listEnvironmentFolders() {
    if (!m_executor || !m_repository || !m_workspace)
        return;
    startJob(
        m_foldersJob,
        [repository = m_repository, tip = m_workspace->tip](
            const util::CancellationToken&) -> util::Result<std::vector<workspace::FolderEnvironments::Folder>> {
            auto tree = git::TreeSnapshot::atCommit(repository, tip);
            if (!tree)
                return util::fail(tree.error());
            return workspace::FolderEnvironments::candidates(*tree);
        },
        [this](util::Result<std::vector<workspace::FolderEnvironments::Folder>> folders) {
            if (folders)
                Q_EMIT environmentFoldersListed(*folders);
            else
                Q_EMIT environmentFoldersFailed(folders.error());
        });
}

// On the branch the workspace was read from, from the tip it was read at: a branch that
// moved since is refused, never overwritten.
void RepositoryController::writeWorkspaceConfig(const workspace::WorkspaceConfig& config) {
    if (!m_executor || !m_repository || !m_workspace || !m_workspace->detected)
        return;
    startJob(
        m_writeJob,
        [repository = m_repository, workspace = m_workspace, config](const util::CancellationToken&) {
            return workspace::WorkspaceLoader::writeDetectedConfig(*repository, workspace->branch, config, std::nullopt,
                                                                   workspace->tip);
        },
        [this](util::Result<git::ObjectId> commit) {
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
    if (!m_executor || !m_repository || m_fetchJob.isRunning())
        return;
    Q_EMIT fetchStarted(remote);
    startJob(
        m_fetchJob,
        [this, repository = m_repository, remote, credentials = m_credentials,
         hostKeys = m_hostKeyPrompt](const util::CancellationToken& cancel) -> util::Result<git::FetchResult> {
            // Progress of a fetch abandoned since (another repository opened) is not shown.
            FetchProgressRelay relay(this, [this, cancel](const QString& stage, quint64 done, quint64 total) {
                if (!cancel.isCancelled())
                    Q_EMIT fetchProgress(stage, done, total);
            });
            git::FetchOptions options;
            options.credentials = credentials.get();
            options.hostKeyPrompt = hostKeys.get();
            options.progress = &relay;
            options.cancel = cancel;
            return git::Remote::fetch(*repository, remote, options);
        },
        [this, remote](util::Result<git::FetchResult> result) {
            if (!result) {
                Q_EMIT fetchFailed(remote, result.error());
                return;
            }
            Q_EMIT fetchFinished(remote, int(result->updatedRefs.size()));
            if (!result->updatedRefs.empty())
                refresh(); // new remote branches: decorations, history and ahead/behind change
        });
}

void RepositoryController::writeCommitGraph() {
    if (!m_executor || !m_repository || m_graphJob.isRunning())
        return;
    startJob(
        m_graphJob,
        [repository = m_repository](const util::CancellationToken& cancel) {
            auto written = git::CommitGraphWriter::write(*repository, cancel);
            repository->forgetCommitGraph(); // the next walk reads the new file
            return written;
        },
        [this](util::Result<void> result) {
            if (!result) {
                Q_EMIT commitGraphFailed(result.error());
                return;
            }
            Q_EMIT commitGraphWritten();
            startHistory();
        });
}

void RepositoryController::startHistory() {
    m_pageJob.abandon(); // a page of the previous query is not shown
    m_shallowReported = false;
    m_walk = std::make_shared<Walk>();
    m_walk->repository = m_repository;
    m_walk->decorations = m_decorations;
    m_walk->query = m_filter.toQuery(m_allBranches);
    m_walk->query.onlyCommits = m_onlyCommits;
    m_history->reset(m_walk->query.isFiltered(), QDateTime::currentSecsSinceEpoch());
    Q_EMIT historyStarted();
    fetchPage(kFirstPageSize);
}

void RepositoryController::fetchPage(std::size_t size) {
    if (!m_executor || !m_walk)
        return;
    m_history->markFetching();
    startJob(
        m_pageJob, [walk = m_walk, size](const util::CancellationToken& cancel) { return walk->next(size, cancel); },
        [this](std::shared_ptr<PageResult> page) {
            const int added = int(page->rows.size());
            m_history->appendPage(std::move(page->rows), page->atEnd);
            if (page->error)
                m_history->stop();
            Q_EMIT pageLoaded(added, page->atEnd);
            if (page->error)
                Q_EMIT historyStopped(*page->error);
            if (page->slowWithoutCommitGraph && !m_commitGraphSuggested) {
                m_commitGraphSuggested = true;
                Q_EMIT commitGraphSuggested();
            }
            if (page->atEnd && page->reachedShallowBoundary && !m_shallowReported) {
                m_shallowReported = true;
                Q_EMIT shallowBoundaryReached();
            }
        });
}

void RepositoryController::requestDetails(const git::ObjectId& commit) {
    if (!m_executor || !m_repository)
        return;
    using DetailsResult = util::Result<std::shared_ptr<const git::CommitDetails>>;
    startJob(
        m_detailsJob,
        [repository = m_repository, commit](const util::CancellationToken& cancel) -> DetailsResult {
            if (cancel.isCancelled()) // superseded while queued (arrow key held down)
                return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
            auto details = git::CommitDetails::load(*repository, commit);
            if (!details)
                return util::fail(details.error());
            return std::make_shared<const git::CommitDetails>(std::move(*details));
        },
        [this, commit](DetailsResult details) {
            if (details)
                Q_EMIT detailsReady(*details);
            else
                Q_EMIT detailsFailed(commit, details.error());
        });
}

void RepositoryController::loadLocalChanges() {
    if (!m_executor || !m_repository)
        return;
    startJob(
        m_statusJob, [repository = m_repository](const util::CancellationToken&) { return git::LocalChanges::load(*repository); },
        [this](util::Result<git::LocalChanges> changes) {
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
    startJob(
        m_workspaceJob, [repository = m_repository](const util::CancellationToken&) { return WorkspaceJobs::load(repository); },
        [this](util::Result<WorkspaceJobs::Loaded> loaded) {
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
    m_compareJob.abandon();
    updateActivity();
    if (!m_executor || !m_renderer || !m_workspace) {
        Q_EMIT comparisonFailed(request, util::makeError(util::ErrorCode::NotFound, tr("no environments are loaded")));
        return;
    }
    Q_EMIT comparisonStarted(request);
    using CompareResult = util::Result<std::shared_ptr<const ComparisonSnapshot>>;
    startJob(
        m_compareJob,
        [renderer = m_renderer, workspace = m_workspace, request](const util::CancellationToken& cancel) {
            return WorkspaceJobs::compare(*renderer, workspace->config, request, cancel);
        },
        [this, request](CompareResult result) {
            if (result)
                Q_EMIT comparisonReady(*result);
            else
                Q_EMIT comparisonFailed(request, result.error());
        });
}

void RepositoryController::cancelComparison() {
    m_compareJob.abandon();
    updateActivity();
}

void RepositoryController::markEnvironmentChanges(const QString& environment) {
    m_markJob.abandon();
    updateActivity();
    const workspace::Environment* env = m_workspace ? m_workspace->config.find(environment) : nullptr;
    if (!m_executor || !m_renderer || !env) {
        Q_EMIT environmentChangesFailed(environment,
                                        util::makeError(util::ErrorCode::NotFound, tr("no such environment"), environment));
        return;
    }
    m_markingEnvironment = environment;
    Q_EMIT environmentChangesStarted(environment);
    startJob(
        m_markJob,
        [renderer = m_renderer, env = *env](const util::CancellationToken& cancel) {
            return WorkspaceJobs::changesOf(*renderer, env, kMaxMarkedCommits, cancel);
        },
        [this, environment](util::Result<workspace::OutputChanges> changes) {
            m_markingEnvironment.clear();
            if (!changes) {
                Q_EMIT environmentChangesFailed(environment, changes.error());
                return;
            }
            const int changed = int(changes->commits.size());
            m_onlyCommits = std::make_shared<const std::unordered_set<git::ObjectId>>(std::move(changes->commits));
            m_markedEnvironment = environment;
            Q_EMIT environmentChangesMarked(environment, changed, int(changes->examined), changes->complete);
            startHistory();
        });
}

void RepositoryController::clearEnvironmentChanges() {
    m_markJob.abandon();
    m_markingEnvironment.clear();
    updateActivity();
    const bool wasMarked = m_onlyCommits != nullptr;
    m_onlyCommits.reset();
    m_markedEnvironment.clear();
    if (wasMarked && isOpen())
        startHistory();
    Q_EMIT environmentChangesCleared();
}

} // namespace syncline::models
