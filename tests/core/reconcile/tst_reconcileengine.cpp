// The reconcile engine against real devclusters: cycles, Sync, faults.
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "support/DevCluster.h"
#include "support/FaultyApiServer.h"
#include "support/GitFixture.h"
#include "support/SyncWait.h"
#include "workspace/WorkspaceConfig.h"

#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <functional>
#include <new>
#include <set>
#include <stdexcept>
#include <utility>
#include <vector>

using namespace syncline;
using namespace syncline::reconcile;

namespace {

constexpr qint64 kEpoch = 1'700'000'000;
constexpr int kTimeoutMs = 30'000;

QByteArray configMap(const QString& name, const QString& value) {
    return QStringLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1\ndata:\n  value: \"%2\"\n")
        .arg(name, value)
        .toUtf8();
}

QByteArray deployment(const QString& name, const QString& image) {
    return QStringLiteral("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: %1\n  labels:\n    app: %1\n"
                          "spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: %1\n  template:\n"
                          "    metadata:\n      labels:\n        app: %1\n    spec:\n      containers:\n"
                          "        - name: main\n          image: %2\n")
        .arg(name, image)
        .toUtf8();
}

// Fails chosen operations of a real client: the faults a real server gives rarely.
class FaultyClient : public kube::KubeClient {
public:
    explicit FaultyClient(std::shared_ptr<kube::KubeClient> inner) : m_inner(std::move(inner)) {}

    std::function<bool(const nlohmann::json&, const kube::ApplyOptions&)> failApply;
    std::atomic<int> applies{0};

    QString clusterName() const override { return m_inner->clusterName(); }
    QString serverUrl() const override { return m_inner->serverUrl(); }
    util::Result<std::vector<kube::ApiResource>> discover(const util::CancellationToken& c, bool r) override {
        return m_inner->discover(c, r);
    }
    util::Result<kube::ApiResource> resourceFor(const QString& g, const QString& k, const util::CancellationToken& c) override {
        return m_inner->resourceFor(g, k, c);
    }
    util::Result<nlohmann::json> get(const manifest::ResourceKey& key, const util::CancellationToken& c) override {
        return m_inner->get(key, c);
    }
    util::Result<std::vector<nlohmann::json>> list(const QString& g, const QString& k, const kube::ListOptions& o,
                                                   const util::CancellationToken& c) override {
        return m_inner->list(g, k, o, c);
    }
    util::Result<nlohmann::json> apply(const nlohmann::json& object, const kube::ApplyOptions& options,
                                       const util::CancellationToken& c) override {
        if (!options.dryRun)
            ++applies;
        if (failApply && failApply(object, options))
            return util::fail(util::ErrorCode::Invalid, QStringLiteral("422 Invalid: injected by the test"),
                              QString::fromStdString(object["metadata"].value("name", std::string())));
        return m_inner->apply(object, options, c);
    }
    util::Result<nlohmann::json> create(const nlohmann::json& object, const kube::CreateOptions& options,
                                        const util::CancellationToken& c) override {
        return m_inner->create(object, options, c);
    }
    util::Result<nlohmann::json> mergePatch(const manifest::ResourceKey& key, const nlohmann::json& patch,
                                            const util::CancellationToken& c) override {
        return m_inner->mergePatch(key, patch, c);
    }
    util::Result<void> remove(const manifest::ResourceKey& key, const kube::DeleteOptions& o,
                              const util::CancellationToken& c) override {
        return m_inner->remove(key, o, c);
    }

private:
    std::shared_ptr<kube::KubeClient> m_inner;
};

// The real provider, with an optional fault-injecting wrapper around one environment's client.
class TestClients : public ClientProvider {
public:
    TestClients(QString root, std::shared_ptr<ClusterConsentStore> consent)
        : m_real(std::move(root), std::make_shared<kube::InMemoryExecApprovals>(), std::move(consent)) {}

    std::function<std::shared_ptr<FaultyClient>(std::shared_ptr<kube::KubeClient>)> wrap;
    // Runs first on every request for a client (on the engine's workers); may throw.
    std::function<void(const workspace::Environment&)> beforeClient;

    AllowedAutomation allowedAutomation(const workspace::Environment& environment) override {
        return m_real.allowedAutomation(environment);
    }

    util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::Environment& environment) override {
        if (beforeClient)
            beforeClient(environment);
        auto client = m_real.clientFor(environment);
        if (!client || !wrap)
            return client;
        std::lock_guard lock(m_mutex);
        auto& wrapped = m_wrapped[client->get()];
        if (!wrapped)
            wrapped = wrap(*client);
        return std::shared_ptr<kube::KubeClient>(wrapped);
    }

private:
    KubeconfigClientProvider m_real;
    std::mutex m_mutex;
    std::map<kube::KubeClient*, std::shared_ptr<FaultyClient>> m_wrapped;
};

// Every environment on one client (a hostile test server's).
class OneClient : public ClientProvider {
public:
    explicit OneClient(std::shared_ptr<kube::KubeClient> client) : m_client(std::move(client)) {}
    util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::Environment&) override { return m_client; }
    AllowedAutomation allowedAutomation(const workspace::Environment&) override { return {}; }

private:
    std::shared_ptr<kube::KubeClient> m_client;
};

// The exceptions a worker job meets in practice: out of memory, a JSON library's type
// error, a container's range check.
enum class Fault { OutOfMemory, JsonTypeError, OutOfRange };

