// Per-object faults injected during a Sync: a scripted API server (tests/support/
// FaultyApiServer) keeps the objects it is sent and answers the real apply of chosen
// objects with 409, 422, 500 (always, and once) or slowly. The Sync goes on past each of
// them, reports every object's own outcome with the server's reason, retries the 500 as
// the client's policy says, and records no deployed revision.
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/SyncResultText.h"
#include "reconcile/SyncRunner.h"
#include "support/FaultyApiServer.h"
#include "support/TestManifests.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>

#include <atomic>
#include <map>

using namespace syncline;
using namespace syncline::reconcile;
using syncline::test::FaultRequest;
using syncline::test::FaultResponse;
using syncline::test::FaultyApiServer;

namespace {

const char* kFirstRevision = "1111111111111111111111111111111111111111";
const char* kSecondRevision = "2222222222222222222222222222222222222222";
constexpr int kConfigMaps = 10;
constexpr int kMaxAttempts = 3;
constexpr int kSlowMs = 1500; // well within the client's 5 s request timeout

const QString kConfigMapsPath = QStringLiteral("/api/v1/namespaces/faults/configmaps/");
QString pathOf(const QString& name) { return kConfigMapsPath + name; }
QString nameOf(int i) { return QStringLiteral("config-%1").arg(i, 2, 10, QLatin1Char('0')); }

// The faults, by object: only the real apply fails (the dry run before it passes, as when
// someone else writes between the two, or the server has a bad moment).
const QString kConflicted = nameOf(1);
const QString kInvalid = nameOf(3);
const QString kBroken = nameOf(5);     // 500 on every attempt
const QString kBrokenOnce = nameOf(6); // 500 once, then stored
const QString kSlow = nameOf(8);

const QByteArray kFirstToken = "sync-faults-token-1";
const QByteArray kSecondToken = "sync-faults-token-2";

bool isRealApply(const FaultRequest& request) {
    return request.method == "PATCH" && !request.query.hasQueryItem(QStringLiteral("dryRun"));
}

// A minimal API server's storage: what was applied, by path, with a resourceVersion.
class ObjectStore {
public:
    std::atomic<bool> faultsOn{false};

    // From the `realApplies`+1st real apply on, the first token is refused (it expired).
    void expireTokenAfter(int realApplies) {
        QMutexLocker lock(&m_mutex);
        m_appliesBeforeExpiry = realApplies;
    }

