// bench_watch: live updates against both servers — syncline-devcluster and the real
// kube-apiserver, started here as the tests start them. An engine watches one environment of
// 20 ConfigMaps; the benchmark changes one object at a time (a merge patch, as `kubectl
// patch` sends) and times the change → the engine's updated snapshot, next to `kubectl get
// --watch` seeing the same change in the same run (the peer).
//
//   bench_watch [--changes N]      (default 100; needs .tools/bin for the real server)
//
// Prints the median, the p99 (nearest rank: the 99th of 100) and the worst of the changes.
#include "BenchTiming.h"
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "support/GitFixture.h"
#include "support/SyncWait.h"
#include "support/TestServers.h"
#include "support/TrustedClients.h"
#include "workspace/WorkspaceConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace syncline;
using namespace syncline::reconcile;

namespace {

constexpr int kObjects = 20;
const QString kEnv = QStringLiteral("watchbench");

struct Figures {
    std::vector<double> engineMs;
    std::vector<double> kubectlMs;
};

workspace::WorkspaceConfig workspaceOn(const test::TestServer& server, test::GitFixture& repo) {
    const QString yaml = QStringLiteral("version: 1\nenvironments:\n  - name: %1\n    path: envs/%1\n    renderer: plain\n"
                                        "    namespace: %1\n    cluster:\n      kubeconfig: %2\n      context: %3\n")
                             .arg(kEnv, server.kubeconfig, server.context);
    repo.writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
    for (int i = 0; i < kObjects; ++i)
        repo.writeFile(
            QStringLiteral("envs/%1/cm-%2.yaml").arg(kEnv).arg(i),
            QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%1\ndata:\n  mode: fast\n").arg(i).toUtf8());
    repo.commitAll(QStringLiteral("bench"), 1'700'000'000);
    return *workspace::WorkspaceConfig::parse(yaml.toStdString());
}

// Waits (running the event loop) until `done` or `ms` pass.
bool waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > ms)
            return false;
        QEventLoop loop;
        QTimer::singleShot(1, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

// Patches cm-<index> to `mode` from a worker thread (the client blocks its caller).
void patchLater(kube::HttpKubeClient& client, int index, const char* mode) {
    QThreadPool::globalInstance()->start([&client, index, mode] {
        const manifest::ResourceKey key{{}, QStringLiteral("ConfigMap"), kEnv, QStringLiteral("cm-%1").arg(index)};
        auto patched = client.mergePatch(key, {{"data", {{"mode", mode}}}}, {});
        if (!patched)
            std::fprintf(stderr, "patch failed: %s\n", qPrintable(patched.error().toString()));
    });
}

std::optional<Figures> measure(const test::TestServer& server, int changes) {
    test::GitFixture repo;
    auto config = workspaceOn(server, repo);
    QTemporaryDir consentDir;
    auto consent = std::make_shared<ClusterConsentStore>(consentDir.filePath(QStringLiteral("consent.conf")));
    EngineOptions options;
    options.refreshIntervalMs = 0;
    options.liveUpdates = true;
    ReconcileEngine engine(repo.path(), config, test::trustedClients(consent, repo.path(), config), options);
    SnapshotPtr last;
    QObject::connect(&engine, &ReconcileEngine::snapshotReady, [&](const SnapshotPtr& s) { last = s; });
    engine.start();
    if (!waitUntil([&] { return last != nullptr; }, 60'000) ||
        !test::waitForSync(engine.sync({.environment = kEnv}), 60'000).succeeded())
        return std::nullopt;
    waitUntil([&] { return last && last->sync == health::SyncStatus::Synced; }, 60'000);
    waitUntil([] { return false; }, 1500); // the watches' first lists settle

    auto client =
        kube::HttpKubeClient::create({server.kubeconfig, server.context, false}, std::make_shared<kube::InMemoryExecApprovals>());
    QProcess kubectl;
    kubectl.start(QStandardPaths::findExecutable(QStringLiteral("kubectl")),
                  {QStringLiteral("--kubeconfig"), server.kubeconfig, QStringLiteral("get"), QStringLiteral("configmap"),
                   QStringLiteral("-n"), kEnv, QStringLiteral("--watch-only"), QStringLiteral("-o"), QStringLiteral("name")});
    kubectl.waitForStarted();
    waitUntil([] { return false; }, 1500); // kubectl's watch is open
    kubectl.readAll();

    Figures figures;
    for (int i = 0; i < changes; ++i) {
        const bool drift = i % 2 == 0; // slow (Modified), then back to fast (Same)
        const std::size_t wantModified = drift ? 1 : 0;
        QElapsedTimer clock;
        clock.start();
        qint64 kubectlSaw = -1, engineSaw = -1;
        patchLater(**client, (i / 2) % kObjects, drift ? "slow" : "fast");
        waitUntil(
            [&] {
                if (kubectlSaw < 0 && kubectl.canReadLine()) {
                    kubectl.readLine();
                    kubectlSaw = clock.nsecsElapsed();
                }
                if (engineSaw < 0 && last && last->count(diff::ResourceState::Modified) == wantModified)
                    engineSaw = clock.nsecsElapsed();
                return kubectlSaw >= 0 && engineSaw >= 0;
            },
            10'000);
        figures.engineMs.push_back(engineSaw < 0 ? 10'000.0 : double(engineSaw) / 1e6);
        figures.kubectlMs.push_back(kubectlSaw < 0 ? 10'000.0 : double(kubectlSaw) / 1e6);
    }
    kubectl.kill();
    kubectl.waitForFinished();
    return figures;
}

} // namespace

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
    std::printf("%-16s %-10s %10s %10s %10s\n", "server", "who", "median ms", "p99 ms", "max ms");
    for (const QString& row : {QStringLiteral("devcluster"), QStringLiteral("kube-apiserver")}) {
        QString why;
        const test::TestServer* server = servers.server(row, &why);
        if (!server) {
            std::printf("%-16s skipped: %s\n", qPrintable(row), qPrintable(why));
            continue;
        }
        auto figures = measure(*server, parser.value(changesOption).toInt());
        if (!figures) {
            std::printf("%-16s failed to sync the benchmark environment\n", qPrintable(row));
            continue;
        }
        for (const auto& [who, values] :
             {std::pair{"syncline", &figures->engineMs}, std::pair{"kubectl -w", &figures->kubectlMs}})
            std::printf("%-16s %-10s %10.1f %10.1f %10.1f\n", qPrintable(row), who, bench::percentile(*values, 0.5),
                        bench::percentile(*values, 0.99), bench::percentile(*values, 1.0));
        std::printf("%-16s ratio syncline / kubectl -w (median): %.2fx\n", qPrintable(row),
                    bench::percentile(figures->engineMs, 0.5) / std::max(0.001, bench::percentile(figures->kubectlMs, 0.5)));
    }
    return 0;
}
