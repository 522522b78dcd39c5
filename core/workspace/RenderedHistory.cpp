#include "workspace/RenderedHistory.h"

#include "git/HistoryWalker.h"

#include <QThread>

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

namespace syncline::workspace {

namespace {

// A commit to judge and the parent its output is compared with (none for a root commit).
struct Examined {
    git::ObjectId commit;
    std::optional<git::ObjectId> firstParent;
};

// One walk shared by its threads: each verdict is written only by the thread that took
// its run, and read once every thread has been joined.
struct Walk {
    const Environment& environment;
    const std::vector<Examined>& commits;
    std::vector<std::optional<util::Result<bool>>>& verdicts; // nullopt: not reached
    const std::size_t commitsPerRun;
    const util::CancellationToken& cancel;
    std::atomic<std::size_t> nextRun{0};
    std::atomic<bool> failed{false}; // a failure anywhere stops every thread, as it stopped the serial walk
};

// The commits from `tip`, newest first, up to maxCommits (complete turns false when that stops the walk).
util::Result<std::vector<Examined>> commitsToJudge(const EnvironmentRenderer& renderer, const git::ObjectId& tip,
                                                   std::size_t maxCommits, const util::CancellationToken& cancel,
                                                   bool& complete) {
    git::HistoryQuery query;
    query.revisions = {tip.toHex()};
    auto walker = git::HistoryWalker::start(renderer.repository(), query);
    if (!walker)
        return util::fail(walker.error());
    std::vector<Examined> commits;
    while (!walker->atEnd()) {
        if (commits.size() >= maxCommits) {
            complete = false;
            break;
        }
        git::HistoryPage page = walker->next(std::min<std::size_t>(500, maxCommits - commits.size()), cancel);
        if (page.error)
            return util::fail(*page.error);
        for (const git::CommitSummary& commit : page.commits)
            commits.push_back(Examined{commit.id, commit.parents.empty() ? std::nullopt : std::optional(commit.parents.front())});
    }
    return commits;
}

// Whether the commit changed the output: its digest differs from its first parent's, or
// (a root commit) it renders anything. A parent beyond a shallow boundary compares with nothing.
util::Result<bool> changedOutput(EnvironmentRenderer& renderer, const Environment& environment, const Examined& commit) {
    auto own = renderer.outputDigest(environment, commit.commit);
    if (!own)
        return util::fail(own.error());
    if (!commit.firstParent) {
        auto rendered = renderer.renderShared(environment, commit.commit);
        return rendered && !(*rendered)->objects.empty();
    }
    auto parent = renderer.outputDigest(environment, *commit.firstParent);
    if (!parent) {
        if (parent.error().code == util::ErrorCode::NotFound)
            return false;
        return util::fail(parent.error());
    }
    return *own != *parent;
}

// The same, as an error when cancelled or when something escapes (out of memory): nothing leaves a thread.
util::Result<bool> judge(EnvironmentRenderer& renderer, const Walk& walk, std::size_t index) noexcept {
    if (walk.cancel.isCancelled())
        return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
    try {
        return changedOutput(renderer, walk.environment, walk.commits[index]);
    } catch (const std::exception& e) {
        return util::fail(util::ErrorCode::Generic, QStringLiteral("rendering failed: %1").arg(QString::fromUtf8(e.what())),
                          walk.environment.name);
    } catch (...) {
        return util::fail(util::ErrorCode::Generic, QStringLiteral("rendering failed"), walk.environment.name);
    }
}

// Takes the next run of commits until none is left or the walk failed.
void judgeRuns(Walk& walk, EnvironmentRenderer& renderer) noexcept {
    const std::size_t total = walk.commits.size();
    for (std::size_t run = walk.nextRun.fetch_add(1); run < (total + walk.commitsPerRun - 1) / walk.commitsPerRun;
         run = walk.nextRun.fetch_add(1)) {
        const std::size_t end = std::min(total, (run + 1) * walk.commitsPerRun);
        for (std::size_t i = run * walk.commitsPerRun; i < end; ++i) {
            if (walk.failed.load())
                return;
            walk.verdicts[i] = judge(renderer, walk, i);
            if (!*walk.verdicts[i])
                walk.failed.store(true);
        }
    }
}

// Judges the runs on the calling thread and on up to threads - 1 helpers, each thread
// with a renderer of its own (libgit2 handles are never shared between threads). Their
// small caches hold the few states a run moves between (its branches), so the walk
// neither fills memory with old renders nor pushes the caller's current ones out.
// Returns the renders done.
std::size_t judgeInParallel(Walk& walk, const EnvironmentRenderer& renderer, std::size_t threads) {
    constexpr std::size_t kCacheEntries = 8;
    const std::size_t runs = (walk.commits.size() + walk.commitsPerRun - 1) / walk.commitsPerRun;
    std::vector<std::unique_ptr<EnvironmentRenderer>> renderers;
    renderers.push_back(renderer.withOwnCache(kCacheEntries));
    for (std::size_t t = 1; t < std::min(threads, runs); ++t)
        if (auto own = renderer.forAnotherThread(kCacheEntries))
            renderers.push_back(std::move(own));
    {
        std::vector<std::jthread> helpers; // joined when it goes out of scope, also on an exception
        for (std::size_t t = 1; t < renderers.size(); ++t) {
            try {
                helpers.emplace_back([&walk, helper = renderers[t].get()]() noexcept { judgeRuns(walk, *helper); });
            } catch (const std::system_error&) {
                break; // no more threads to be had: the others take their share
            }
        }
        judgeRuns(walk, *renderers.front());
    }
    std::size_t renders = 0;
    for (const auto& own : renderers)
        renders += own->cache().misses();
    return renders;
}

} // namespace

util::Result<OutputChanges> RenderedHistory::commitsChangingOutput(EnvironmentRenderer& renderer, const Environment& environment,
                                                                   const git::ObjectId& tip, std::size_t maxCommits,
                                                                   const util::CancellationToken& cancel,
                                                                   MarkingParallelism parallelism) {
    OutputChanges changes;
    auto commits = commitsToJudge(renderer, tip, maxCommits, cancel, changes.complete);
    if (!commits)
        return util::fail(commits.error());
    std::vector<std::optional<util::Result<bool>>> verdicts(commits->size());
    const std::size_t threads = parallelism.threads ? parallelism.threads : std::size_t(std::max(QThread::idealThreadCount(), 1));
    const std::size_t perRun =
        parallelism.commitsPerRun ? parallelism.commitsPerRun : std::max<std::size_t>(256, commits->size() / (4 * threads) + 1);
    Walk walk{environment, *commits, verdicts, perRun, cancel};
    changes.renders = judgeInParallel(walk, renderer, threads);
    if (cancel.isCancelled())
        return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
    for (std::size_t i = 0; i < verdicts.size(); ++i) {
        if (!verdicts[i])
            continue; // not reached: a failure stopped the walk, and is returned below or above
        if (!*verdicts[i])
            return util::fail(verdicts[i]->error());
        if (**verdicts[i])
            changes.commits.insert((*commits)[i].commit);
    }
    changes.examined = commits->size();
    return changes;
}

} // namespace syncline::workspace