    FaultResponse answer(const FaultRequest& request) {
        QMutexLocker lock(&m_mutex);
        if (refusesToken(request))
            return FaultResponse::apiStatus(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
        if (faultsOn && isRealApply(request))
            if (auto fault = faultFor(request))
                return *fault;
        if (request.method == "PATCH")
            return apply(request);
        if (request.method == "GET")
            return read(request.path);
        return FaultResponse::apiStatus(405, QStringLiteral("MethodNotAllowed"), QStringLiteral("not scripted"));
    }

    std::optional<nlohmann::json> object(const QString& path) {
        QMutexLocker lock(&m_mutex);
        const auto found = m_objects.find(path);
        return found == m_objects.end() ? std::nullopt : std::optional<nlohmann::json>(found->second);
    }

private:
    bool refusesToken(const FaultRequest& request) {
        if (m_appliesBeforeExpiry < 0 || request.headers.value("authorization") != "Bearer " + kFirstToken)
            return false;
        if (m_appliesBeforeExpiry == 0)
            return true;
        m_appliesBeforeExpiry -= isRealApply(request) ? 1 : 0;
        return false;
    }

    std::optional<FaultResponse> faultFor(const FaultRequest& request) {
        if (request.path == pathOf(kConflicted))
            return FaultResponse::apiStatus(
                409, QStringLiteral("Conflict"),
                QStringLiteral("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.key"));
        if (request.path == pathOf(kInvalid))
            return FaultResponse::apiStatus(422, QStringLiteral("Invalid"),
                                            QStringLiteral("ConfigMap \"%1\" is invalid: data[key]: Invalid value: "
                                                           "\"two\": must be no more than 3 characters")
                                                .arg(kInvalid));
        if (request.path == pathOf(kBroken) || (request.path == pathOf(kBrokenOnce) && !m_brokeOnce)) {
            m_brokeOnce = m_brokeOnce || request.path == pathOf(kBrokenOnce);
            return FaultResponse::apiStatus(500, QStringLiteral("InternalError"), QStringLiteral("etcdserver: leader changed"));
        }
        if (request.path == pathOf(kSlow)) {
            FaultResponse slow = apply(request);
            slow.delayMs = kSlowMs;
            return slow;
        }
        return std::nullopt;
    }

    FaultResponse apply(const FaultRequest& request) {
        auto body = nlohmann::json::parse(request.body.constData(), request.body.constData() + request.body.size());
        body["metadata"]["resourceVersion"] = std::to_string(++m_version);
        if (!request.query.hasQueryItem(QStringLiteral("dryRun")))
            m_objects[request.path] = body;
        return FaultResponse::json(body);
    }

    FaultResponse read(const QString& path) {
        if (const auto found = m_objects.find(path); found != m_objects.end())
            return FaultResponse::json(found->second);
        if (path == QLatin1String("/api/v1/namespaces/faults"))
            return FaultResponse::json(
                {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "faults"}, {"resourceVersion", "1"}}}});
        return FaultResponse::apiStatus(404, QStringLiteral("NotFound"), path + QStringLiteral(" not found"));
    }

    QMutex m_mutex;
    std::map<QString, nlohmann::json> m_objects;
    int m_version = 1;
    bool m_brokeOnce = false;
    int m_appliesBeforeExpiry = -1; // -1: the first token never expires
};

workspace::Environment environment() {
    workspace::Environment env;
    env.name = QStringLiteral("faults");
    env.path = QStringLiteral("envs/faults");
    env.renderer = workspace::RendererChoice::Plain;
    env.defaultNamespace = QStringLiteral("faults");
    return env;
}

manifest::RenderResult configMaps(const QString& value) {
    manifest::RenderResult rendered;
    rendered.renderer = QStringLiteral("plain");
    for (int i = 0; i < kConfigMaps; ++i) {
        const auto body = test::configMapManifest(nameOf(i), value);
        rendered.objects.push_back(
            {manifest::ResourceKey::of(body), nlohmann::ordered_json(body), {QStringLiteral("c.yaml"), 1, 1}});
    }
    return rendered;
}

SyncResult sync(kube::KubeClient& client, const char* revision, const QString& value) {
    SyncRequest request;
    request.environment = QStringLiteral("faults");
    return SyncRunner::run(client, environment(), configMaps(value), *git::ObjectId::fromHex(QString::fromLatin1(revision)),
                           request, {}, util::CancellationToken{});
}

const ObjectResult* resultFor(const SyncResult& result, const QString& name) {
    for (const auto& object : result.objects)
        if (object.key.kind == QLatin1String("ConfigMap") && object.key.name == name)
            return &object;
    return nullptr;
}

// Real applies of `name` from the `from`th request on.
int realAppliesTo(const FaultyApiServer& server, const QString& name, int from) {
    int n = 0;
    for (const FaultRequest& request : server.requests().mid(from))
        n += isRealApply(request) && request.path == pathOf(name) ? 1 : 0;
    return n;
}

QString storedValue(ObjectStore& store, const QString& name) {
    const auto object = store.object(pathOf(name));
    return object ? QString::fromStdString((*object)["data"].value("key", std::string())) : QStringLiteral("<absent>");
}

std::unique_ptr<kube::HttpKubeClient> clientFor(const FaultyApiServer& server, const QByteArray& token = kFirstToken) {
    kube::ClusterConnection connection;
    connection.contextName = QStringLiteral("faulty");
    connection.server = server.url();
    connection.token = QString::fromLatin1(token);
    kube::HttpClientOptions options;
    options.requestTimeout = std::chrono::milliseconds(5000);
    options.backoffBase = std::chrono::milliseconds(10);
    options.backoffMax = std::chrono::milliseconds(50);
    options.maxAttempts = kMaxAttempts;
    return std::make_unique<kube::HttpKubeClient>(connection, nullptr, options);
}

