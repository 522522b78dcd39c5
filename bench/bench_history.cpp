// History benchmark: generates a 100,000-commit repository (once; cached) and reports time
// to the first screen, full walks, a path-filtered walk and peak RSS, next to `git log`
// on the same repository in the same run.
//
//   build/bench/bench_history [--commits N] [--repo DIR] [--runs R]
#include "BenchTiming.h"
#include "HistoryRepository.h"
#include "git/GraphLayout.h"
#include "git/HistoryWalker.h"
#include "git/Repository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <sys/resource.h>
#include <vector>

using namespace syncline;
using bench::Clock;
using bench::median;
using bench::ms;

namespace {

double timeIt(int runs, const std::function<void()>& body) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        body();
        samples.push_back(ms(Clock::now() - start));
    }
    return median(samples);
}

long statusKiB(const char* field) {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(std::strlen(field))).trimmed().split(' ').first().toLong();
    return -1;
}

double mib(long kib) { return double(kib) / 1024.0; }

double timeGit(const QString& repo, const QStringList& args, int runs) {
    return timeIt(runs, [&] {
        QProcess git;
        git.setWorkingDirectory(repo);
        git.setStandardOutputFile(QProcess::nullDevice());
        git.start(QStringLiteral("git"), args);
        git.waitForFinished(-1);
    });
}

// Wall and CPU time (user + system), each the median of the runs. On a shared machine
// the CPU ratio holds still while the wall ratio follows the neighbours' load.
struct Timing {
    double wall = 0;
    double cpu = 0;
};

