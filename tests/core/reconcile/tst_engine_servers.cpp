// The reconcile engine end to end against both servers — syncline-devcluster and the real
// kube-apiserver: a Git repository, the engine's cycles and Sync, the deployed revision,
// health moving as the test writes status as a kubelet would, a change made with kubectl
// showing as drift that only a forced Sync takes back, and the commits of a rollback and a
// promotion (core/actions) that a Sync deploys.
#include "actions/ActionRunner.h"
#include "actions/PromotePlanner.h"
#include "actions/RollbackPlanner.h"
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "support/GitFixture.h"
#include "support/ServerProcess.h"
#include "support/SyncWait.h"
#include "support/TestServers.h"
#include "support/TrustedClients.h"
#include "workspace/WorkspaceConfig.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

using namespace syncline;
using namespace syncline::reconcile;
using syncline::test::TestServer;

namespace {

constexpr qint64 kEpoch = 1'700'000'000;
constexpr int kTimeoutMs = 30'000;

QByteArray deployment(const QString& name, const QString& image) {
    return QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %1\n  labels:\n    app: %1\n"
                          "spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: %1\n  template:\n"
                          "    metadata:\n      labels:\n        app: %1\n    spec:\n      containers:\n"
                          "        - name: main\n          image: %2\n")
        .arg(name, image)
        .toUtf8();
}