bool startServing(FaultyApiServer& server, ObjectStore& store) {
    QString error;
    const bool started = server.start(
        [&store](const FaultRequest& request) {
            if (auto answer = FaultyApiServer::discovery(request))
                return *answer;
            return store.answer(request);
        },
        nullptr, &error);
    if (!started)
        qWarning("fault server: %s", qPrintable(error));
    return started;
}

std::optional<QString> deployedRevision(kube::KubeClient& client) {
    auto stored = client.get(kube::inventoryKey(QStringLiteral("faults"), QStringLiteral("faults")), {});
    if (!stored)
        return std::nullopt;
    auto inventory = kube::fromConfigMap(*stored);
    return inventory ? std::optional<QString>(inventory->revision) : std::nullopt;
}

} // namespace

class TestSyncFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void perObjectFaultsDoNotStopTheSync() {
        ObjectStore store;
        FaultyApiServer server;
        QVERIFY(startServing(server, store));
        auto client = clientFor(server);
        const SyncResult first = sync(*client, kFirstRevision, QStringLiteral("one"));
        QVERIFY2(first.succeeded() && first.recordedDeployed, qPrintable(SyncResultText::report(first)));

        store.faultsOn = true;
        const int before = server.requestCount();
        QElapsedTimer clock;
        clock.start();
        const SyncResult faulty = sync(*client, kSecondRevision, QStringLiteral("two"));
        const qint64 took = clock.elapsed();
        const QString report = SyncResultText::report(faulty);
        QVERIFY2(faulty.error, qPrintable(report));
        QVERIFY2(!faulty.recordedDeployed, qPrintable(report));
        QVERIFY2(report.contains(QLatin1String("failed on 3 of 10 objects; the deployed revision was not recorded")),
                 qPrintable(report));

        // Each failed object has its own outcome and the server's reason.
        const auto* conflicted = resultFor(faulty, kConflicted);
        QVERIFY(conflicted && conflicted->outcome == ObjectOutcome::Failed && conflicted->error);
        QCOMPARE(conflicted->error->code, util::ErrorCode::Conflict);
        QVERIFY2(conflicted->error->message.contains(QLatin1String("kubectl-edit")), qPrintable(report));
        const auto* invalid = resultFor(faulty, kInvalid);
        QVERIFY(invalid && invalid->outcome == ObjectOutcome::Failed && invalid->error);
        QCOMPARE(invalid->error->code, util::ErrorCode::Invalid);
        QVERIFY2(invalid->error->message.contains(QLatin1String("data[key]")), qPrintable(report));
        const auto* broken = resultFor(faulty, kBroken);
        QVERIFY(broken && broken->outcome == ObjectOutcome::Failed && broken->error);
        QVERIFY2(broken->error->message.contains(QLatin1String("500")), qPrintable(report));
        QVERIFY2(broken->error->message.contains(QLatin1String("after 3 attempts")), qPrintable(report));
        for (const QString& name : {kConflicted, kInvalid, kBroken})
            QVERIFY2(report.contains(name), qPrintable(report));

        // A 500 is retried (server-side apply is idempotent) up to the attempt limit; 409
        // and 422 are final at once.
        QCOMPARE(realAppliesTo(server, kBroken, before), kMaxAttempts);
        QCOMPARE(realAppliesTo(server, kBrokenOnce, before), 2);
        QCOMPARE(realAppliesTo(server, kConflicted, before), 1);
        QCOMPARE(realAppliesTo(server, kInvalid, before), 1);