double cpuMs(int who) {
    rusage usage{};
    getrusage(who, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
           double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// `who`: RUSAGE_SELF for work in this process, RUSAGE_CHILDREN for a process it waits for.
Timing timeBoth(int runs, int who, const std::function<void()>& body) {
    std::vector<double> walls, cpus;
    for (int i = 0; i < runs; ++i) {
        const double cpuBefore = cpuMs(who);
        const auto start = Clock::now();
        body();
        walls.push_back(ms(Clock::now() - start));
        cpus.push_back(cpuMs(who) - cpuBefore);
    }
    return {median(walls), median(cpus)};
}

Timing timeProcess(const QString& program, const QString& repo, const QStringList& args, int runs) {
    return timeBoth(runs, RUSAGE_CHILDREN, [&] {
        QProcess process;
        process.setWorkingDirectory(repo);
        process.setStandardOutputFile(QProcess::nullDevice());
        process.start(program, args);
        process.waitForFinished(-1);
    });
}

// "path  612.0 ms vs git  305.6 ms, ratio 2.00 (cpu 1.10);  full ...": ours and git's.
void printPair(const char* what, const Timing& ours, const Timing& git, const char* tail) {
    std::printf("%s %8.1f ms vs git %8.1f ms, ratio %.2f (cpu %6.1f vs %6.1f ms, %.2f)%s", what, ours.wall, git.wall,
                ours.wall / git.wall, ours.cpu, git.cpu, ours.cpu / git.cpu, tail);
}

void runGit(const QString& repo, const QStringList& args) {
    QProcess git;
    git.setWorkingDirectory(repo);
    git.start(QStringLiteral("git"), args);
    git.waitForFinished(-1);
}

// Puts one kind of commit-graph in place: "none", "plain" (as `git gc` writes it) or
// "changed-paths" (with Bloom filters, as `syncline history --write-commit-graph` asks git
// for). Each is written once and kept next to the repository's objects.
void installGraph(const QString& repo, const QString& kind) {
    const QString live = repo + QStringLiteral("/.git/objects/info/commit-graph");
    const QString kept = repo + QStringLiteral("/.git/syncline-bench-graph-") + kind;
    QFile::remove(live);
    if (kind == QLatin1String("none"))
        return;
    if (!QFile::exists(kept)) {
        runGit(repo, {QStringLiteral("commit-graph"), QStringLiteral("write"), QStringLiteral("--reachable"),
                      kind == QLatin1String("plain") ? QStringLiteral("--no-changed-paths") : QStringLiteral("--changed-paths")});
        QFile::copy(live, kept);
        return;
    }
    QFile::copy(kept, live);
}

// The path-filtered walk and the full walk under each kind of commit-graph, each next to
// git reading the same file: in this process (a fresh open each run), and process to
// process as the issue measures (`syncline history --json`, built next to this program).
void reportGraphKinds(const QString& repoPath, const QString& path, int runs) {
    std::printf("\n  by commit-graph file (syncline vs git log --format='%%H %%s' [-- path] on the same file, fresh open "
                "each run; walk: in this process, process: syncline history --json):\n");
    const QString syncline = QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/syncline");
    const QStringList history = {QStringLiteral("history"), QStringLiteral("--repo"), repoPath, QStringLiteral("--json")};
    const QStringList gitLog = {QStringLiteral("log"), QStringLiteral("--format=%H %s")};
    const QStringList byPath = {QStringLiteral("--"), path};
    for (const QString& kind : {QStringLiteral("none"), QStringLiteral("plain"), QStringLiteral("changed-paths")}) {
        installGraph(repoPath, kind);
        auto walk = [&](const QString& filter) {
            auto repository = std::make_shared<const git::Repository>(std::move(*git::Repository::open(repoPath)));
            git::HistoryQuery query;
            query.path = filter;
            auto walker = git::HistoryWalker::start(repository, std::move(query));
            while (!walker->atEnd())
                walker->next(5000);
        };
        const QString git = QStringLiteral("git");
        const Timing gitPath = timeProcess(git, repoPath, gitLog + byPath, runs);
        const Timing gitFull = timeProcess(git, repoPath, gitLog, runs);
        std::printf("    %-14s walk    ", qPrintable(kind));
        printPair("path", timeBoth(runs, RUSAGE_SELF, [&] { walk(path); }), gitPath, ";  ");
        printPair("full", timeBoth(runs, RUSAGE_SELF, [&] { walk({}); }), gitFull, "\n");
        if (!QFile::exists(syncline))
            continue;
        std::printf("    %-14s process ", "");
        printPair("path", timeProcess(syncline, repoPath, history + QStringList{QStringLiteral("--path"), path}, runs), gitPath,
                  ";  ");
        printPair("full", timeProcess(syncline, repoPath, history, runs), gitFull, "\n");
    }
    installGraph(repoPath, QStringLiteral("plain"));
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    int commits = 100000, runs = 3;
    QString repoPath = QDir::tempPath() + QStringLiteral("/syncline-bench-history");
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--commits"))
            commits = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--repo"))
            repoPath = args[i + 1];
        else if (args[i] == QLatin1String("--runs"))
            runs = std::max(1, args[i + 1].toInt());
    }
    if (!bench::ensureHistoryRepository(repoPath, commits))
        return 1;

    installGraph(repoPath, QStringLiteral("plain"));
    auto opened = git::Repository::open(repoPath);
    if (!opened) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.error().toString()));
        return 1;
    }
    auto repository = std::make_shared<const git::Repository>(std::move(*opened));

    std::size_t total = 0;
    auto walkAll = [&](git::HistoryQuery query, git::HistoryOrder order) {
        auto walker = git::HistoryWalker::start(repository, std::move(query), order);
        total = 0;
        while (!walker->atEnd())
            total += walker->next(5000).commits.size();
    };

    // First screen: open the repository, start the walk, 100 rows with graph lanes.
    const double firstScreen = timeIt(runs * 3, [&] {
        auto fresh = git::Repository::open(repoPath);
        auto shared = std::make_shared<const git::Repository>(std::move(*fresh));
        auto walker = git::HistoryWalker::start(shared, {});
        auto page = walker->next(100);
        git::GraphLayout layout;
        layout.add(page.commits);
    });
    const long rssFirstScreen = statusKiB("VmRSS:");
    const double streamingWalk = timeIt(runs, [&] { walkAll({}, git::HistoryOrder::Streaming); });
    const std::size_t streamed = total;
    const long peakAfterWalk = statusKiB("VmHWM:");
    const double exactWalk = timeIt(runs, [&] { walkAll({}, git::HistoryOrder::Exact); });
    const double gitLog = timeGit(repoPath, {QStringLiteral("log"), QStringLiteral("--format=%H %s")}, runs);
    const double gitLogTopo =
        timeGit(repoPath, {QStringLiteral("log"), QStringLiteral("--topo-order"), QStringLiteral("--format=%H %s")}, runs);
    git::HistoryQuery byPath;
    byPath.path = QStringLiteral("overlays/env7");
    const double pathWalk = timeIt(runs, [&] { walkAll(byPath, git::HistoryOrder::Streaming); });
    const std::size_t pathCommits = total;
    const double gitPath = timeGit(
        repoPath,
        {QStringLiteral("log"), QStringLiteral("--format=%H %s"), QStringLiteral("--"), QStringLiteral("overlays/env7")}, runs);
    int widest = 0;
    const double graphAll = timeIt(runs, [&] {
        auto walker = git::HistoryWalker::start(repository, {});
        git::GraphLayout layout;
        while (!walker->atEnd())
            for (const auto& row : layout.add(walker->next(5000).commits))
                widest = std::max(widest, row.width);
    });

    std::printf("\nhistory benchmark: %zu commits (%s), median of %d runs\n", streamed, qPrintable(repoPath), runs);
    std::printf("  first screen (open + 100 rows + lanes)   %8.1f ms   (target < 50 ms)\n", firstScreen);
    std::printf("  full walk, streaming topo+time order     %8.1f ms\n", streamingWalk);
    std::printf("  full walk, exact (git --date-order)      %8.1f ms\n", exactWalk);
    std::printf("  git log --format='%%H %%s'                  %8.1f ms   ratio syncline/git = %.2f (streaming), %.2f (exact)\n",
                gitLog, streamingWalk / gitLog, exactWalk / gitLog);
    std::printf("  git log --topo-order --format='%%H %%s'     %8.1f ms\n", gitLogTopo);
    std::printf("  full walk + graph lanes                  %8.1f ms   (widest row: %d lanes)\n", graphAll, widest);
    std::printf("  path-filtered walk (overlays/env7, %zu)  %8.1f ms   git log -- path %8.1f ms, ratio %.2f\n", pathCommits,
                pathWalk, gitPath, pathWalk / gitPath);
    std::printf("  RSS after first screen                   %8.1f MiB\n", mib(rssFirstScreen));
    std::printf("  peak RSS after full streaming walks      %8.1f MiB\n", mib(peakAfterWalk));
    std::printf("  peak RSS overall (all phases)            %8.1f MiB\n", mib(statusKiB("VmHWM:")));
    reportGraphKinds(repoPath, byPath.path, runs);
    return 0;
}
