#pragma once

#include "ComparisonRequest.h"
#include "HistoryFilter.h"
#include "RepositoryInfo.h"
#include "git/CommitDetails.h"
#include "git/Decorations.h"
#include "util/CancellationToken.h"
#include "util/Error.h"
#include "util/LatestJob.h"
#include "workspace/FolderEnvironments.h"
#include "workspace/WorkspaceLoader.h"

#include <QObject>

#include <array>
#include <memory>
#include <unordered_set>
#include <vector>

namespace syncline::git {
class CredentialProvider;
class HostKeyPrompt;
} // namespace syncline::git
namespace syncline::util {
class SerialExecutor;
}
namespace syncline::workspace {
class EnvironmentRenderer;
}

namespace syncline::models {

class EnvironmentListModel;
class HistoryModel;
class LocalChangesModel;
struct ComparisonSnapshot;

// The one place where repository work meets threads. Owns a SerialExecutor per open
// repository; every libgit2 call (open, history pages, commit details, status) runs as a
// job on it and its result comes back to this object's thread, where it feeds the models
// or is emitted. Each kind of query is a util::LatestJob: a newer query cancels the older,
// closing or switching the repository cancels them all (a running fetch included), and the
// destructor cancels and waits for the jobs.
class RepositoryController : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t kFirstPageSize = 200; // one screen and a bit: shows at once
    static constexpr std::size_t kPageSize = 1000;
    // "Changed <env>" examines at most this many commits and says so when it stops early.
    static constexpr std::size_t kMaxMarkedCommits = 10'000;
    // A walk that has read this many commits without a commit-graph offers to write one.
    static constexpr std::size_t kCommitGraphSuggestion = 10'000;

    explicit RepositoryController(QObject* parent = nullptr);
    ~RepositoryController() override;

    HistoryModel* historyModel() const { return m_history; }
    LocalChangesModel* localChangesModel() const { return m_localChanges; }
    EnvironmentListModel* environmentModel() const { return m_environments; }

    bool isOpen() const { return m_repository != nullptr; }
    QString path() const { return m_path; } // the last path asked for, open or not
    const RepositoryInfo& info() const { return m_info; }
    const HistoryFilter& filter() const { return m_filter; }
    bool allBranches() const { return m_allBranches; }
    // The environment map read after open; null until loaded or when it failed.
    const std::shared_ptr<const workspace::Workspace>& workspace() const { return m_workspace; }
    // The environment whose output-changing commits restrict the history; empty: none.
    QString markedEnvironment() const { return m_markedEnvironment; }
    // The text filter or the environment restriction is on.
    bool historyFiltered() const { return !m_filter.isEmpty() || m_onlyCommits != nullptr; }
    QString activity() const; // what long work runs now, empty when idle
    // What Fetch authenticates with (the app's credential chain and host-key dialog);
    // none: ssh-agent and ~/.ssh key files, unknown hosts refused.
    void setRemoteAccess(std::shared_ptr<git::CredentialProvider> credentials, std::shared_ptr<git::HostKeyPrompt> hostKeyPrompt);

public Q_SLOTS:
    // Opens asynchronously: opened() or openFailed() follows. The filter is reset.
    void open(const QString& path);
    void close();
    // Runs git to write the repository's commit-graph (the user asked: see
    // commitGraphSuggested), then re-reads the history with it.
    void writeCommitGraph();
    // Re-reads the repository (refs, history, status), keeping the filter.
    void refresh();
    // Replaces the history query; pages restart from the top.
    void setFilter(const syncline::models::HistoryFilter& filter, bool allBranches);
    // Loads one commit's details and diff; a newer request supersedes older ones.
    void requestDetails(const syncline::git::ObjectId& commit);
    // Fetches `remote` on the repository's executor (ssh-agent and ~/.ssh keys; host keys
    // always checked); cancel() stops it.
    void fetch(const QString& remote = QStringLiteral("origin"));
    // Commits the detected environments as syncline.yaml on the branch they were read
    // from (the user confirmed the preview); the workspace is then read again.
    void writeDetectedWorkspace();
    // Nothing detected: the folders of the branch tip that could be environments
    // (environmentFoldersListed), and committing the user's choice of them as syncline.yaml
    // (workspaceWritten / workspaceWriteFailed, as for the detected environments).
    void listEnvironmentFolders();
    void writeWorkspaceConfig(const syncline::workspace::WorkspaceConfig& config);
    // Stops the long work in progress (history paging, finding an environment's commits,
    // comparing).
    void cancel();
    // Renders both sides and compares them; comparisonReady() or comparisonFailed()
    // follows unless a newer request (or cancelComparison) supersedes this one.
    void compare(const syncline::models::ComparisonRequest& request);
    void cancelComparison();
    // Restricts the history to the commits that changed `environment`'s rendered output
    // (bounded by kMaxMarkedCommits); the text filter still applies on top.
    void markEnvironmentChanges(const QString& environment);
    void clearEnvironmentChanges();

Q_SIGNALS:
    void openStarted(const QString& path);
    void opened(const syncline::models::RepositoryInfo& info);
    void openFailed(const QString& path, const syncline::util::Error& error);
    void closed();
    void historyStarted();
    void pageLoaded(int rowsAdded, bool atEnd);
    // The walk stopped early: a corrupt or missing object, or cancelled.
    void historyStopped(const syncline::util::Error& error);
    void shallowBoundaryReached();
    // History read many commits without a commit-graph file; once per repository opened.
    void commitGraphSuggested();
    void commitGraphWritten();
    void commitGraphFailed(const syncline::util::Error& error);
    void detailsReady(std::shared_ptr<const syncline::git::CommitDetails> details);
    void detailsFailed(const syncline::git::ObjectId& commit, const syncline::util::Error& error);
    void localChangesReady();
    void localChangesFailed(const syncline::util::Error& error);
    void activityChanged(const QString& activity);
    void workspaceLoaded(const syncline::workspace::Workspace& workspace);
    // syncline.yaml does not parse (every problem as file:line:column), HEAD is detached, ...
    void workspaceFailed(const syncline::util::Error& error);
    // Fetch: progress arrives throttled; on success the repository is re-read.
    void workspaceWritten(const syncline::git::ObjectId& commit);
    void workspaceWriteFailed(const syncline::util::Error& error);
    void environmentFoldersListed(const std::vector<syncline::workspace::FolderEnvironments::Folder>& folders);
    void environmentFoldersFailed(const syncline::util::Error& error);
    void fetchStarted(const QString& remote);
    void fetchProgress(const QString& stage, quint64 done, quint64 total);
    void fetchFinished(const QString& remote, int updatedRefs);
    void fetchFailed(const QString& remote, const syncline::util::Error& error);
    void comparisonStarted(const syncline::models::ComparisonRequest& request);
    void comparisonReady(std::shared_ptr<const syncline::models::ComparisonSnapshot> snapshot);
    void comparisonFailed(const syncline::models::ComparisonRequest& request, const syncline::util::Error& error);
    void environmentChangesStarted(const QString& environment);
    // The history now lists `changed` commits; `complete` is false when the walk stopped
    // after kMaxMarkedCommits (older changes are not shown).
    void environmentChangesMarked(const QString& environment, int changed, int examined, bool complete);
    void environmentChangesFailed(const QString& environment, const syncline::util::Error& error);
    void environmentChangesCleared();

private:
    struct Walk;
    enum Job {
        OpenJob,
        PageJob,
        DetailsJob,
        StatusJob,
        WorkspaceJob,
        WriteJob,
        CompareJob,
        MarkJob,
        FetchJob,
        GraphJob,
        JobKinds
    };