        // Everything else, the ones after the failures included, was applied.
        for (int i = 0; i < kConfigMaps; ++i) {
            const QString name = nameOf(i);
            if (name == kConflicted || name == kInvalid || name == kBroken)
                continue;
            const auto* object = resultFor(faulty, name);
            QVERIFY2(object && object->outcome == ObjectOutcome::Applied, qPrintable(name + QLatin1Char('\n') + report));
            QCOMPARE(storedValue(store, name), QStringLiteral("two"));
        }
        for (const QString& name : {kConflicted, kInvalid, kBroken})
            QCOMPARE(storedValue(store, name), QStringLiteral("one"));

        QVERIFY2(took >= kSlowMs, "the slow answer was not slow: the script did not run");

        // The inventory still names the first revision as deployed.
        QCOMPARE(deployedRevision(*client), std::optional<QString>(QString::fromLatin1(kFirstRevision)));
    }

    // The token expires after 4 of 10 applies: the sync stops at the first 401 (the rest
    // Skipped, not each refused in turn), says what was applied, that the credentials were
    // rejected by which cluster and what to do, records nothing; a Sync with a new token
    // applies the rest and records the revision.
    void tokenExpiringDuringTheSync() {
        ObjectStore store;
        FaultyApiServer server;
        QVERIFY(startServing(server, store));
        auto client = clientFor(server);
        QVERIFY(sync(*client, kFirstRevision, QStringLiteral("one")).succeeded());

        constexpr int kBeforeExpiry = 4;
        store.expireTokenAfter(kBeforeExpiry);
        const int before = server.requestCount();
        const SyncResult cut = sync(*client, kSecondRevision, QStringLiteral("two"));
        const QString report = SyncResultText::report(cut);
        QVERIFY2(cut.error && cut.error->code == util::ErrorCode::Auth, qPrintable(report));
        QVERIFY2(!cut.recordedDeployed, qPrintable(report));
        int applied = 0;
        int skipped = 0;
        for (int i = 0; i < kConfigMaps; ++i) {
            const auto* object = resultFor(cut, nameOf(i));
            QVERIFY(object);
            applied += object->outcome == ObjectOutcome::Applied ? 1 : 0;
            skipped += object->outcome == ObjectOutcome::Skipped ? 1 : 0;
            const bool wasApplied = object->outcome == ObjectOutcome::Applied;
            QCOMPARE(storedValue(store, nameOf(i)), wasApplied ? QStringLiteral("two") : QStringLiteral("one"));
        }
        QCOMPARE(applied, kBeforeExpiry);
        QCOMPARE(skipped, kConfigMaps - kBeforeExpiry - 1);
        int refusedApplies = 0;
        for (int i = 0; i < kConfigMaps; ++i)
            refusedApplies += realAppliesTo(server, nameOf(i), before);
        QCOMPARE(refusedApplies, kBeforeExpiry + 1); // one 401, not one per remaining object
        QVERIFY2(report.contains(QLatin1String("faulty: ")) && report.contains(QLatin1String("401 Unauthorized")),
                 qPrintable(report));
        QVERIFY2(report.contains(QLatin1String("5 skipped: cluster faulty rejected the credentials")), qPrintable(report));
        QVERIFY2(report.contains(QLatin1String("renew them")), qPrintable(report));
        const QString summary = SyncResultText::summary(cut); // what the window and the CLI's short form show
        QVERIFY2(summary.contains(QLatin1String("5 skipped: cluster faulty rejected the credentials")), qPrintable(summary));
        QVERIFY2(!report.contains(QString::fromLatin1(kFirstToken)), qPrintable(report));
        auto renewed = clientFor(server, kSecondToken);
        QCOMPARE(deployedRevision(*renewed), std::optional<QString>(QString::fromLatin1(kFirstRevision)));

        const SyncResult retried = sync(*renewed, kSecondRevision, QStringLiteral("two"));
        QVERIFY2(retried.succeeded() && retried.recordedDeployed, qPrintable(SyncResultText::report(retried)));
        for (int i = 0; i < kConfigMaps; ++i)
            QCOMPARE(storedValue(store, nameOf(i)), QStringLiteral("two"));
        QCOMPARE(deployedRevision(*renewed), std::optional<QString>(QString::fromLatin1(kSecondRevision)));
    }
};

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "tst_sync_faults.moc"
