#include "RefreshBench.h"

#include "FleetManifests.h"
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/GitSide.h"
#include "reconcile/ReconcileEngine.h"
#include "reconcile/SyncRunner.h"
#include "support/TrustedClients.h"
#include "util/PoolRunner.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QThreadPool>
#include <QTimer>

#include <set>

namespace syncline::bench {

namespace {

constexpr int kRefreshTimeoutMs = 180'000;

// Sync of one environment at its target revision, on a worker thread; empty when it worked.
QString deployEnvironment(const QString& repository, reconcile::ClientProvider& clients,
                          const workspace::Environment& environment) {
    auto gitSide = reconcile::GitSide::open(repository);
    if (!gitSide)
        return gitSide.error().toString();
    auto target = (*gitSide)->target(environment);
    if (!target)
        return target.error().toString();
    auto rendered = (*gitSide)->render(environment, target->commit);
    if (!rendered)
        return rendered.error().toString();
    auto client = clients.clientFor(environment);
    if (!client)
        return client.error().toString();
    auto result =
        reconcile::SyncRunner::run(**client, environment, **rendered, target->commit, {.environment = environment.name}, {}, {});
    return result.succeeded() ? QString() : result.error->toString();
}

} // namespace

QString RefreshBench::environmentName(int index) { return QStringLiteral("fleet-%1").arg(index); }

RefreshBench::RefreshBench(const test::TestServer& server, RefreshBenchSizes sizes)
    : m_server(server), m_sizes(sizes),
      m_consent(std::make_shared<reconcile::ClusterConsentStore>(m_consentDir.filePath(QStringLiteral("consent.conf")))) {}

RefreshBench::~RefreshBench() = default;

bool RefreshBench::prepare(QString* error) {
    writeWorkspace();
    if (!m_config) {
        *error = QStringLiteral("the benchmark's syncline.yaml does not parse");
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    if (!createNamespaces(error) || !deploy(error))
        return false;
    m_deployMs = double(clock.nsecsElapsed()) / 1e6;
    return true;
}

void RefreshBench::writeWorkspace() {
    m_repo = std::make_unique<test::GitFixture>();
    QString yaml = QStringLiteral("version: 1\nenvironments:\n");
    const auto files = fleetEnvironmentFiles(m_sizes.resources);
    for (int e = 0; e < m_sizes.environments; ++e) {
        const QString name = environmentName(e);
        yaml += QStringLiteral("  - name: %1\n    path: envs/%1\n    renderer: plain\n    namespace: %1\n"
                               "    cluster:\n      kubeconfig: %2\n      context: %3\n")
                    .arg(name, m_server.kubeconfig, m_server.context);
        for (const auto& [file, text] : files)
            m_repo->writeFile(QStringLiteral("envs/%1/%2").arg(name, file), text);
    }
    m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
    m_repo->commitAll(QStringLiteral("fleet"), 1'700'000'000);
    auto parsed = workspace::WorkspaceConfig::parse(yaml.toStdString());
    if (parsed)
        m_config = std::move(*parsed);
}

// The real server refuses objects in a namespace that does not exist.
bool RefreshBench::createNamespaces(QString* error) {
    auto client = kube::HttpKubeClient::create({m_server.kubeconfig, m_server.context, false},
                                               std::make_shared<kube::InMemoryExecApprovals>());
    if (!client) {
        *error = client.error().toString();
        return false;
    }
    util::CancellationToken cancel;
    for (int e = 0; e < m_sizes.environments; ++e) {
        const nlohmann::json ns = {
            {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", environmentName(e).toStdString()}}}};
        if (auto r = (*client)->apply(ns, {}, cancel); !r) {
            *error = r.error().toString();
            return false;
        }
    }
    return true;
}

bool RefreshBench::deploy(QString* error) {
    auto clients = test::trustedClients(m_consent, m_repo->path(), *m_config);
    // Environments at once: SyncRunner waits on each request, the client bounds the cluster's load.
    QThreadPool pool;
    pool.setMaxThreadCount(8);
    std::vector<QFuture<QString>> deployed;
    for (const auto& environment : m_config->environments)
        deployed.push_back(util::runOn(
            pool,
            [repository = m_repo->path(), clients, environment] { return deployEnvironment(repository, *clients, environment); },
            QStringLiteral("deploying"), [](const util::Error& e) { return e.toString(); }));
    for (auto& future : deployed) {
        future.waitForFinished();
        if (!future.result().isEmpty() && error->isEmpty())
            *error = QStringLiteral("deploy: ") + future.result();
    }
    return error->isEmpty();
}

bool RefreshBench::measure(QString* error) {
    for (int run = 0; run <= m_sizes.runs; ++run)
        if (!refreshOnce(run > 0, error))
            return false;
    return true;
}

// A new engine, started on a running event loop, until every environment has a snapshot.
bool RefreshBench::refreshOnce(bool counted, QString* error) {
    reconcile::EngineOptions options;
    options.refreshIntervalMs = 0;
    reconcile::ReconcileEngine engine(m_repo->path(), *m_config, test::trustedClients(m_consent, m_repo->path(), *m_config),
                                      options);
    std::set<QString> seen;
    std::size_t paired = 0;
    int synced = 0;
    QEventLoop loop;
    QObject::connect(&engine, &reconcile::ReconcileEngine::snapshotReady, &loop, [&](const reconcile::SnapshotPtr& snapshot) {
        if (!seen.insert(snapshot->environment).second)
            return;
        if (snapshot->error && error->isEmpty())
            *error = QStringLiteral("%1: %2").arg(snapshot->environment, snapshot->error->toString());
        paired += snapshot->resources.size();
        synced += snapshot->sync == health::SyncStatus::Synced ? 1 : 0;
        if (int(seen.size()) == m_sizes.environments)
            loop.quit();
    });
    QTimer::singleShot(kRefreshTimeoutMs, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    QTimer::singleShot(0, &loop, [&] {
        clock.start();
        engine.start();
    });
    loop.exec();
    const double took = double(clock.nsecsElapsed()) / 1e6;
    engine.shutdown();
    if (int(seen.size()) < m_sizes.environments && error->isEmpty())
        *error = QStringLiteral("%1 of %2 environments had a snapshot after %3 s")
                     .arg(seen.size())
                     .arg(m_sizes.environments)
                     .arg(kRefreshTimeoutMs / 1000);
    if (!error->isEmpty())
        return false;
    if (counted)
        m_refreshMs.push_back(took);
    m_lastPaired = paired;
    m_lastSynced = synced;
    return true;
}

QString RefreshBench::describe() const {
    return QStringLiteral("%1 resources paired, %2 of %3 environments Synced")
        .arg(m_lastPaired)
        .arg(m_lastSynced)
        .arg(m_sizes.environments);
}

} // namespace syncline::bench