    void openRepository(const QString& path, bool keepFilter);
    void retireExecutor();
    void startHistory();
    void fetchPage(std::size_t size);
    void loadLocalChanges();
    void loadWorkspace();
    // Runs `job(cancel)` on the repository's executor as the latest of its kind; `deliver`
    // gets its result here unless a newer one (or a close) came first.
    template <typename Work, typename Deliver> void startJob(util::LatestJob& latest, Work job, Deliver deliver);
    std::array<util::LatestJob*, JobKinds> jobs();
    void abandonJobs();
    void updateActivity();

    HistoryModel* m_history;
    LocalChangesModel* m_localChanges;
    EnvironmentListModel* m_environments;

    std::unique_ptr<util::SerialExecutor> m_executor;
    std::vector<std::unique_ptr<util::SerialExecutor>> m_retired; // draining after close
    std::shared_ptr<git::Repository> m_repository;                // used only inside jobs
    std::shared_ptr<const git::Decorations> m_decorations;
    QString m_path;
    RepositoryInfo m_info;

    HistoryFilter m_filter;
    bool m_allBranches = false;
    std::shared_ptr<Walk> m_walk;
    bool m_shallowReported = false;
    bool m_commitGraphSuggested = false;

    std::shared_ptr<const workspace::Workspace> m_workspace;
    std::shared_ptr<workspace::EnvironmentRenderer> m_renderer; // used only inside jobs
    std::shared_ptr<git::CredentialProvider> m_credentials;     // never null: ssh-agent and key files until set
    std::shared_ptr<git::HostKeyPrompt> m_hostKeyPrompt;
    QString m_markingEnvironment; // being computed
    QString m_markedEnvironment;  // restricting the history now
    std::shared_ptr<const std::unordered_set<git::ObjectId>> m_onlyCommits;
    QString m_activity;

    // One per kind of work: a newer job of a kind cancels the older and only the latest
    // result is delivered; opening another repository abandons them all (results of the old
    // one are dropped). Declared last: destroyed (waiting for their jobs) first.
    util::LatestJob m_openJob;
    util::LatestJob m_pageJob;
    util::LatestJob m_detailsJob;
    util::LatestJob m_statusJob;
    util::LatestJob m_workspaceJob;
    util::LatestJob m_writeJob;
    util::LatestJob m_foldersJob;
    util::LatestJob m_compareJob;
    util::LatestJob m_markJob;
    util::LatestJob m_fetchJob;
    util::LatestJob m_graphJob;
};

} // namespace syncline::models
