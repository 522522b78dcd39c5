// bench_watch: live updates against both servers — syncline-devcluster and the real
// kube-apiserver, started here as the tests start them. WatchLatencyBench on each: an
// engine watches one environment of 20 ConfigMaps; one object changes at a time (a merge
// patch, as `kubectl patch` sends), timed from the request to the engine's updated
// snapshot, next to `kubectl get --watch` seeing the same change in the same run (the peer).
// bench_kube measures the same among its figures; this runs it alone.
//
//   bench_watch [--changes N]      (default 100; needs .tools/bin for the real server)
//
// Prints the median and the p99 (nearest rank: the 99th of 100) of the changes.
#include "WatchLatencyBench.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace syncline;

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption changesOption(QStringLiteral("changes"), QStringLiteral("Changes to time."), QStringLiteral("N"),
                                           QStringLiteral("100"));
    parser.addOption(changesOption);
    parser.process(app);
    if (qEnvironmentVariableIsEmpty("SYNCLINE_TOOLS_DIR"))
        qputenv("SYNCLINE_TOOLS_DIR", SYNCLINE_DEFAULT_TOOLS_DIR);
    test::TestServers servers;
    QString error;
    if (!servers.start(&error)) {
        std::fprintf(stderr, "bench_watch: %s\n", qPrintable(error));
        return 1;
    }
    bench::FigureRow::printHeader();
    bool ok = true;
    for (const QString& row : {QStringLiteral("devcluster"), QStringLiteral("kube-apiserver")}) {
        QString why;
        const test::TestServer* server = servers.server(row, &why);
        if (!server) {
            std::printf("%-16s skipped: %s\n", qPrintable(row), qPrintable(why));
            continue;
        }
        bench::WatchLatencyBench bench(*server, std::max(1, parser.value(changesOption).toInt()));
        if (!bench.prepare(&error) || !bench.measure(&error)) {
            std::printf("%-16s failed: %s\n", qPrintable(row), qPrintable(error));
            ok = false;
            continue;
        }
        for (const bench::FigureRow& figure : bench.rows())
            figure.print(row);
        if (bench.timeouts() > 0)
            std::printf("%-16s %d changes not seen by both within 10 s (counted as 10 s)\n", qPrintable(row), bench.timeouts());
    }
    return ok ? 0 : 1;
}
