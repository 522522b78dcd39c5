// bench_kube: the cluster figures on both servers in one run — syncline-devcluster and the
// real kube-apiserver (v1.34, with etcd), started as the tests start them (HTTPS, a bearer
// token, a kubeconfig). On each server:
//   - list 5,000 ConfigMaps, and server-side apply of 1,000 (one at a time, and with the
//     client's concurrency), next to kubectl doing the same list and apply on the same server
//     (the peer, a process per call: its start and discovery cache lookup are in its time);
//   - a full refresh of 20 environments × 500 resources through the ReconcileEngine: a new
//     engine started, timed to the first snapshot of every environment, the objects deployed;
//   - live updates: 100 changes (a merge patch, as kubectl patch sends) each timed to the
//     engine's updated snapshot, median and p99, next to kubectl get --watch seeing them.
//   - render+diff of one of those environments with 10% of its objects changed on the server,
//     `syncline diff ENV` next to `kubectl diff --server-side` of the same files (processes).
// Medians over --runs runs; one warm-up run (two warm-up changes) before them is not counted.
//
//   bench_kube [--runs N] [--list N] [--apply N] [--environments N] [--resources N] [--changes N]
//              [--servers devcluster,kube-apiserver] [--no-kubectl]
// The real server needs SYNCLINE_TOOLS_DIR (default: the checkout's .tools/bin).
#include "ClientBench.h"
#include "DiffPeerBench.h"
#include "RefreshBench.h"
#include "WatchLatencyBench.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>

using namespace syncline;
using namespace syncline::bench;

