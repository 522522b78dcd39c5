#include "WatchLatencyBench.h"

#include "kube/ExecApprovals.h"
#include "support/SyncWait.h"
#include "support/TrustedClients.h"
#include "workspace/WorkspaceConfig.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>

#include <cstdio>

namespace syncline::bench {

namespace {

constexpr int kObjects = 20;
constexpr int kWarmUpChanges = 2;
constexpr int kChangeTimeoutMs = 10'000;
const QString kEnv = QStringLiteral("watchbench");

QString workspaceYaml(const test::TestServer& server) {
    return QStringLiteral("version: 1\nenvironments:\n  - name: %1\n    path: envs/%1\n    renderer: plain\n"
                          "    namespace: %1\n    cluster:\n      kubeconfig: %2\n      context: %3\n")
        .arg(kEnv, server.kubeconfig, server.context);
}

} // namespace

WatchLatencyBench::WatchLatencyBench(const test::TestServer& server, int changes)
    : m_server(server), m_changes(changes),
      m_consent(std::make_shared<reconcile::ClusterConsentStore>(m_consentDir.filePath(QStringLiteral("consent.conf")))) {}

WatchLatencyBench::~WatchLatencyBench() {
    if (m_engine) {
        m_engine->disconnect();
        m_engine->shutdown();
    }
    m_kubectl.kill();
    m_kubectl.waitForFinished();
}

bool WatchLatencyBench::prepare(QString* error) {
    writeWorkspace();
    return startEngine(error) && startKubectl(error);
}

void WatchLatencyBench::writeWorkspace() {
    m_repo.writeFile(QStringLiteral("syncline.yaml"), workspaceYaml(m_server).toUtf8());
    for (int i = 0; i < kObjects; ++i)
        m_repo.writeFile(
            QStringLiteral("envs/%1/cm-%2.yaml").arg(kEnv).arg(i),
            QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%1\ndata:\n  mode: fast\n").arg(i).toUtf8());
    m_repo.commitAll(QStringLiteral("bench"), 1'700'000'000);
}

// The engine with live updates, the environment synced, its watches' first lists done.
bool WatchLatencyBench::startEngine(QString* error) {
    auto config = workspace::WorkspaceConfig::parse(workspaceYaml(m_server).toStdString());
    if (!config) {
        *error = config.error().toString();
        return false;
    }
    reconcile::EngineOptions options;
    options.refreshIntervalMs = 0;
    options.liveUpdates = true;
    m_engine = std::make_unique<reconcile::ReconcileEngine>(m_repo.path(), *config,
                                                            test::trustedClients(m_consent, m_repo.path(), *config), options);
    QObject::connect(m_engine.get(), &reconcile::ReconcileEngine::snapshotReady,
                     [this](const reconcile::SnapshotPtr& snapshot) { m_last = snapshot; });
    m_engine->start();
    if (!waitUntil([&] { return m_last != nullptr; }, 60'000) ||
        !test::waitForSync(m_engine->sync({.environment = kEnv}), 60'000).succeeded() ||
        !waitUntil([&] { return m_last && m_last->sync == health::SyncStatus::Synced; }, 60'000)) {
        *error = QStringLiteral("the benchmark environment did not sync");
        return false;
    }
    waitUntil([] { return false; }, 1500); // the watches' first lists settle
    auto client = kube::HttpKubeClient::create({m_server.kubeconfig, m_server.context, false},
                                               std::make_shared<kube::InMemoryExecApprovals>());
    if (!client) {
        *error = client.error().toString();
        return false;
    }
    m_client = std::move(*client);
    return true;
}

bool WatchLatencyBench::startKubectl(QString* error) {
    m_kubectl.start(QStandardPaths::findExecutable(QStringLiteral("kubectl")),
                    {QStringLiteral("--kubeconfig"), m_server.kubeconfig, QStringLiteral("get"), QStringLiteral("configmap"),
                     QStringLiteral("-n"), kEnv, QStringLiteral("--watch-only"), QStringLiteral("-o"), QStringLiteral("name")});
    if (!m_kubectl.waitForStarted()) {
        *error = QStringLiteral("kubectl did not start: %1").arg(m_kubectl.errorString());
        return false;
    }
    waitUntil([] { return false; }, 1500); // kubectl's watch is open
    m_kubectl.readAll();
    return true;
}

bool WatchLatencyBench::measure(QString* error) {
    for (int i = 0; i < kWarmUpChanges + m_changes; ++i)
        timeChange(i, i >= kWarmUpChanges);
    if (m_kubectl.state() != QProcess::Running) {
        *error = QStringLiteral("kubectl get --watch stopped: %1").arg(QString::fromUtf8(m_kubectl.readAllStandardError()));
        return false;
    }
    return true;
}

// Change `index`: cm-N to "slow" (the snapshot shows one Modified), then back to "fast".
void WatchLatencyBench::timeChange(int index, bool counted) {
    const bool drift = index % 2 == 0;
    const std::size_t wantModified = drift ? 1 : 0;
    QElapsedTimer clock;
    clock.start();
    qint64 kubectlSaw = -1, engineSaw = -1;
    patchLater((index / 2) % kObjects, drift ? "slow" : "fast");
    const bool both = waitUntil(
        [&] {
            if (kubectlSaw < 0 && m_kubectl.canReadLine()) {
                m_kubectl.readLine();
                kubectlSaw = clock.nsecsElapsed();
            }
            if (engineSaw < 0 && m_last && m_last->count(diff::ResourceState::Modified) == wantModified)
                engineSaw = clock.nsecsElapsed();
            return kubectlSaw >= 0 && engineSaw >= 0;
        },
        kChangeTimeoutMs);
    if (!counted)
        return;
    m_timeouts += both ? 0 : 1;
    m_engineMs.push_back(engineSaw < 0 ? kChangeTimeoutMs : double(engineSaw) / 1e6);
    m_kubectlMs.push_back(kubectlSaw < 0 ? kChangeTimeoutMs : double(kubectlSaw) / 1e6);
}

// From a worker thread: the client blocks its caller, and the event loop must keep running.
void WatchLatencyBench::patchLater(int object, const char* mode) {
    QThreadPool::globalInstance()->start([client = m_client, object, mode] {
        const manifest::ResourceKey key{{}, QStringLiteral("ConfigMap"), kEnv, QStringLiteral("cm-%1").arg(object)};
        auto patched = client->mergePatch(key, {{"data", {{"mode", mode}}}}, {});
        if (!patched)
            std::fprintf(stderr, "patch failed: %s\n", qPrintable(patched.error().toString()));
    });
}

std::vector<FigureRow> WatchLatencyBench::rows() const {
    const QString peer = QStringLiteral("kubectl get --watch");
    const QString what = QStringLiteral("patch -> snapshot, %1 of %2 changes");
    return {{what.arg(QStringLiteral("median")).arg(m_changes), m_engineMs, m_kubectlMs, peer, 0.5},
            {what.arg(QStringLiteral("p99")).arg(m_changes), m_engineMs, m_kubectlMs, peer, 0.99}};
}

// Runs the event loop until `done` or `ms` pass.
bool WatchLatencyBench::waitUntil(const std::function<bool()>& done, int ms) {
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

} // namespace syncline::bench
