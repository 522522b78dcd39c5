#pragma once

#include "BenchTiming.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>

#include <cstdio>

namespace syncline::bench {

// A GitOps-shaped history: every commit edits one file under base/ or overlays/envN/,
// one commit a minute; every 50th commit merges a two-commit side branch.
inline bool generateHistoryRepository(const QString& dir, int commits) {
    QDir(dir).removeRecursively();
    QDir().mkpath(dir);
    QProcess init;
    init.start(QStringLiteral("git"),
               {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main"), dir});
    init.waitForFinished(-1);
    QProcess importer;
    importer.setWorkingDirectory(dir);
    importer.start(QStringLiteral("git"), {QStringLiteral("fast-import"), QStringLiteral("--quiet")});
    if (!importer.waitForStarted())
        return false;
    QByteArray stream;
    const qint64 start = 1600000000;
    int mark = 0, mainTip = 0;
    auto flush = [&] {
        importer.write(stream);
        stream.clear();
        importer.waitForBytesWritten(-1);
    };
    auto commit = [&](const QByteArray& ref, int parent, int mergeFrom, qint64 when, const QByteArray& path, int n) {
        ++mark;
        const QByteArray message = "change " + QByteArray::number(n) + " in " + path + "\n";
        const QByteArray content = "replicas: " + QByteArray::number(n % 7) + "\nimage: app:" + QByteArray::number(n) + "\n";
        stream += "commit " + ref + "\nmark :" + QByteArray::number(mark) + "\nauthor Bench <bench@example.com> " +
                  QByteArray::number(when) + " +0000\ncommitter Bench <bench@example.com> " + QByteArray::number(when) +
                  " +0000\ndata " + QByteArray::number(message.size()) + "\n" + message;
        if (parent)
            stream += "from :" + QByteArray::number(parent) + "\n";
        if (mergeFrom)
            stream += "merge :" + QByteArray::number(mergeFrom) + "\n";
        stream += "M 100644 inline " + path + "\ndata " + QByteArray::number(content.size()) + "\n" + content + "\n";
        return mark;
    };
    auto pathFor = [](int n) {
        return n % 5 == 0 ? QByteArray("base/app" + QByteArray::number(n % 13) + ".yaml")
                          : QByteArray("overlays/env" + QByteArray::number(n % 20) + "/kustomization.yaml");
    };
    qint64 when = start;
    int n = 0;
    while (n < commits) {
        if (n % 50 == 49 && n + 3 <= commits) {
            const int side1 = commit("refs/heads/side", mainTip, 0, when += 60, pathFor(n), n);
            const int side2 = commit("refs/heads/side", side1, 0, when += 60, pathFor(n + 1), n + 1);
            mainTip = commit("refs/heads/main", mainTip, side2, when += 60, pathFor(n + 2), n + 2);
            n += 3;
        } else {
            mainTip = commit("refs/heads/main", mainTip, 0, when += 60, pathFor(n), n);
            ++n;
        }
        if (stream.size() > (1 << 20))
            flush();
    }
    flush();
    importer.closeWriteChannel();
    importer.waitForFinished(-1);
    if (importer.exitCode() != 0) {
        std::fprintf(stderr, "git fast-import failed: %s\n", importer.readAllStandardError().constData());
        return false;
    }
    // Check out, then gc like a real clone: deltas, and a commit-graph file for git.
    for (const QStringList& args : {QStringList{QStringLiteral("reset"), QStringLiteral("-q"), QStringLiteral("--hard")},
                                    QStringList{QStringLiteral("gc"), QStringLiteral("-q")}}) {
        QProcess git;
        git.setWorkingDirectory(dir);
        git.start(QStringLiteral("git"), args);
        git.waitForFinished(-1);
    }
    QFile marker(dir + QStringLiteral("/.git/syncline-bench-commits"));
    marker.open(QIODevice::WriteOnly);
    marker.write(QByteArray::number(commits));
    return true;
}

// The generated repository at `dir` with `commits` commits: reused when a marker says it
// has them (generating 100,000 commits takes a while), else generated again.
inline bool ensureHistoryRepository(const QString& dir, int commits) {
    QFile marker(dir + QStringLiteral("/.git/syncline-bench-commits"));
    if (marker.open(QIODevice::ReadOnly) && marker.readAll().toInt() == commits)
        return true;
    std::printf("generating a %d-commit repository in %s ...\n", commits, qPrintable(dir));
    const auto start = Clock::now();
    if (!generateHistoryRepository(dir, commits))
        return false;
    std::printf("  generated in %.1f s\n", ms(Clock::now() - start) / 1000);
    return true;
}

} // namespace syncline::bench