[[noreturn]] void raise(Fault fault) {
    switch (fault) {
    case Fault::OutOfMemory:
        throw std::bad_alloc();
    case Fault::JsonTypeError:
        (void)nlohmann::json().at("spec");
        break;
    case Fault::OutOfRange:
        (void)std::vector<int>().at(3);
        break;
    }
    throw std::logic_error("unreachable");
}

} // namespace

Q_DECLARE_METATYPE(Fault)

class TestReconcileEngine : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<test::GitFixture> m_repo;
    std::unique_ptr<test::DevCluster> m_dev;
    std::unique_ptr<test::DevCluster> m_prod;
    std::unique_ptr<QTemporaryDir> m_consentDir;
    std::shared_ptr<ClusterConsentStore> m_consent;

    // Two environments, each on its own devcluster; `extra` is appended to dev's entry.
    workspace::WorkspaceConfig writeWorkspace(const QString& devExtra = {}) {
        const QString yaml = QStringLiteral("version: 1\nenvironments:\n"
                                            "  - name: dev\n    path: envs/dev\n    renderer: plain\n    namespace: shop-dev\n"
                                            "    cluster:\n      kubeconfig: %1\n%3"
                                            "  - name: prod\n    path: envs/prod\n    renderer: plain\n    namespace: shop-prod\n"
                                            "    cluster:\n      kubeconfig: %2\n"
                                            "promotion: [dev, prod]\n")
                                 .arg(m_dev->kubeconfigPath(), m_prod->kubeconfigPath(), devExtra);
        m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        if (!config)
            qFatal("bad test workspace: %s", qPrintable(config.error().toString()));
        return *config;
    }

    void writeEnvironment(const QString& env, int objects, const QString& value) {
        m_repo->writeFile(QStringLiteral("envs/%1/namespace.yaml").arg(env),
                          QStringLiteral("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-%1\n").arg(env).toUtf8());
        for (int i = 0; i < objects; ++i)
            m_repo->writeFile(QStringLiteral("envs/%1/config-%2.yaml").arg(env).arg(i),
                              configMap(QStringLiteral("config-%1").arg(i), value));
        m_repo->writeFile(QStringLiteral("envs/%1/api.yaml").arg(env),
                          deployment(QStringLiteral("api"), QStringLiteral("shop/api:1.0")));
    }

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
        }
        return nullptr;
    }

    static SyncResult waitForSync(QFuture<SyncResult> future) { return test::waitForSync(std::move(future), kTimeoutMs); }

    static std::unique_ptr<kube::HttpKubeClient> directClient(const test::DevCluster& cluster) {
        workspace::ClusterRef ref;
        ref.kubeconfig = cluster.kubeconfigPath();
        auto client = kube::HttpKubeClient::create(ref, std::make_shared<kube::InMemoryExecApprovals>());
        if (!client)
            qFatal("client: %s", qPrintable(client.error().toString()));
        return std::move(*client);
    }

    // The user's consent, given explicitly: every environment of `config` trusted as its
    // cluster is now (auto-sync and prune allowed only when asked).
    std::shared_ptr<TestClients> trustedClients(const workspace::WorkspaceConfig& config, bool allowAutomation = false) {
        const QString repository = ClusterConsentStore::repositoryKeyOf(m_repo->path());
        for (const auto& environment : config.environments) {
            auto trusted = m_consent->trust(repository, environment, m_repo->path(), allowAutomation, allowAutomation);
            if (!trusted)
                qFatal("trust: %s", qPrintable(trusted.error().toString()));
        }
        return std::make_shared<TestClients>(m_repo->path(), m_consent);
    }

    EngineOptions quietOptions() {
        EngineOptions options;
        options.refreshIntervalMs = 0; // cycles only when the test asks
        options.retryBaseMs = 200;
        return options;
    }

