// The console's responsiveness during a full refresh: 20 environments × 500 resources on
// devclusters (5 environments per cluster), every environment deployed first so the
// refresh reads, pairs and judges real live objects. The GUI thread runs the engine and
// a 1 ms timer; how late that timer fires is the stall a user would feel.
//
//   build/bench/bench_reconcile [--environments N] [--resources N] [--clusters N] [--runs N]
#include "DevClusterLauncher.h"
#include "FleetManifests.h"
#include "kube/ExecApprovals.h"
#include "reconcile/GitSide.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "reconcile/SyncRunner.h"
#include "util/PoolRunner.h"
#include "workspace/WorkspaceConfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

using namespace syncline;

namespace {

struct Options {
    int environments = 20;
    int resources = 500;
    int clusters = 4;
    int runs = 3;
};

bool runGit(const QString& dir, const QStringList& args) {
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(QStringLiteral("git"), args);
    process.waitForFinished(-1);
    if (process.exitCode() != 0)
        std::fprintf(stderr, "git %s: %s\n", qPrintable(args.join(QLatin1Char(' '))), process.readAllStandardError().constData());
    return process.exitCode() == 0;
}

void writeEnvironment(const QString& dir, int resources) {
    QDir().mkpath(dir);
    for (const auto& [file, text] : bench::fleetEnvironmentFiles(resources)) {
        QFile out(dir + QLatin1Char('/') + file);
        out.open(QIODevice::WriteOnly);
        out.write(text);
    }
}

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

long rssKiB(const char* field) {
    QFile status(QStringLiteral("/proc/self/status"));
    status.open(QIODevice::ReadOnly);
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').first().toLong();
    }
    return -1;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const QByteArray flag = argv[i];
        const int value = QByteArray(argv[i + 1]).toInt();
        if (flag == "--environments")
            options.environments = value;
        else if (flag == "--resources")
            options.resources = value;
        else if (flag == "--clusters")
            options.clusters = value;
        else if (flag == "--runs")
            options.runs = value;
    }
    QTemporaryDir scratch;
    const QString repo = scratch.filePath(QStringLiteral("repo"));
    QDir().mkpath(repo);

    // Clusters.
    std::vector<std::unique_ptr<app::DevClusterLauncher>> clusters;
    for (int c = 0; c < options.clusters; ++c) {
        app::DevClusterLaunch launch;
        launch.binary = QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY);
        launch.dataDir = scratch.filePath(QStringLiteral("cluster-%1").arg(c));
        launch.kubeconfig = scratch.filePath(QStringLiteral("cluster-%1.kubeconfig").arg(c));
        launch.context = QStringLiteral("bench-%1").arg(c);
        auto cluster = std::make_unique<app::DevClusterLauncher>(launch);
        if (auto started = cluster->start(); !started) {
            std::fprintf(stderr, "%s\n", qPrintable(started.error().toString()));
            return 1;
        }
        clusters.push_back(std::move(cluster));
    }

    // Workspace.
    QByteArray yaml = "version: 1\nenvironments:\n";
    for (int e = 0; e < options.environments; ++e) {
        const QByteArray name = "env-" + QByteArray::number(e);
        yaml += "  - name: " + name + "\n    path: envs/" + name + "\n    renderer: plain\n    namespace: ns-" + name +
                "\n    cluster:\n      kubeconfig: " +
                scratch.filePath(QStringLiteral("cluster-%1.kubeconfig").arg(e % options.clusters)).toUtf8() + "\n";
        writeEnvironment(repo + QStringLiteral("/envs/") + QString::fromUtf8(name), options.resources);
    }
    {
        QFile file(repo + QStringLiteral("/syncline.yaml"));
        file.open(QIODevice::WriteOnly);
        file.write(yaml);
    }
    if (!runGit(repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), QStringLiteral("main")}) ||
        !runGit(repo, {QStringLiteral("add"), QStringLiteral("-A")}) ||
        !runGit(repo, {QStringLiteral("-c"), QStringLiteral("user.name=Bench"), QStringLiteral("-c"),
                       QStringLiteral("user.email=bench@example.com"), QStringLiteral("commit"), QStringLiteral("-qm"),
                       QStringLiteral("bench workspace")}))
        return 1;
    auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
    if (!config) {
        std::fprintf(stderr, "%s\n", qPrintable(config.error().toString()));
        return 1;
    }

    // The bench made these clusters: it trusts them (in a consent file of its own).
    QTemporaryDir consentDir;
    auto consent = std::make_shared<reconcile::ClusterConsentStore>(consentDir.filePath(QStringLiteral("consent.conf")));
    for (const auto& environment : config->environments) {
        if (auto trusted = consent->trust(reconcile::ClusterConsentStore::repositoryKeyOf(repo), environment, repo); !trusted) {
            std::fprintf(stderr, "%s\n", qPrintable(trusted.error().toString()));
            return 1;
        }
    }

    // Deploy every environment first (not measured as the refresh).
    QElapsedTimer deployClock;
    deployClock.start();
    {
        auto provider =
            std::make_shared<reconcile::KubeconfigClientProvider>(repo, std::make_shared<kube::InMemoryExecApprovals>(), consent);
        QThreadPool pool;
        pool.setMaxThreadCount(options.clusters);
        std::vector<QFuture<QString>> deployed;
        for (const auto& environment : config->environments) {
            deployed.push_back(util::runOn(
                pool,
                [&repo, provider, environment]() -> QString {
                    auto gitSide = reconcile::GitSide::open(repo);
                    if (!gitSide)
                        return gitSide.error().toString();
                    auto target = (*gitSide)->target(environment);
                    if (!target)
                        return target.error().toString();
                    auto rendered = (*gitSide)->render(environment, target->commit);
                    auto client = provider->clientFor(environment);
                    if (!rendered || !client)
                        return QStringLiteral("render or client failed");
                    auto result = reconcile::SyncRunner::run(**client, environment, *rendered, target->commit,
                                                             {.environment = environment.name}, {}, {});
                    return result.succeeded() ? QString() : result.error->toString();
                },
                QStringLiteral("deploying"), [](const util::Error& error) { return error.toString(); }));
        }
        for (auto& future : deployed) {
            future.waitForFinished();
            if (!future.result().isEmpty()) {
                std::fprintf(stderr, "deploy: %s\n", qPrintable(future.result()));
                return 1;
            }
        }
    }
    std::printf("deployed %d environments x %d resources in %.1f s\n", options.environments, options.resources,
                double(deployClock.elapsed()) / 1000.0);

    // The measured part: full refreshes on a live event loop.
    reconcile::EngineOptions engineOptions;
    engineOptions.refreshIntervalMs = 0;
    engineOptions.workerThreads = 2;
    reconcile::ReconcileEngine engine(
        repo, *config,
        std::make_shared<reconcile::KubeconfigClientProvider>(repo, std::make_shared<kube::InMemoryExecApprovals>(), consent),
        engineOptions);
    std::vector<double> ticks;
    QElapsedTimer probeClock;
    QTimer probe;
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        ticks.push_back(double(probeClock.nsecsElapsed()) / 1e6);
        probeClock.restart();
    });
    std::vector<double> refreshSeconds;
    int arrived = 0;
    int errors = 0;
    std::size_t paired = 0;
    int synced = 0;
    QElapsedTimer refreshClock;
    QObject::connect(&engine, &reconcile::ReconcileEngine::snapshotReady, [&](const reconcile::SnapshotPtr& snapshot) {
        errors += snapshot->error ? 1 : 0;
        paired += snapshot->resources.size();
        synced += snapshot->sync == health::SyncStatus::Synced ? 1 : 0;
        if (snapshot->error)
            std::fprintf(stderr, "%s: %s\n", qPrintable(snapshot->environment), qPrintable(snapshot->error->toString()));
        if (++arrived < options.environments)
            return;
        refreshSeconds.push_back(double(refreshClock.nsecsElapsed()) / 1e9);
        probe.stop();
        if (int(refreshSeconds.size()) >= options.runs) {
            app.quit();
            return;
        }
        QTimer::singleShot(0, [&] {
            arrived = 0;
            refreshClock.start();
            probeClock.start();
            probe.start();
            engine.refreshAll();
        });
    });
    QTimer::singleShot(0, [&] {
        refreshClock.start();
        probeClock.start();
        probe.start();
        engine.start();
    });
    app.exec();
    engine.shutdown();

    std::vector<double> stalls;
    for (double tick : ticks)
        stalls.push_back(std::max(0.0, tick - 1.0));
    std::printf("\n%-44s %s\n", "measurement", "result");
    std::printf("%-44s %.2f s (cold render cache)\n", "full refresh, first", refreshSeconds.front());
    if (refreshSeconds.size() > 1) {
        std::vector<double> warm(refreshSeconds.begin() + 1, refreshSeconds.end());
        std::printf("%-44s %.2f s (median of %zu)\n", "full refresh, warm", percentile(warm, 0.5), warm.size());
    }
    std::printf("%-44s %.1f ms\n", "GUI-thread stall, max", stalls.empty() ? 0 : *std::max_element(stalls.begin(), stalls.end()));
    std::printf("%-44s %.1f ms\n", "GUI-thread stall, p99", percentile(stalls, 0.99));
    std::printf("%-44s %ld MiB\n", "RSS now", rssKiB("VmRSS:") / 1024);
    std::printf("%-44s %ld MiB\n", "RSS peak", rssKiB("VmHWM:") / 1024);
    std::printf("%-44s %d\n", "snapshots with errors", errors);
    std::printf("%-44s %zu in %zu refreshes; %d of the snapshots Synced\n", "resources paired", paired, refreshSeconds.size(),
                synced);
    return errors == 0 ? 0 : 1;
}