QString describe(const SyncResult& result) {
    QStringList lines;
    for (const auto& object : result.objects)
        lines << object.key.toString() + (object.error ? QStringLiteral(": ") + object.error->toString() : QString());
    if (result.error)
        lines << result.error->toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestEngineServers : public QObject {
    Q_OBJECT

private:
    test::TestServers m_servers;
    QString m_kubectl;
    std::unique_ptr<test::GitFixture> m_repo;
    std::unique_ptr<QTemporaryDir> m_consentDir;
    std::shared_ptr<ClusterConsentStore> m_consent;

    // One environment, `name`, in the namespace of the same name on the row's server.
    workspace::WorkspaceConfig writeWorkspace(const TestServer& server, const QString& name) {
        const QString yaml = QStringLiteral("version: 1\nenvironments:\n"
                                            "  - name: %1\n    path: envs/%1\n    renderer: plain\n    namespace: %1\n"
                                            "    cluster:\n      kubeconfig: %2\n      context: %3\n")
                                 .arg(name, server.kubeconfig, server.context);
        m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        if (!config)
            qFatal("bad test workspace: %s", qPrintable(config.error().toString()));
        return *config;
    }

    std::shared_ptr<ClientProvider> trustedClients(const workspace::WorkspaceConfig& config) {
        return test::trustedClients(m_consent, m_repo->path(), config);
    }

    static EngineOptions quietOptions() {
        EngineOptions options;
        options.refreshIntervalMs = 0; // cycles only when the test asks
        options.retryBaseMs = 200;
        return options;
    }

    // The first snapshot of `env` (after asking for a cycle) that `wanted` accepts.
    static SnapshotPtr waitFor(ReconcileEngine& engine, const QString& env,
                               const std::function<bool(const EnvironmentSnapshot&)>& wanted) {
        QSignalSpy spy(&engine, &ReconcileEngine::snapshotReady);
        if (auto current = engine.snapshot(env); current && wanted(*current))
            return current;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < kTimeoutMs) {
            if (spy.isEmpty() && !spy.wait(kTimeoutMs - int(clock.elapsed())))
                break;
            while (!spy.isEmpty()) {
                auto snapshot = spy.takeFirst().at(0).value<SnapshotPtr>();
                if (snapshot->environment == env && wanted(*snapshot))
                    return snapshot;
            }
            engine.refresh(env);
        }
        return nullptr;
    }

    static SyncResult waitForSync(QFuture<SyncResult> future) { return test::waitForSync(std::move(future), kTimeoutMs); }

    int kubectl(const TestServer& server, const QStringList& args, QString* output) {
        return test::runProgram(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), server.kubeconfig} + args, output);
    }

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    }

    void init() {
        m_repo = std::make_unique<test::GitFixture>();
        m_consentDir = std::make_unique<QTemporaryDir>();
        m_consent = std::make_shared<ClusterConsentStore>(m_consentDir->filePath(QStringLiteral("consent.conf")));
    }

    void cleanup() { m_repo.reset(); }

    // Missing at first; a Sync deploys the commit (Synced, the revision recorded); health
    // is Progressing until the test, as the Deployment controller would, reports the
    // replicas available — then Healthy.
    void aSyncDeploysTheCommitAndHealthFollowsTheReportedStatus() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it writes the status subresource here");
        const QString env = QStringLiteral("engine-deploy");
        auto config = writeWorkspace(server, env);
        m_repo->writeFile(QStringLiteral("envs/%1/settings.yaml").arg(env),
                          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n");
        m_repo->writeFile(QStringLiteral("envs/%1/api.yaml").arg(env),
                          deployment(QStringLiteral("api"), QStringLiteral("shop/api:1.0")));
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);

        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        auto before = waitFor(engine, env, [](const auto&) { return true; });
        QVERIFY(before);
        QVERIFY2(!before->error, qPrintable(before->error ? before->error->toString() : QString()));
        QCOMPARE(before->sync, health::SyncStatus::OutOfSync);
        QCOMPARE(before->count(diff::ResourceState::Missing), std::size_t(2));

        const SyncResult result = waitForSync(engine.sync({.environment = env}));
        QVERIFY2(result.succeeded(), qPrintable(describe(result)));
        auto synced = waitFor(engine, env, [](const EnvironmentSnapshot& s) { return s.deployed.has_value(); });
        QVERIFY(synced);
        QCOMPARE(synced->sync, health::SyncStatus::Synced);
        QCOMPARE(synced->deployed->commit.toHex(), first);
        QCOMPARE(synced->count(diff::ResourceState::Same), std::size_t(2));
        QCOMPARE(synced->health.health, health::Health::Progressing);

        QString output;
        QString generation;
        QCOMPARE(kubectl(server,
                         {QStringLiteral("get"), QStringLiteral("deployment"), QStringLiteral("api"), QStringLiteral("-n"), env,
                          QStringLiteral("-o"), QStringLiteral("jsonpath={.metadata.generation}")},
                         &generation),
                 0);
        const QString status = QStringLiteral("{\"status\":{\"observedGeneration\":%1,\"replicas\":2,\"updatedReplicas\":2,"
                                              "\"readyReplicas\":2,\"availableReplicas\":2}}")
                                   .arg(generation.trimmed());
        QVERIFY2(kubectl(server,
                         {QStringLiteral("patch"), QStringLiteral("deployment"), QStringLiteral("api"), QStringLiteral("-n"), env,
                          QStringLiteral("--subresource=status"), QStringLiteral("--type=merge"), QStringLiteral("-p"), status},
                         &output) == 0,
                 qPrintable(output));
        engine.refresh(env);
        auto healthy =
            waitFor(engine, env, [](const EnvironmentSnapshot& s) { return s.health.health == health::Health::Healthy; });
        QVERIFY(healthy);
        QCOMPARE(healthy->sync, health::SyncStatus::Synced);
    }

    // kubectl takes a field over: the next cycle shows the object Modified (OutOfSync); a
    // Sync fails on the conflict and records nothing; a forced Sync takes it back.
    void aChangeMadeWithKubectlIsDriftThatOnlyAForcedSyncTakesBack() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it plays the other field manager here");
        const QString env = QStringLiteral("engine-drift");
        auto config = writeWorkspace(server, env);
        m_repo->writeFile(QStringLiteral("envs/%1/settings.yaml").arg(env),
                          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n");
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, env, [](const auto&) { return true; }));
        QVERIFY(waitForSync(engine.sync({.environment = env})).succeeded());

        QString output;
        QVERIFY2(
            kubectl(server,
                    {QStringLiteral("patch"), QStringLiteral("configmap"), QStringLiteral("settings"), QStringLiteral("-n"), env,
                     QStringLiteral("--type=merge"), QStringLiteral("-p"), QStringLiteral("{\"data\":{\"mode\":\"slow\"}}")},
                    &output) == 0,
            qPrintable(output));
        engine.refresh(env);
        // (The snapshot from before the Sync is OutOfSync too: wait for the one that saw the change.)
        auto drifted =
            waitFor(engine, env, [](const EnvironmentSnapshot& s) { return s.count(diff::ResourceState::Modified) == 1; });
        QVERIFY(drifted);
        QCOMPARE(drifted->sync, health::SyncStatus::OutOfSync);

        const SyncResult refused = waitForSync(engine.sync({.environment = env}));
        QVERIFY(!refused.succeeded());
        QVERIFY2(refused.error && refused.error->code == util::ErrorCode::Conflict, qPrintable(describe(refused)));
        QVERIFY2(refused.error->message.contains(QStringLiteral("conflict with \"kubectl-patch\"")),
                 qPrintable(refused.error->message));

        const SyncResult forced = waitForSync(engine.sync({.environment = env, .force = true}));
        QVERIFY2(forced.succeeded(), qPrintable(describe(forced)));
        auto repaired = waitFor(engine, env, [](const EnvironmentSnapshot& s) { return s.sync == health::SyncStatus::Synced; });
        QVERIFY(repaired);
        QCOMPARE(repaired->count(diff::ResourceState::Same), std::size_t(1));
    }
    // Deployed A, then B; a rollback to A (a new commit R restoring A's folder, written by
    // ActionRunner) and a Sync: the cluster runs A's settings again, the deployed revision
    // is R (not A: history is kept) and the one before it B.
    void aRollbackCommitThatIsSyncedDeploysTheOlderStateAsANewRevision() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it reads what the cluster runs here");
        const QString env = QStringLiteral("engine-rollback");
        auto config = writeWorkspace(server, env);
        const QString settings = QStringLiteral("envs/%1/settings.yaml").arg(env);
        m_repo->writeFile(settings, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n");
        const QString a = m_repo->commitAll(QStringLiteral("fast"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, env, [](const auto&) { return true; }));
        QVERIFY(waitForSync(engine.sync({.environment = env})).succeeded());
        m_repo->writeFile(settings, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n");
        const QString b = m_repo->commitAll(QStringLiteral("slow"), kEpoch + 60);
        engine.refresh(env);
        QVERIFY(waitFor(engine, env, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == b; }));
        QVERIFY(waitForSync(engine.sync({.environment = env})).succeeded());
        QVERIFY(
            waitFor(engine, env, [&](const EnvironmentSnapshot& s) { return s.deployed && s.deployed->commit.toHex() == b; }));

        auto repository = test::openRepository(m_repo->path());
        auto planner = actions::RollbackPlanner::create(*repository, config.environments.front(), *git::ObjectId::fromHex(a));
        QVERIFY2(planner, qPrintable(planner ? QString() : planner.error().toString()));
        actions::ActionRunner runner(repository, config);
        auto preview = runner.preview(*planner);
        QVERIFY2(preview, qPrintable(preview ? QString() : preview.error().toString()));
        auto outcome = runner.run(*planner, preview->plan, {.requestSync = true});
        QVERIFY2(outcome && outcome->newTip, qPrintable(outcome ? QStringLiteral("no commit") : outcome.error().toString()));
        QVERIFY(outcome->syncRequested);
        const QString rolledBack = outcome->newTip->toHex();
        QVERIFY(rolledBack != a);

        engine.refresh(env);
        auto pending = waitFor(engine, env, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == rolledBack; });
        QVERIFY(pending);
        QCOMPARE(pending->sync, health::SyncStatus::OutOfSync);
        const SyncResult result = waitForSync(engine.sync({.environment = env}));
        QVERIFY2(result.succeeded(), qPrintable(describe(result)));
        auto deployed = waitFor(
            engine, env, [&](const EnvironmentSnapshot& s) { return s.deployed && s.deployed->commit.toHex() == rolledBack; });
        QVERIFY(deployed);
        QCOMPARE(deployed->sync, health::SyncStatus::Synced);
        QVERIFY(deployed->deployed->previous);
        QCOMPARE(deployed->deployed->previous->toHex(), b);
        QVERIFY2(deployed->deployed->summary.startsWith(QStringLiteral("rollback(")), qPrintable(deployed->deployed->summary));
        QString mode;
        QCOMPARE(kubectl(server,
                         {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("settings"), QStringLiteral("-n"),
                          env, QStringLiteral("-o"), QStringLiteral("jsonpath={.data.mode}")},
                         &mode),
                 0);
        QCOMPARE(mode.trimmed(), QStringLiteral("fast"));
    }
    // Two environments on the server; dev moves to version 1.1 and is synced; a promotion
    // of what dev runs (its deployed revision) to prod and a Sync of prod: prod runs 1.1,
    // its deployed revision is the promotion's commit, and dev is left as it was.
    void aPromotionThatIsSyncedDeploysWhatTheSourceEnvironmentRuns() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it reads what the cluster runs here");
        QString yaml = QStringLiteral("version: 1\nenvironments:\n");
        for (const char* name : {"promote-dev", "promote-prod"})
            yaml += QStringLiteral("  - name: %1\n    path: envs/%1\n    renderer: plain\n    namespace: %1\n"
                                   "    promotable: [version.yaml]\n    cluster:\n      kubeconfig: %2\n      context: %3\n")
                        .arg(QLatin1String(name), server.kubeconfig, server.context);
        yaml += QStringLiteral("promotion: [promote-dev, promote-prod]\n");
        m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        auto parsed = workspace::WorkspaceConfig::parse(yaml.toStdString());
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().toString()));
        const workspace::WorkspaceConfig config = *parsed;
        const auto version = [](const char* v) -> QByteArray {
            return QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: version\ndata:\n  version: \"") + v + "\"\n";
        };
        const QString dev = QStringLiteral("promote-dev"), prod = QStringLiteral("promote-prod");
        m_repo->writeFile(QStringLiteral("envs/promote-dev/version.yaml"), version("1.0"));
        m_repo->writeFile(QStringLiteral("envs/promote-prod/version.yaml"), version("1.0"));
        m_repo->commitAll(QStringLiteral("1.0 everywhere"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        for (const QString& env : {dev, prod}) {
            QVERIFY(waitFor(engine, env, [](const auto&) { return true; }));
            QVERIFY(waitForSync(engine.sync({.environment = env})).succeeded());
        }
        m_repo->writeFile(QStringLiteral("envs/promote-dev/version.yaml"), version("1.1"));
        const QString bumped = m_repo->commitAll(QStringLiteral("dev: 1.1"), kEpoch + 60);
        engine.refresh(dev);
        QVERIFY(waitFor(engine, dev, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == bumped; }));
        QVERIFY(waitForSync(engine.sync({.environment = dev})).succeeded());
        auto devSynced = waitFor(
            engine, dev, [&](const EnvironmentSnapshot& s) { return s.deployed && s.deployed->commit.toHex() == bumped; });
        QVERIFY(devSynced);

        auto repository = test::openRepository(m_repo->path());
        auto planner = actions::PromotePlanner::create(*repository, config, dev, prod, devSynced->deployed->commit);
        QVERIFY2(planner, qPrintable(planner ? QString() : planner.error().toString()));
        actions::ActionRunner runner(repository, config);
        auto preview = runner.preview(*planner);
        QVERIFY2(preview, qPrintable(preview ? QString() : preview.error().toString()));
        auto outcome = runner.run(*planner, preview->plan, {.requestSync = true});
        QVERIFY2(outcome && outcome->newTip, qPrintable(outcome ? QStringLiteral("no commit") : outcome.error().toString()));
        const QString promoted = outcome->newTip->toHex();

        engine.refresh(prod);
        QVERIFY(waitFor(engine, prod, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == promoted; }));
        const SyncResult result = waitForSync(engine.sync({.environment = prod}));
        QVERIFY2(result.succeeded(), qPrintable(describe(result)));
        auto prodSynced = waitFor(
            engine, prod, [&](const EnvironmentSnapshot& s) { return s.deployed && s.deployed->commit.toHex() == promoted; });
        QVERIFY(prodSynced);
        QCOMPARE(prodSynced->sync, health::SyncStatus::Synced);
        QVERIFY2(prodSynced->deployed->summary.startsWith(QStringLiteral("promote(promote-prod)")),
                 qPrintable(prodSynced->deployed->summary));
        for (const auto& [env, expected] : {std::pair{prod, QStringLiteral("1.1")}, std::pair{dev, QStringLiteral("1.1")}}) {
            QString value;
            QCOMPARE(kubectl(server,
                             {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("version"), QStringLiteral("-n"),
                              env, QStringLiteral("-o"), QStringLiteral("jsonpath={.data.version}")},
                             &value),
                     0);
            QCOMPARE(value.trimmed(), expected);
        }
        engine.refresh(dev);
        auto devAfter = waitFor(engine, dev, [&](const EnvironmentSnapshot& s) { return s.targetRevision.toHex() == promoted; });
        QVERIFY(devAfter);
        QCOMPARE(devAfter->deployed->commit.toHex(), bumped); // the promotion is prod's commit only
        QCOMPARE(devAfter->sync, health::SyncStatus::Synced);
    }
};

QTEST_GUILESS_MAIN(TestEngineServers)
#include "tst_engine_servers.moc"