namespace {

struct Settings {
    ClientBenchSizes client;
    RefreshBenchSizes refresh;
    int changes = 100;
    QStringList servers;
    QString kubectl;
};

Settings parseSettings(const QCoreApplication& app) {
    QCommandLineParser parser;
    parser.addHelpOption();
    auto number = [](const char* name, const char* help, const char* fallback) {
        return QCommandLineOption(QString::fromUtf8(name), QString::fromUtf8(help), QStringLiteral("N"),
                                  QString::fromUtf8(fallback));
    };
    const auto runs = number("runs", "Measured runs (median), after a warm-up.", "3");
    const auto list = number("list", "ConfigMaps to list.", "5000");
    const auto apply = number("apply", "ConfigMaps to apply per run.", "1000");
    const auto environments = number("environments", "Environments in the refresh.", "20");
    const auto resources = number("resources", "Resources per environment.", "500");
    const auto changes = number("changes", "Live changes to time.", "100");
    const QCommandLineOption servers(QStringLiteral("servers"), QStringLiteral("Servers to measure, comma-separated."),
                                     QStringLiteral("ROWS"), QStringLiteral("devcluster,kube-apiserver"));
    const QCommandLineOption noKubectl(QStringLiteral("no-kubectl"), QStringLiteral("Skip the kubectl peer."));
    parser.addOptions({runs, list, apply, environments, resources, changes, servers, noKubectl});
    parser.process(app);
    Settings settings;
    settings.client = {std::max(1, parser.value(list).toInt()), std::max(1, parser.value(apply).toInt()),
                       std::max(1, parser.value(runs).toInt())};
    settings.refresh = {std::max(1, parser.value(environments).toInt()), std::max(10, parser.value(resources).toInt()),
                        settings.client.runs};
    settings.changes = std::max(1, parser.value(changes).toInt());
    settings.servers = parser.value(servers).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (!parser.isSet(noKubectl))
        settings.kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    return settings;
}

bool measureClient(const test::TestServer& server, const Settings& settings, std::vector<FigureRow>* rows, QStringList* notes) {
    QTemporaryDir scratch;
    ClientBench bench(server, settings.kubectl, scratch.path(), settings.client);
    QString error;
    if (!bench.prepare(&error) || !bench.measure(&error)) {
        std::printf("%-16s client figures failed: %s\n", qPrintable(server.name), qPrintable(error));
        return false;
    }
    *notes << QStringLiteral("%1: the %2 ConfigMaps to list created in %3 ms (client concurrency %4)")
                  .arg(server.name)
                  .arg(settings.client.list)
                  .arg(bench.setupMs(), 0, 'f', 0)
                  .arg(bench.concurrency());
    for (FigureRow& row : bench.rows())
        rows->push_back(std::move(row));
    return true;
}

// On the refresh's deployed workspace: one environment, drifted, diffed by both sides.
bool measureDiff(const test::TestServer& server, const Settings& settings, const QString& repository,
                 std::vector<FigureRow>* rows, QStringList* notes) {
    DiffPeerBench bench(server, QStringLiteral(SYNCLINE_CLI_BINARY), settings.kubectl, repository,
                        RefreshBench::environmentName(0), settings.client.runs);
    QString error;
    if (!bench.prepare(settings.refresh.resources, &error) || !bench.measure(&error)) {
        std::printf("%-16s render+diff failed: %s\n", qPrintable(server.name), qPrintable(error));
        return false;
    }
    rows->push_back(bench.row());
    *notes << QStringLiteral("%1: render+diff of %2 resources, %3 changed on the server; syncline saw %4 Modified, "
                             "kubectl diff printed %5 objects")
                  .arg(server.name)
                  .arg(settings.refresh.resources)
                  .arg(bench.drifted())
                  .arg(bench.oursSaw())
                  .arg(bench.peerSaw());
    return true;
}

bool measureRefresh(const test::TestServer& server, const Settings& settings, std::vector<FigureRow>* rows, QStringList* notes) {
    RefreshBench bench(server, settings.refresh);
    QString error;
    if (!bench.prepare(&error) || !bench.measure(&error)) {
        std::printf("%-16s refresh failed: %s\n", qPrintable(server.name), qPrintable(error));
        return false;
    }
    rows->push_back(
        {QStringLiteral("full refresh, %1 env x %2 resources").arg(settings.refresh.environments).arg(settings.refresh.resources),
         bench.refreshMs(),
         {},
         {}});
    *notes << QStringLiteral("%1: deployed in %2 s (not timed as the refresh); the refresh saw %3")
                  .arg(server.name)
                  .arg(bench.deployMs() / 1000, 0, 'f', 1)
                  .arg(bench.describe());
    return measureDiff(server, settings, bench.repository(), rows, notes);
}

bool measureWatch(const test::TestServer& server, const Settings& settings, std::vector<FigureRow>* rows, QStringList* notes) {
    WatchLatencyBench bench(server, settings.changes);
    QString error;
    if (!bench.prepare(&error) || !bench.measure(&error)) {
        std::printf("%-16s live updates failed: %s\n", qPrintable(server.name), qPrintable(error));
        return false;
    }
    for (FigureRow& row : bench.rows())
        rows->push_back(std::move(row));
    if (bench.timeouts() > 0)
        *notes << QStringLiteral("%1: %2 changes not seen by both within 10 s (counted as 10 s)")
                      .arg(server.name)
                      .arg(bench.timeouts());
    return true;
}

// The first three fields of /proc/loadavg: how busy the machine was (the figures are wall times).
QByteArray loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return "unknown";
    return file.readAll().split(' ').mid(0, 3).join(' ');
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const Settings settings = parseSettings(app);
    QElapsedTimer wall;
    wall.start();
    if (qEnvironmentVariableIsEmpty("SYNCLINE_TOOLS_DIR"))
        qputenv("SYNCLINE_TOOLS_DIR", SYNCLINE_DEFAULT_TOOLS_DIR);
    test::TestServers servers;
    QString error;
    if (!servers.start(&error)) {
        std::fprintf(stderr, "bench_kube: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("median of %d runs after a warm-up (live updates: of %d changes); ratio = peer / syncline (above 1: Syncline "
                "is faster)\n",
                settings.client.runs, settings.changes);
    FigureRow::printHeader();
    QStringList notes;
    bool ok = true;
    for (const QString& row : settings.servers) {
        QString why;
        const test::TestServer* server = servers.server(row, &why);
        if (!server) {
            std::printf("%-16s skipped: %s\n", qPrintable(row), qPrintable(why));
            continue;
        }
        std::vector<FigureRow> rows;
        ok = measureClient(*server, settings, &rows, &notes) && ok;
        ok = measureRefresh(*server, settings, &rows, &notes) && ok;
        ok = measureWatch(*server, settings, &rows, &notes) && ok;
        for (const FigureRow& figure : rows)
            figure.print(row);
        std::fflush(stdout);
    }
    for (const QString& note : notes)
        std::printf("%s\n", qPrintable(note));
    std::printf("bench_kube ran for %.0f s; load average at the end: %s\n", double(wall.elapsed()) / 1000,
                loadAverage().constData());
    return ok ? 0 : 1;
}