private Q_SLOTS:
    void init() {
        m_repo = std::make_unique<test::GitFixture>();
        m_consentDir = std::make_unique<QTemporaryDir>();
        m_consent = std::make_shared<ClusterConsentStore>(m_consentDir->filePath(QStringLiteral("consent.conf")));
        m_dev = std::make_unique<test::DevCluster>();
        m_prod = std::make_unique<test::DevCluster>();
        QString error;
        QVERIFY2(m_dev->start(&error), qPrintable(error));
        QVERIFY2(m_prod->start(&error), qPrintable(error));
    }

    void cleanup() {
        m_dev.reset();
        m_prod.reset();
        m_repo.reset();
    }

    void firstCycleShowsEverythingMissingThenSyncDeploysTheTarget() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 3, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 3, QStringLiteral("one"));
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);

        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        auto dev = waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; });
        QVERIFY(dev);
        QVERIFY2(!dev->error, qPrintable(dev->error ? dev->error->toString() : QString()));
        QCOMPARE(dev->targetRevision.toHex(), first);
        QCOMPARE(dev->sync, health::SyncStatus::OutOfSync);
        QCOMPARE(dev->count(diff::ResourceState::Missing), std::size_t(5)); // namespace, 3 configs, api
        QCOMPARE(dev->health.health, health::Health::Missing);
        QVERIFY(!dev->deployed);
        QCOMPARE(dev->cluster.reachability, ClusterReachability::Reachable);
        QCOMPARE(dev->cluster.server, m_dev->url().toString());

        SyncRequest request;
        request.environment = QStringLiteral("dev");
        const SyncResult result = waitForSync(engine.sync(request));
        QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->toString() : QString()));
        QCOMPARE(result.objects.size(), std::size_t(5));
        for (const auto& object : result.objects)
            QCOMPARE(object.outcome, ObjectOutcome::Applied);

        auto synced = waitFor(engine, QStringLiteral("dev"), [](const EnvironmentSnapshot& s) { return s.deployed.has_value(); });
        QVERIFY(synced);
        QCOMPARE(synced->sync, health::SyncStatus::Synced);
        QCOMPARE(synced->deployed->commit.toHex(), first);
        QCOMPARE(synced->deployed->summary, QStringLiteral("first"));
        QCOMPARE(synced->commitsBehind, 0);
        QCOMPARE(synced->count(diff::ResourceState::Same), std::size_t(5));

        // Syncing the same revision again changes nothing on the cluster, and says so.
        const SyncResult again = waitForSync(engine.sync(request));
        QVERIFY2(again.succeeded(), qPrintable(again.error ? again.error->toString() : QString()));
        QCOMPARE(again.objects.size(), std::size_t(5));
        for (const auto& object : again.objects)
            QVERIFY2(object.outcome == ObjectOutcome::Unchanged, qPrintable(object.key.toString()));

        // The cluster records it: the inventory ConfigMap and an annotation per object.
        auto client = directClient(*m_dev);
        auto inventory = client->get(kube::inventoryKey(QStringLiteral("dev"), QStringLiteral("shop-dev")), {});
        QVERIFY2(inventory, qPrintable(inventory ? QString() : inventory.error().toString()));
        auto parsed = kube::fromConfigMap(*inventory);
        QVERIFY(parsed);
        QCOMPARE(parsed->revision, first);
        QCOMPARE(parsed->resources.size(), std::size_t(5));
        auto api = client->get(
            {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop-dev"), QStringLiteral("api")}, {});
        QVERIFY(api);
        QCOMPARE(QString::fromStdString((*api)["metadata"]["annotations"]["syncline.io/revision"].get<std::string>()), first);

        // prod was never synced and is untouched.
        auto prod = waitFor(engine, QStringLiteral("prod"), [](const auto&) { return true; });
        QVERIFY(prod);
        QCOMPARE(prod->sync, health::SyncStatus::OutOfSync);
        QVERIFY(!prod->deployed);
    }

    void aRolloutInProgressIsReadAgainSoonUntilHealthy() {
        // A cluster whose controllers take a moment to roll a Deployment out.
        test::DevCluster slow({.simulateControllers = true, .simulateDelayMs = 2000});
        QString error;
        QVERIFY2(slow.start(&error), qPrintable(error));
        auto config = writeWorkspace();
        config.environments[0].cluster.kubeconfig = slow.kubeconfigPath();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        EngineOptions options = quietOptions();
        options.refreshIntervalMs = 600'000; // the periodic cycle would come far too late
        options.progressingRefreshMs = 300;
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), options);
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
        const SyncResult result = waitForSync(engine.sync({.environment = QStringLiteral("dev")}));
        QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->toString() : QString()));
        // Right after the sync the rollout is under way; nobody asks again, yet Healthy arrives.
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const EnvironmentSnapshot& s) {
            return s.deployed && s.health.health == health::Health::Progressing;
        }));
        auto healthy = waitFor(engine, QStringLiteral("dev"), [](const EnvironmentSnapshot& s) {
            return s.deployed && s.health.health == health::Health::Healthy;
        });
        QVERIFY(healthy);
        QCOMPARE(healthy->sync, health::SyncStatus::Synced);
    }

    void aNewCommitShowsTheModifiedResourceAndCommitsBehind() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 2, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
        QVERIFY(waitForSync(engine.sync({.environment = QStringLiteral("dev")})).succeeded());
        QVERIFY(waitFor(engine, QStringLiteral("dev"),
                        [](const EnvironmentSnapshot& s) { return s.sync == health::SyncStatus::Synced; }));

        m_repo->writeFile(QStringLiteral("envs/dev/config-1.yaml"), configMap(QStringLiteral("config-1"), QStringLiteral("two")));
        m_repo->commitAll(QStringLiteral("change config-1"), kEpoch + 60);
        m_repo->writeFile(QStringLiteral("envs/prod/config-0.yaml"),
                          configMap(QStringLiteral("config-0"), QStringLiteral("two")));
        m_repo->commitAll(QStringLiteral("change prod only"), kEpoch + 120);
        engine.repositoryChanged();
        auto changed = waitFor(engine, QStringLiteral("dev"),
                               [](const EnvironmentSnapshot& s) { return s.sync == health::SyncStatus::OutOfSync; });
        QVERIFY(changed);
        QCOMPARE(changed->count(diff::ResourceState::Modified), std::size_t(1));
        QCOMPARE(changed->commitsBehind, 2);
        QCOMPARE(changed->targetSummary, QStringLiteral("change prod only"));
        const auto modified = std::find_if(changed->resources.begin(), changed->resources.end(),
                                           [](const ResourceStatus& r) { return r.diff.state == diff::ResourceState::Modified; });
        QCOMPARE(modified->diff.key.name, QStringLiteral("config-1"));
        QVERIFY(modified->diff.unifiedDiff.contains(QLatin1String("two")));
    }

    void aDeadClusterMarksOnlyItsEnvironmentAndIsRetried() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return !s.error; }));
        QVERIFY(waitFor(engine, QStringLiteral("prod"), [](const auto& s) { return !s.error; }));

        m_prod->kill();
        engine.refreshAll();
        auto prod = waitFor(engine, QStringLiteral("prod"), [](const auto& s) { return s.error.has_value(); });
        QVERIFY(prod);
        QCOMPARE(prod->cluster.reachability, ClusterReachability::Unreachable);
        QCOMPARE(prod->sync, health::SyncStatus::Unknown);
        auto dev = waitFor(engine, QStringLiteral("dev"), [&](const auto& s) { return s.sequence >= 2; });
        QVERIFY(dev);
        QVERIFY(!dev->error);

        // Retried with backoff without anyone asking: once the cluster is back, it recovers.
        QString error;
        QVERIFY2(m_prod->start(&error), qPrintable(error));
        // The restarted server listens on a new port; the kubeconfig is rewritten in place.
        // A new server is a new cluster: it is not contacted until the user trusts it again.
        auto changed = waitFor(engine, QStringLiteral("prod"),
                               [](const auto& s) { return s.error && s.error->code == util::ErrorCode::ConsentRequired; });
        QVERIFY(changed);
        QVERIFY2(changed->error->message.contains(QLatin1String("changed since you trusted it (server ")),
                 qPrintable(changed->error->message));
        trustedClients(config);
        engine.refresh(QStringLiteral("prod"));
        auto back = waitFor(engine, QStringLiteral("prod"), [](const auto& s) { return !s.error; });
        QVERIFY(back);
        QCOMPARE(back->cluster.reachability, ClusterReachability::Reachable);
    }

    // An exception inside a worker job (here: the client provider of prod's cluster) is an
    // error on that environment; dev goes on being read and synced, and prod is retried.
    void aJobThatThrowsFailsOnlyItsEnvironmentAndIsRetried_data() {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<QString>("reason");
        QTest::newRow("std::bad_alloc") << Fault::OutOfMemory << QStringLiteral("std::bad_alloc");
        QTest::newRow("nlohmann::json") << Fault::JsonTypeError
                                        << QStringLiteral("[json.exception.type_error.304] cannot use at() with null");
        QTest::newRow("std::out_of_range") << Fault::OutOfRange
                                           << QStringLiteral(
                                                  "vector::_M_range_check: __n (which is 3) >= this->size() (which is 0)");
    }
    void aJobThatThrowsFailsOnlyItsEnvironmentAndIsRetried() {
        QFETCH(Fault, fault);
        QFETCH(QString, reason);
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto clients = trustedClients(config);
        auto throwing = std::make_shared<std::atomic<bool>>(true);
        clients->beforeClient = [bad = m_prod->kubeconfigPath(), throwing, fault](const workspace::Environment& environment) {
            if (environment.cluster.kubeconfig == bad && throwing->load())
                raise(fault);
        };
        ReconcileEngine engine(m_repo->path(), config, clients, quietOptions());
        engine.start();

        auto prod = waitFor(engine, QStringLiteral("prod"), [](const auto& s) { return s.error.has_value(); });
        QVERIFY(prod);
        QCOMPARE(prod->error->toString(), QStringLiteral("prod: internal error while reading cluster: ") + reason);
        QCOMPARE(prod->targetRevision.toHex(), first); // what the git side found is still shown

        // dev is untouched by it: read, synced, read again.
        const SyncResult synced = waitForSync(engine.sync({.environment = QStringLiteral("dev")}));
        QVERIFY2(synced.succeeded(), qPrintable(synced.error ? synced.error->toString() : QString()));
        auto dev = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return s.sync == health::SyncStatus::Synced; });
        QVERIFY(dev);
        QVERIFY(!dev->error);

        // A sync of prod fails the same way, as a result.
        const SyncResult refused = waitForSync(engine.sync({.environment = QStringLiteral("prod")}));
        QCOMPARE(refused.environment, QStringLiteral("prod"));
        QVERIFY(refused.error);
        QCOMPARE(refused.error->toString(), QStringLiteral("prod: internal error while syncing: ") + reason);
        QVERIFY(!refused.recordedDeployed);

        // Retried without anyone asking: once the fault is gone, prod is read.
        throwing->store(false);
        auto back = waitFor(engine, QStringLiteral("prod"), [](const auto& s) { return !s.error; });
        QVERIFY(back);
        QCOMPARE(back->cluster.reachability, ClusterReachability::Reachable);
        QCOMPARE(back->sync, health::SyncStatus::OutOfSync);
    }

    // Live objects come from the server: one as deep as Syncline reads (util/JsonDepth.h) is
    // read, diffed and assessed on the engine's workers (no stack overflow, with ASan's frames
    // too); a deeper one is an error on its environment naming the server and the object.
    void liveObjectsNestedDeeperThanSynclineReadsAreAnError_data() {
        QTest::addColumn<int>("arrays"); // config-0's {"extra": <arrays>} is arrays + 1 levels deep
        QTest::addColumn<bool>("refused");
        QTest::newRow("as deep as Syncline reads") << 256 - 1 << false;
        QTest::newRow("a million levels") << 1'000'000 << true;
    }
    void liveObjectsNestedDeeperThanSynclineReadsAreAnError() {
        QFETCH(int, arrays);
        QFETCH(bool, refused);
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        const QByteArray deep = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"config-0","namespace":"shop-dev"},)"
                                R"("data":{"value":"two"},"extra":)" +
                                test::FaultResponse::nestedArrays(arrays) + "}";
        test::FaultyApiServer server;
        QString error;
        QVERIFY2(server.start(
                     [deep](const test::FaultRequest& request) {
                         if (auto discovery = test::FaultyApiServer::discovery(request))
                             return *discovery;
                         if (request.path == QLatin1String("/api/v1/namespaces/shop-dev/configmaps/config-0"))
                             return test::FaultResponse::rawJson(deep);
                         return test::FaultResponse::apiStatus(404, QStringLiteral("NotFound"), QStringLiteral("not here"));
                     },
                     nullptr, &error),
                 qPrintable(error));
        kube::ClusterConnection connection;
        connection.contextName = QStringLiteral("hostile");
        connection.server = server.url();
        auto client = std::make_shared<kube::HttpKubeClient>(connection, nullptr);
        ReconcileEngine engine(m_repo->path(), config, std::make_shared<OneClient>(client), quietOptions());
        engine.start();
        auto dev = waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; });
        QVERIFY(dev);
        if (refused) {
            QVERIFY(dev->error);
            QCOMPARE(dev->error->toString(),
                     QStringLiteral("hostile: ConfigMap shop-dev/config-0: the answer from %1 nests arrays and objects "
                                    "deeper than 256 levels, more than Syncline reads; refused")
                         .arg(server.url().toString()));
            return;
        }
        QVERIFY2(!dev->error, qPrintable(dev->error ? dev->error->toString() : QString()));
        QCOMPARE(dev->count(diff::ResourceState::Modified), std::size_t(1)); // config-0: "two" live, "one" desired
        QCOMPARE(dev->count(diff::ResourceState::Missing), std::size_t(2));  // the namespace and api
    }

    void aDryRunRefusalAppliesNothing() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 8, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto clients = trustedClients(config);
        clients->wrap = [](std::shared_ptr<kube::KubeClient> inner) {
            auto faulty = std::make_shared<FaultyClient>(std::move(inner));
            faulty->failApply = [](const nlohmann::json& object, const kube::ApplyOptions& options) {
                return options.dryRun && object["metadata"].value("name", std::string()) == "config-2";
            };
            return faulty;
        };
        ReconcileEngine engine(m_repo->path(), config, clients, quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
        const SyncResult result = waitForSync(engine.sync({.environment = QStringLiteral("dev")}));
        QVERIFY(!result.succeeded());
        QVERIFY(result.dryRunFailed);
        QVERIFY(!result.recordedDeployed);
        int failed = 0;
        for (const auto& object : result.objects) {
            if (object.key.kind == QLatin1String("Namespace")) {
                QCOMPARE(object.outcome, ObjectOutcome::Applied); // namespaces go first, for real
                continue;
            }
            QVERIFY(object.outcome == ObjectOutcome::Failed || object.outcome == ObjectOutcome::Skipped);
            failed += object.outcome == ObjectOutcome::Failed;
        }
        QCOMPARE(failed, 1);
        auto client = directClient(*m_dev);
        auto absent =
            client->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"), QStringLiteral("config-0")}, {});
        QVERIFY(!absent);
        QCOMPARE(absent.error().code, util::ErrorCode::NotFound);
    }

    void aFailureOnObjectThreeOfTenRecordsNothingAsDeployed() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 8, QStringLiteral("one")); // 10 objects with the namespace and api
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto clients = trustedClients(config);
        std::shared_ptr<FaultyClient> faultyDev;
        clients->wrap = [&faultyDev](std::shared_ptr<kube::KubeClient> inner) {
            auto faulty = std::make_shared<FaultyClient>(std::move(inner));
            faulty->failApply = [raw = faulty.get()](const nlohmann::json&, const kube::ApplyOptions& options) {
                return !options.dryRun && raw->applies.load() == 3;
            };
            if (!faultyDev)
                faultyDev = faulty;
            return faulty;
        };
        ReconcileEngine engine(m_repo->path(), config, clients, quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
        const SyncResult result = waitForSync(engine.sync({.environment = QStringLiteral("dev")}));
        QVERIFY(!result.succeeded());
        QVERIFY(!result.recordedDeployed);
        QVERIFY(result.error);
        QCOMPARE(result.error->code, util::ErrorCode::Invalid);
        QCOMPARE(result.objects.size(), std::size_t(10));
        int applied = 0, failed = 0;
        for (const auto& object : result.objects) {
            applied += object.outcome == ObjectOutcome::Applied;
            failed += object.outcome == ObjectOutcome::Failed;
        }
        QCOMPARE(failed, 1);
        QVERIFY(applied >= 2);
        QVERIFY(applied <= 9);

        auto after = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return !s.syncing; });
        QVERIFY(after);
        QVERIFY(!after->deployed); // nothing is reported as deployed
        QCOMPARE(after->sync, health::SyncStatus::OutOfSync);
    }

    void aRenderErrorStaysInItsEnvironment() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->writeFile(QStringLiteral("envs/dev/broken.yaml"), QByteArray("kind: [unclosed\n"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        auto dev = waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; });
        QVERIFY(dev);
        QVERIFY(dev->error);
        QVERIFY2(dev->error->toString().contains(QLatin1String("broken.yaml")), qPrintable(dev->error->toString()));
        auto prod = waitFor(engine, QStringLiteral("prod"), [](const auto&) { return true; });
        QVERIFY(prod);
        QVERIFY(!prod->error);
        QCOMPARE(prod->count(diff::ResourceState::Missing), std::size_t(3));
    }

    void aCorruptInventoryIsAWarningOnTheSnapshot() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
        QVERIFY(waitForSync(engine.sync({.environment = QStringLiteral("dev")})).succeeded());
        auto synced = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return s.deployed.has_value(); });
        QVERIFY(synced);
        QVERIFY(synced->warnings.empty());

        // Someone edits the inventory ConfigMap by hand and breaks it.
        auto client = directClient(*m_dev);
        QVERIFY(client->mergePatch(kube::inventoryKey(QStringLiteral("dev"), QStringLiteral("shop-dev")),
                                   nlohmann::json{{"data", {{"revision", "not-a-commit"}}}}, {}));
        engine.refresh(QStringLiteral("dev"));
        auto warned = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return !s.deployed; });
        QVERIFY(warned);
        QVERIFY(!warned->error); // the cluster answered: a warning, not an error
        QCOMPARE(warned->warnings.size(), std::size_t(1));
        QVERIFY2(warned->warnings.front().contains(QLatin1String("data.revision \"not-a-commit\" is not a full commit id")),
                 qPrintable(warned->warnings.front()));
    }

    void pruneDeletesOwnedObjectsNoLongerDesired() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 3, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
        engine.start();
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
        QVERIFY(waitForSync(engine.sync({.environment = QStringLiteral("dev")})).succeeded());

        m_repo->removeFile(QStringLiteral("envs/dev/config-2.yaml"));
        m_repo->commitAll(QStringLiteral("drop config-2"), kEpoch + 60);
        engine.repositoryChanged();
        auto extra =
            waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return s.count(diff::ResourceState::Extra) == 1; });
        QVERIFY(extra);
        QCOMPARE(extra->sync, health::SyncStatus::OutOfSync);
        const auto owned = std::find_if(extra->resources.begin(), extra->resources.end(),
                                        [](const auto& r) { return r.diff.state == diff::ResourceState::Extra; });
        QVERIFY(owned->owned);

        // Without prune the object stays (and stays owned); with prune it goes.
        QVERIFY(waitForSync(engine.sync({.environment = QStringLiteral("dev")})).succeeded());
        auto client = directClient(*m_dev);
        const manifest::ResourceKey key{QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"),
                                        QStringLiteral("config-2")};
        QVERIFY(client->get(key, {}));
        const SyncResult pruned = waitForSync(engine.sync({.environment = QStringLiteral("dev"), .prune = true}));
        QVERIFY(pruned.succeeded());
        QVERIFY(std::any_of(pruned.objects.begin(), pruned.objects.end(),
                            [&](const auto& o) { return o.key == key && o.outcome == ObjectOutcome::Pruned; }));
        QCOMPARE(client->get(key, {}).error().code, util::ErrorCode::NotFound);
        QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return s.sync == health::SyncStatus::Synced; }));
    }

    void autoSyncAppliesNewCommitsButNeverRetriesAFailedRevision() {
        auto config = writeWorkspace(QStringLiteral("    sync:\n      auto: true\n"));
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto clients = trustedClients(config, true);
        std::atomic<bool> failing{false};
        clients->wrap = [&failing](std::shared_ptr<kube::KubeClient> inner) {
            auto faulty = std::make_shared<FaultyClient>(std::move(inner));
            faulty->failApply = [&failing](const nlohmann::json& object, const kube::ApplyOptions& options) {
                return failing.load() && !options.dryRun && object.value("kind", std::string()) == "ConfigMap" &&
                       object["metadata"].value("name", std::string()) == "config-0";
            };
            return faulty;
        };
        ReconcileEngine engine(m_repo->path(), config, clients, quietOptions());
        QSignalSpy finished(&engine, &ReconcileEngine::syncFinished);
        engine.start();
        auto deployed = waitFor(engine, QStringLiteral("dev"), [&](const auto& s) {
            return s.deployed && s.deployed->commit.toHex() == first && s.sync == health::SyncStatus::Synced;
        });
        QVERIFY2(deployed, "auto-sync deploys the first commit by itself");

        failing = true;
        m_repo->writeFile(QStringLiteral("envs/dev/config-0.yaml"), configMap(QStringLiteral("config-0"), QStringLiteral("two")));
        m_repo->commitAll(QStringLiteral("second"), kEpoch + 60);
        const int before = int(finished.count());
        engine.repositoryChanged();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() > before, kTimeoutMs);
        QVERIFY(!finished.last().at(0).value<SyncResult>().succeeded());
        // Later cycles see the same target: no second attempt.
        for (int i = 0; i < 3; ++i) {
            // Read before asking: the cycle may publish before refresh() returns.
            const quint64 seen = engine.snapshot(QStringLiteral("dev"))->sequence;
            engine.refresh(QStringLiteral("dev"));
            QVERIFY(waitFor(engine, QStringLiteral("dev"), [&](const auto& s) { return s.sequence > seen && !s.syncing; }));
        }
        QCOMPARE(int(finished.count()), before + 1);
    }

    void autoSyncFromTheRepositoryWaitsForItsOwnConsent() {
        // syncline.yaml turns on auto-sync with prune; the user trusted the cluster for
        // reading only. Nothing is applied until auto-sync is allowed, and prune stays off.
        auto config = writeWorkspace(QStringLiteral("    sync:\n      auto: true\n      prune: true\n"));
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto clients = trustedClients(config, false);
        ReconcileEngine engine(m_repo->path(), config, clients, quietOptions());
        QSignalSpy started(&engine, &ReconcileEngine::syncStarted);
        engine.start();
        for (int cycle = 0; cycle < 2; ++cycle) {
            const quint64 seen = engine.snapshot(QStringLiteral("dev")) ? engine.snapshot(QStringLiteral("dev"))->sequence : 0;
            auto held = waitFor(engine, QStringLiteral("dev"), [&](const auto& s) { return s.sequence > seen; });
            QVERIFY(held);
            QVERIFY2(!held->error, qPrintable(held->error ? held->error->toString() : QString()));
            QCOMPARE(held->sync, health::SyncStatus::OutOfSync);
            QVERIFY(held->autoSyncHeld);
            QVERIFY(held->pruneHeld);
            // The auto-sync decision follows each snapshot at once: none was started.
            QCOMPARE(started.count(), 0);
            engine.refresh(QStringLiteral("dev"));
        }
        auto client = directClient(*m_dev);
        QCOMPARE(client->get({QString(), QStringLiteral("Namespace"), QString(), QStringLiteral("shop-dev")}, {}).error().code,
                 util::ErrorCode::NotFound);

        // Allowed (auto-sync only): the next cycle deploys by itself, without prune.
        auto consent = m_consent->recorded(ClusterConsentStore::repositoryKeyOf(m_repo->path()), QStringLiteral("dev"));
        QVERIFY(consent);
        consent->allowAutoSync = true;
        m_consent->record(ClusterConsentStore::repositoryKeyOf(m_repo->path()), QStringLiteral("dev"), *consent);
        engine.refresh(QStringLiteral("dev"));
        auto deployed = waitFor(engine, QStringLiteral("dev"), [&](const auto& s) {
            return s.deployed && s.deployed->commit.toHex() == first && s.sync == health::SyncStatus::Synced;
        });
        QVERIFY2(deployed, "auto-sync runs once the user allowed it");
        QVERIFY(!deployed->autoSyncHeld);
        QVERIFY(deployed->pruneHeld);
        auto prod = waitFor(engine, QStringLiteral("prod"), [](const auto&) { return true; });
        QVERIFY(prod);
        QVERIFY(!prod->autoSyncHeld); // prod asks for nothing
    }

    void theFetchScheduleFindsCommitsPushedElsewhere() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        QTemporaryDir remotes;
        const QString origin = remotes.filePath(QStringLiteral("origin.git"));
        m_repo->git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
                     QStringLiteral("--initial-branch=main"), origin});
        m_repo->git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), origin});
        m_repo->git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("-u"), QStringLiteral("origin"),
                     QStringLiteral("HEAD")});
        EngineOptions options = quietOptions();
        options.fetchIntervalMs = 100;
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), options);
        engine.start();
        auto first = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return !s.error; });
        QVERIFY(first);
        QVERIFY(first->branch.startsWith(QLatin1String("origin/"))); // GitOps deploys what was pushed

        // A teammate pushes from another clone; the engine's own fetch finds it.
        test::GitFixture teammate(remotes.filePath(QStringLiteral("teammate")));
        m_repo->git({QStringLiteral("clone"), QStringLiteral("-q"), origin, teammate.path()});
        teammate.writeFile(QStringLiteral("envs/dev/config-0.yaml"),
                           configMap(QStringLiteral("config-0"), QStringLiteral("two")));
        const QString pushed = teammate.commitAll(QStringLiteral("teammate: change dev"), kEpoch + 60);
        teammate.git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"), QStringLiteral("HEAD")});
        auto moved = waitFor(engine, QStringLiteral("dev"), [&](const auto& s) { return s.targetRevision.toHex() == pushed; });
        QVERIFY(moved);
        QCOMPARE(moved->targetSummary, QStringLiteral("teammate: change dev"));
    }

    void fluxModeReadsTheAgentAndAsksItToReconcile() {
        const QString yaml = QStringLiteral("version: 1\nenvironments:\n"
                                            "  - name: dev\n    path: envs/dev\n    renderer: plain\n    namespace: shop-dev\n"
                                            "    mode: flux\n    flux:\n      kustomization: apps\n      namespace: flux-system\n"
                                            "    cluster:\n      kubeconfig: %1\n")
                                 .arg(m_dev->kubeconfigPath());
        m_repo->writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        writeEnvironment(QStringLiteral("dev"), 1, QStringLiteral("one"));
        const QString first = m_repo->commitAll(QStringLiteral("first"), kEpoch);
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        QVERIFY(config);

        // The agent's side: its CRD, and a Kustomization that applied `first`.
        auto client = directClient(*m_dev);
        const nlohmann::json crd =
            nlohmann::json::parse(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
            "metadata":{"name":"kustomizations.kustomize.toolkit.fluxcd.io"},
            "spec":{"group":"kustomize.toolkit.fluxcd.io","scope":"Namespaced",
              "names":{"kind":"Kustomization","plural":"kustomizations","singular":"kustomization","listKind":"KustomizationList"},
              "versions":[{"name":"v1","served":true,"storage":true,
                "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}})");
        QVERIFY(client->apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "flux-system"}}}}, {}, {}));
        QVERIFY(client->apply(crd, {}, {}));
        QVERIFY(client->discover({}, true));
        nlohmann::json kustomization = {{"apiVersion", "kustomize.toolkit.fluxcd.io/v1"},
                                        {"kind", "Kustomization"},
                                        {"metadata", {{"name", "apps"}, {"namespace", "flux-system"}}},
                                        {"spec", {{"path", "./envs/dev"}, {"interval", "5m"}}},
                                        {"status",
                                         {{"lastAppliedRevision", QString(QStringLiteral("main@sha1:") + first).toStdString()},
                                          {"lastAttemptedRevision", QString(QStringLiteral("main@sha1:") + first).toStdString()},
                                          {"conditions",
                                           {{{"type", "Ready"},
                                             {"status", "True"},
                                             {"reason", "ReconciliationSucceeded"},
                                             {"message", "Applied revision"},
                                             {"lastTransitionTime", "2026-11-28T04:00:00Z"}}}}}}};
        auto applied = client->apply(kustomization, {.fieldManager = QStringLiteral("kustomize-controller")}, {});
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().toString()));

        ReconcileEngine engine(m_repo->path(), *config, trustedClients(*config), quietOptions());
        engine.start();
        auto dev = waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; });
        QVERIFY(dev);
        QVERIFY2(!dev->error, qPrintable(dev->error ? dev->error->toString() : QString()));
        QVERIFY(dev->deployed);
        QCOMPARE(dev->deployed->commit.toHex(), first); // read from the agent's status
        QCOMPARE(dev->sync, health::SyncStatus::Synced);
        QCOMPARE(dev->health.health, health::Health::Healthy);

        // Sync asks Flux to reconcile; nothing is applied by Syncline itself.
        const SyncResult result = waitForSync(engine.sync({.environment = QStringLiteral("dev")}));
        QVERIFY2(result.succeeded(), qPrintable(result.error ? result.error->toString() : QString()));
        auto after = client->get({QStringLiteral("kustomize.toolkit.fluxcd.io"), QStringLiteral("Kustomization"),
                                  QStringLiteral("flux-system"), QStringLiteral("apps")},
                                 {});
        QVERIFY(after);
        QVERIFY((*after)["metadata"]["annotations"].contains("reconcile.fluxcd.io/requestedAt"));
        QCOMPARE(client->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop-dev"), QStringLiteral("config-0")}, {})
                     .error()
                     .code,
                 util::ErrorCode::NotFound);
    }

    void aFailedFetchKeepsTheLastStateMarkedStale() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 2, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        m_repo->git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                     m_repo->path() + QStringLiteral("/no-such-remote.git")});
        EngineOptions options = quietOptions();
        options.fetchIntervalMs = 100;
        ReconcileEngine engine(m_repo->path(), config, trustedClients(config), options);
        engine.start();
        auto fresh = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return !s.error; });
        QVERIFY(fresh);
        auto stale = waitFor(engine, QStringLiteral("dev"), [](const auto& s) { return s.stale; });
        QVERIFY(stale);
        QVERIFY(stale->error);
        QVERIFY2(stale->error->message.startsWith(QLatin1String("fetch failed")), qPrintable(stale->error->toString()));
        // What was known is still shown.
        QCOMPARE(stale->count(diff::ResourceState::Missing), fresh->count(diff::ResourceState::Missing));
        QCOMPARE(stale->targetRevision, fresh->targetRevision);
    }

    // The window closes while the first Sync of 62 objects runs: the shutdown (called on the
    // first progress report, so the sync is still applying) waits for it, the result says it
    // was cut short and lists as applied exactly the objects that are on the cluster, and no
    // inventory claims the revision (a first sync that did not complete records none).
    void shutdownMidSyncLeavesNoHalfWrittenInventory() {
        auto config = writeWorkspace();
        writeEnvironment(QStringLiteral("dev"), 60, QStringLiteral("one"));
        writeEnvironment(QStringLiteral("prod"), 1, QStringLiteral("one"));
        m_repo->commitAll(QStringLiteral("first"), kEpoch);
        QFuture<SyncResult> future;
        {
            ReconcileEngine engine(m_repo->path(), config, trustedClients(config), quietOptions());
            bool shutDown = false;
            connect(&engine, &ReconcileEngine::syncProgress, &engine, [&] {
                if (!std::exchange(shutDown, true))
                    engine.shutdown();
            });
            engine.start();
            QVERIFY(waitFor(engine, QStringLiteral("dev"), [](const auto&) { return true; }));
            future = engine.sync({.environment = QStringLiteral("dev")});
            QTRY_VERIFY_WITH_TIMEOUT(shutDown || future.isFinished(), kTimeoutMs);
            engine.shutdown(); // no-op when the progress report already shut it down
        }
        QVERIFY(future.isFinished());
        const SyncResult result = future.result();
        QVERIFY2(result.error, "the sync ended without an error: the shutdown did not cut it short");
        QVERIFY2(!result.recordedDeployed, "a sync cut short by the shutdown says the revision is deployed");

        auto client = directClient(*m_dev);
        auto live = client->list(QString(), QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("shop-dev")}, {});
        QVERIFY2(live, qPrintable(live ? QString() : live.error().toString()));
        std::set<QString> onCluster;
        for (const auto& item : *live)
            if (const auto name = QString::fromStdString(item["metadata"].value("name", std::string()));
                name.startsWith(QLatin1String("config-")))
                onCluster.insert(name);
        std::set<QString> reportedApplied;
        for (const auto& object : result.objects)
            if (object.key.name.startsWith(QLatin1String("config-")) && object.outcome == ObjectOutcome::Applied)
                reportedApplied.insert(object.key.name);
        QVERIFY2(reportedApplied.size() < 60, "every object applied: the shutdown did not interrupt the sync");
        QCOMPARE(onCluster, reportedApplied);
        auto inventory = client->get(kube::inventoryKey(QStringLiteral("dev"), QStringLiteral("shop-dev")), {});
        QVERIFY(!inventory);
        QCOMPARE(inventory.error().code, util::ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestReconcileEngine)
#include "tst_reconcileengine.moc"
