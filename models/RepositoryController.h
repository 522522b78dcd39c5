#pragma once

#include "HistoryFilter.h"
#include "RepositoryInfo.h"

#include "git/CommitDetails.h"
#include "git/Decorations.h"
#include "util/CancellationToken.h"
#include "util/Error.h"

#include <QObject>

#include <memory>
#include <vector>

namespace syncline::util {
class SerialExecutor;
}

namespace syncline::models {

class HistoryModel;
class LocalChangesModel;

// The one place where repository work meets threads. Owns a SerialExecutor per open
// repository; every libgit2 call (open, history pages, commit details, status) runs as a
// job on it and its result comes back to this object's thread, where it feeds the models
// or is emitted. Each query has its own cancellation token, cancelled when a newer query
// replaces it or the repository closes. The destructor cancels and waits for the jobs.
class RepositoryController : public QObject {
    Q_OBJECT
public:
    static constexpr std::size_t FirstPageSize = 200; // one screen and a bit: shows at once
    static constexpr std::size_t PageSize = 1000;

    explicit RepositoryController(QObject* parent = nullptr);
    ~RepositoryController() override;

    HistoryModel* historyModel() const { return m_history; }
    LocalChangesModel* localChangesModel() const { return m_localChanges; }

    bool isOpen() const { return m_repository != nullptr; }
    QString path() const { return m_path; } // the last path asked for, open or not
    const RepositoryInfo& info() const { return m_info; }
    const HistoryFilter& filter() const { return m_filter; }
    bool allBranches() const { return m_allBranches; }
    QString activity() const; // what long work runs now, empty when idle

public Q_SLOTS:
    // Opens asynchronously: opened() or openFailed() follows. The filter is reset.
    void open(const QString& path);
    void close();
    // Re-reads the repository (refs, history, status), keeping the filter.
    void refresh();
    // Replaces the history query; pages restart from the top.
    void setFilter(const syncline::models::HistoryFilter& filter, bool allBranches);
    // Loads one commit's details and diff; a newer request supersedes older ones.
    void requestDetails(const syncline::git::ObjectId& commit);
    // Stops the long work in progress (history paging).
    void cancel();

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
    void detailsReady(std::shared_ptr<const syncline::git::CommitDetails> details);
    void detailsFailed(const syncline::git::ObjectId& commit, const syncline::util::Error& error);
    void localChangesReady();
    void localChangesFailed(const syncline::util::Error& error);
    void activityChanged(const QString& activity);

private:
    struct Walk;
    enum Job { OpenJob, PageJob, DetailsJob, StatusJob, JobKinds };

    void openRepository(const QString& path, bool keepFilter);
    void retireExecutor();
    void startHistory();
    void fetchPage(std::size_t size);
    void loadLocalChanges();
    void jobStarted(Job kind);
    void jobFinished(Job kind);

    HistoryModel* m_history;
    LocalChangesModel* m_localChanges;

    std::unique_ptr<util::SerialExecutor> m_executor;
    std::vector<std::unique_ptr<util::SerialExecutor>> m_retired; // draining after close
    std::shared_ptr<git::Repository> m_repository;                // used only inside jobs
    std::shared_ptr<const git::Decorations> m_decorations;
    QString m_path;
    RepositoryInfo m_info;
    quint64 m_session = 0; // bumps on open/close: late results of an old session are dropped

    HistoryFilter m_filter;
    bool m_allBranches = false;
    std::shared_ptr<Walk> m_walk;
    quint64 m_walkGeneration = 0;
    util::CancellationToken m_walkCancel;
    bool m_shallowReported = false;

    util::CancellationToken m_detailsCancel;
    int m_running[JobKinds] = {};
    QString m_activity;
};

} // namespace syncline::models
