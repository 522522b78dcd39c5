// What the cluster's controllers do to what Syncline applies, against both servers: the
// real kube-apiserver with the real kube-controller-manager beside it (garbage collector,
// Deployment, ReplicaSet and namespace controllers), and the devcluster, which collects
// garbage and deletes namespaces itself. A Deployment Syncline applies gets its ReplicaSet
// and Pods; the test plays the kubelet (Pod status through the status subresource) and
// Syncline's health reading follows the controllers' status. Pruned and foreground-deleted
// owners take their dependents with them, an object a finalizer holds waits marked, and a
// deleted namespace empties and goes.
#include "git/ObjectId.h"
#include "health/HealthAssessor.h"
#include "kube/Inventory.h"
#include "reconcile/ClusterReader.h"
#include "reconcile/SyncResultText.h"
#include "reconcile/SyncRunner.h"
#include "support/ServerClients.h"
#include "support/TestManifests.h"
#include "support/TestServers.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>

using namespace syncline;
using namespace syncline::reconcile;
using syncline::test::TestServer;

namespace {

#define REQUIRE_OK(result) QVERIFY2((result), qPrintable((result) ? QString() : (result).error().toString()))

// The real controllers react in well under a second; the bound is for a busy two-core machine
// (and for client-go's reconnect backoff after the API server restarts).
constexpr int kControllerTimeoutMs = 60'000;

const char* kRevisionA = "1111111111111111111111111111111111111111";
const char* kRevisionB = "2222222222222222222222222222222222222222";

git::ObjectId revision(const char* hex) { return *git::ObjectId::fromHex(QString::fromLatin1(hex)); }

nlohmann::json namespaceObject(const QString& name) {
    return {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name.toStdString()}}}};
}

nlohmann::json configMap(const QString& name, const QString& value) { return test::configMapManifest(name, value); }

nlohmann::json deployment(const QString& name, int replicas) { return test::deploymentManifest(name, replicas); }

// A ConfigMap in `ns` that `owner` owns, as a controller or an operator makes one.
nlohmann::json dependentOf(const nlohmann::json& owner, const QString& ns, const QString& name) {
    nlohmann::json dependent = configMap(name, QStringLiteral("part"));
    dependent["metadata"]["namespace"] = ns.toStdString();
    dependent["metadata"]["ownerReferences"] = {{{"apiVersion", owner["apiVersion"]},
                                                 {"kind", owner["kind"]},
                                                 {"name", owner["metadata"]["name"]},
                                                 {"uid", owner["metadata"]["uid"]},
                                                 {"blockOwnerDeletion", true}}};
    return dependent;
}

manifest::RenderResult rendered(const std::vector<nlohmann::json>& bodies) {
    manifest::RenderResult result;
    for (const auto& body : bodies)
        result.objects.push_back(
            {manifest::ResourceKey::of(body), nlohmann::ordered_json(body), {QStringLiteral("test.yaml"), 1, 1}});
    result.renderer = QStringLiteral("plain");
    return result;
}

// What each object's sync did, for failure messages.
QString outcomes(const SyncResult& result) { return reconcile::SyncResultText::report(result); }

bool ownedBy(const nlohmann::json& object, const nlohmann::json& owner) {
    const auto& refs = object["metadata"].value("ownerReferences", nlohmann::json::array());
    for (const auto& ref : refs)
        if (ref.value("uid", std::string()) == owner["metadata"].value("uid", std::string()) && ref.value("controller", false))
            return true;
    return false;
}

// What a kubelet does: a merge patch of a Pod's status subresource, over plain HTTPS.
// The HTTP status, with the answer for a failure message.
std::pair<int, QByteArray> writePodStatus(const TestServer& server, const QString& ns, const QString& pod,
                                          const nlohmann::json& status) {
    QNetworkAccessManager network;
    QNetworkRequest request(server.url.resolved(QUrl(QStringLiteral("/api/v1/namespaces/%1/pods/%2/status").arg(ns, pod))));
    request.setRawHeader("Authorization", "Bearer " + server.token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/merge-patch+json"));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(server.caPem));
    request.setSslConfiguration(tls);
    request.setTransferTimeout(20'000);
    QNetworkReply* reply =
        network.sendCustomRequest(request, "PATCH", QByteArray::fromStdString(nlohmann::json{{"status", status}}.dump()));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    std::pair<int, QByteArray> answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll()};
    reply->deleteLater();
    return answer;
}

nlohmann::json runningAndReady() {
    return {{"phase", "Running"},
            {"conditions", {{{"type", "Ready"}, {"status", "True"}}}},
            {"containerStatuses",
             {{{"name", "main"},
               {"ready", true},
               {"restartCount", 0},
               {"image", "shop/web:1.0"},
               {"imageID", ""},
               {"state", {{"running", {{"startedAt", "2026-01-01T00:00:00Z"}}}}}}}}};
}

} // namespace

// The row's garbage collector and namespace controller, or a QSKIP saying why there are none.
#define REQUIRE_CONTROLLERS(server)                                                                                              \
    do {                                                                                                                         \
        if (!(server).whyNoControllers.isEmpty())                                                                                \
            QSKIP(qPrintable((server).whyNoControllers));                                                                        \
    } while (false)

class TestControllersServers : public QObject {
    Q_OBJECT

private:
    test::TestServers m_servers;
    test::ServerClients m_clients;
    util::CancellationToken m_cancel;

    kube::HttpKubeClient* clientFor(const TestServer& server) { return m_clients.clientFor(server); }

    SyncResult sync(kube::KubeClient& client, const workspace::Environment& env, const std::vector<nlohmann::json>& bodies,
                    const char* revisionHex, SyncRequest request = {}) {
        request.environment = env.name;
        return SyncRunner::run(client, env, rendered(bodies), revision(revisionHex), request, {}, m_cancel);
    }

    // Syncline's reading of one desired object's health, as a cycle makes it.
    health::HealthStatus healthOf(kube::KubeClient& client, const workspace::Environment& env,
                                  const std::vector<nlohmann::json>& bodies, const QString& kind) {
        const auto observation = ClusterReader::observe(client, env, rendered(bodies).objects, m_cancel);
        for (const auto& live : observation.live)
            if (live.key.kind == kind)
                return health::assessHealth(live.body);
        return health::missingHealth();
    }

    std::vector<nlohmann::json> listed(kube::KubeClient& client, const QString& group, const QString& kind, const QString& ns,
                                       const QString& selector) {
        auto items = client.list(group, kind, {.namespaceName = ns, .labelSelector = selector}, m_cancel);
        return items ? *items : std::vector<nlohmann::json>{};
    }

    bool isGone(kube::KubeClient& client, const manifest::ResourceKey& key) {
        auto read = client.get(key, m_cancel);
        return !read && read.error().code == util::ErrorCode::NotFound;
    }

    // Deleted but still there: a finalizer holds it.
    bool isMarked(kube::KubeClient& client, const manifest::ResourceKey& key) {
        auto read = client.get(key, m_cancel);
        return read && (*read)["metadata"].contains("deletionTimestamp");
    }

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error, {.controllerManager = true}), qPrintable(error));
    }

    void cleanupTestCase() { m_clients.clear(); }

    // The Deployment controller makes a ReplicaSet owned by the Deployment Syncline applied,
    // and the ReplicaSet controller its Pods. Once the kubelet (the test) says the Pods run
    // and are ready, the controllers' status reaches the Deployment and Syncline reads it
    // Healthy; until then Progressing.
    void aSyncedDeploymentGetsAReplicaSetAndItsHealthFollowsThePods() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (!server.real)
            QSKIP("the devcluster makes no ReplicaSets or Pods for a Deployment (its --simulate-controllers settles the "
                  "status instead): the real controller-manager is the oracle here");
        REQUIRE_CONTROLLERS(server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = test::ServerClients::plainEnvironment(server, QStringLiteral("rollout"));
        const std::vector<nlohmann::json> bodies = {namespaceObject(QStringLiteral("rollout")),
                                                    deployment(QStringLiteral("web"), 2)};
        const SyncResult synced = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(synced.succeeded(), qPrintable(outcomes(synced)));
        auto web = client->get(
            {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("rollout"), QStringLiteral("web")}, m_cancel);
        REQUIRE_OK(web);

        const QString ns = QStringLiteral("rollout"), selector = QStringLiteral("app=web");
        QTRY_COMPARE_WITH_TIMEOUT(listed(*client, QStringLiteral("apps"), QStringLiteral("ReplicaSet"), ns, selector).size(),
                                  std::size_t(1), kControllerTimeoutMs);
        const nlohmann::json replicaSet =
            listed(*client, QStringLiteral("apps"), QStringLiteral("ReplicaSet"), ns, selector).front();
        QVERIFY2(ownedBy(replicaSet, *web), replicaSet["metadata"].dump().c_str());
        QTRY_COMPARE_WITH_TIMEOUT(listed(*client, {}, QStringLiteral("Pod"), ns, selector).size(), std::size_t(2),
                                  kControllerTimeoutMs);
        const auto pods = listed(*client, {}, QStringLiteral("Pod"), ns, selector);
        for (const auto& pod : pods)
            QVERIFY2(ownedBy(pod, replicaSet), pod["metadata"].dump().c_str());
        QCOMPARE(healthOf(*client, env, bodies, QStringLiteral("Deployment")).health, health::Health::Progressing);

        for (const auto& pod : pods) {
            const auto [status, answer] =
                writePodStatus(server, ns, QString::fromStdString(pod["metadata"]["name"].get<std::string>()), runningAndReady());
            QVERIFY2(status == 200, answer.constData());
        }
        QTRY_COMPARE_WITH_TIMEOUT(healthOf(*client, env, bodies, QStringLiteral("Deployment")).health, health::Health::Healthy,
                                  kControllerTimeoutMs);
        QCOMPARE(healthOf(*client, env, bodies, QStringLiteral("Deployment")).message,
                 QStringLiteral("2 of 2 replicas available"));
    }

    // Prune deletes the Deployment (background propagation); the garbage collector then
    // takes what it owns: on the real server its ReplicaSet and Pods, on both a ConfigMap an
    // operator made with the Deployment as its owner.
    void aPrunedOwnerTakesItsDependentsWithIt() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        REQUIRE_CONTROLLERS(server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const QString ns = QStringLiteral("pruned-owner");
        const auto env = test::ServerClients::plainEnvironment(server, ns);
        const auto keep = configMap(QStringLiteral("keep"), QStringLiteral("k"));
        const SyncResult synced =
            sync(*client, env, {namespaceObject(ns), keep, deployment(QStringLiteral("api"), 1)}, kRevisionA);
        QVERIFY2(synced.succeeded(), qPrintable(outcomes(synced)));
        auto api = client->get({QStringLiteral("apps"), QStringLiteral("Deployment"), ns, QStringLiteral("api")}, m_cancel);
        REQUIRE_OK(api);
        REQUIRE_OK(client->apply(dependentOf(*api, ns, QStringLiteral("api-parts")), {}, m_cancel));
        const QString selector = QStringLiteral("app=api");
        if (server.real)
            QTRY_COMPARE_WITH_TIMEOUT(listed(*client, {}, QStringLiteral("Pod"), ns, selector).size(), std::size_t(1),
                                      kControllerTimeoutMs);

        const SyncResult pruned = sync(*client, env, {namespaceObject(ns), keep}, kRevisionB, SyncRequest{.prune = true});
        QVERIFY2(pruned.succeeded(), qPrintable(outcomes(pruned)));
        QVERIFY(isGone(*client, {QStringLiteral("apps"), QStringLiteral("Deployment"), ns, QStringLiteral("api")}));
        const manifest::ResourceKey parts{QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("api-parts")};
        QTRY_VERIFY_WITH_TIMEOUT(isGone(*client, parts), kControllerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(*client, QStringLiteral("apps"), QStringLiteral("ReplicaSet"), ns, selector).empty(),
                                 kControllerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(listed(*client, {}, QStringLiteral("Pod"), ns, selector).empty(), kControllerTimeoutMs);
        QVERIFY(!isGone(*client, {QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("keep")}));
    }

    // Foreground deletion: the dependents are collected, then the owner goes.
    void foregroundDeletionCollectsTheDependentsThenTheOwner() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        REQUIRE_CONTROLLERS(server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const QString ns = QStringLiteral("foreground");
        REQUIRE_OK(client->apply(namespaceObject(ns), {}, m_cancel));
        nlohmann::json ownerBody = configMap(QStringLiteral("owner"), QStringLiteral("o"));
        ownerBody["metadata"]["namespace"] = ns.toStdString();
        auto owner = client->apply(ownerBody, {}, m_cancel);
        REQUIRE_OK(owner);
        for (const QString& name : {QStringLiteral("part-1"), QStringLiteral("part-2")})
            REQUIRE_OK(client->apply(dependentOf(*owner, ns, name), {}, m_cancel));

        const manifest::ResourceKey ownerKey{QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("owner")};
        REQUIRE_OK(client->remove(ownerKey, {.propagation = kube::DeletePropagation::Foreground}, m_cancel));
        QTRY_VERIFY_WITH_TIMEOUT(isGone(*client, ownerKey), kControllerTimeoutMs);
        // The owner goes only after its dependents (blockOwnerDeletion): they are gone already.
        QVERIFY(isGone(*client, {QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("part-1")}));
        QVERIFY(isGone(*client, {QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("part-2")}));
    }

    // An object a finalizer holds is only marked when deleted (a user sees it Terminating);
    // it goes when the last finalizer is removed. (No controller is involved: the server.)
    void anObjectAFinalizerHoldsIsMarkedUntilReleased() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const QString ns = QStringLiteral("finalized");
        REQUIRE_OK(client->apply(namespaceObject(ns), {}, m_cancel));
        nlohmann::json body = configMap(QStringLiteral("held"), QStringLiteral("h"));
        body["metadata"]["namespace"] = ns.toStdString();
        body["metadata"]["finalizers"] = {"syncline.io/test-hold"};
        REQUIRE_OK(client->apply(body, {}, m_cancel));
        const manifest::ResourceKey key{QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("held")};

        REQUIRE_OK(client->remove(key, {}, m_cancel));
        QVERIFY(isMarked(*client, key));
        REQUIRE_OK(client->remove(key, {}, m_cancel)); // deleting again changes nothing
        QVERIFY(isMarked(*client, key));
        REQUIRE_OK(client->mergePatch(key, {{"metadata", {{"finalizers", nullptr}}}}, m_cancel));
        QVERIFY(isGone(*client, key));
    }

    // A dependent held by a finalizer keeps its foreground-deleted owner there, marked (a
    // user sees it Terminating), until the finalizer is released; then both go.
    void aHeldDependentKeepsItsForegroundDeletedOwnerMarked() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (!server.real)
            QSKIP("the devcluster's foreground deletion does not wait for dependents a finalizer holds (a divergence "
                  "from the real server): only the real garbage collector can show an owner waiting for them");
        REQUIRE_CONTROLLERS(server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const QString ns = QStringLiteral("held");
        REQUIRE_OK(client->apply(namespaceObject(ns), {}, m_cancel));
        nlohmann::json ownerBody = configMap(QStringLiteral("owner"), QStringLiteral("o"));
        ownerBody["metadata"]["namespace"] = ns.toStdString();
        auto owner = client->apply(ownerBody, {}, m_cancel);
        REQUIRE_OK(owner);
        nlohmann::json held = dependentOf(*owner, ns, QStringLiteral("held"));
        held["metadata"]["finalizers"] = {"syncline.io/test-hold"};
        REQUIRE_OK(client->apply(held, {}, m_cancel));
        REQUIRE_OK(client->apply(dependentOf(*owner, ns, QStringLiteral("free")), {}, m_cancel));

        const manifest::ResourceKey ownerKey{QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("owner")};
        const manifest::ResourceKey heldKey{QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("held")};
        REQUIRE_OK(client->remove(ownerKey, {.propagation = kube::DeletePropagation::Foreground}, m_cancel));
        // The collector deletes both dependents; the free one goes, the held one stays marked.
        QTRY_VERIFY_WITH_TIMEOUT(isGone(*client, {QString(), QStringLiteral("ConfigMap"), ns, QStringLiteral("free")}),
                                 kControllerTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(isMarked(*client, heldKey), kControllerTimeoutMs);
        // The owner waits for the held dependent: still there, marked for foreground deletion.
        auto marked = client->get(ownerKey, m_cancel);
        REQUIRE_OK(marked);
        QVERIFY((*marked)["metadata"].contains("deletionTimestamp"));
        QCOMPARE(QString::fromStdString((*marked)["metadata"]["finalizers"].dump()), QStringLiteral("[\"foregroundDeletion\"]"));

        REQUIRE_OK(client->mergePatch(heldKey, {{"metadata", {{"finalizers", nullptr}}}}, m_cancel));
        QTRY_VERIFY_WITH_TIMEOUT(isGone(*client, ownerKey), kControllerTimeoutMs);
        QVERIFY(isGone(*client, heldKey));
    }

    // Deleting a namespace deletes what is in it (the namespace controller), then the
    // namespace; Syncline's next read finds none of the environment's objects.
    void aDeletedNamespaceEmptiesAndGoes() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        REQUIRE_CONTROLLERS(server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const QString ns = QStringLiteral("doomed");
        const auto env = test::ServerClients::plainEnvironment(server, ns);
        const std::vector<nlohmann::json> bodies = {namespaceObject(ns),
                                                    configMap(QStringLiteral("settings"), QStringLiteral("s")),
                                                    deployment(QStringLiteral("api"), 1)};
        const SyncResult synced = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(synced.succeeded(), qPrintable(outcomes(synced)));
        QCOMPARE(ClusterReader::observe(*client, env, rendered(bodies).objects, m_cancel).live.size(), bodies.size());

        const manifest::ResourceKey namespaceKey{QString(), QStringLiteral("Namespace"), QString(), ns};
        REQUIRE_OK(client->remove(namespaceKey, {}, m_cancel));
        QTRY_VERIFY_WITH_TIMEOUT(isGone(*client, namespaceKey), kControllerTimeoutMs);
        const ClusterObservation after = ClusterReader::observe(*client, env, rendered(bodies).objects, m_cancel);
        QVERIFY2(!after.error, qPrintable(after.error ? after.error->toString() : QString()));
        QVERIFY(after.live.empty());
        QVERIFY(after.owned.empty()); // the inventory lived in the namespace too
        QVERIFY(listed(*client, {}, QStringLiteral("ConfigMap"), ns, {}).empty());
    }

    // The controller-manager reconnects when the API server comes back (last: the restart
    // costs the server's start-up).
    void theControllersCarryOnAfterTheApiServerRestarts() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (!server.real)
            QSKIP("the devcluster's controllers live in its own process: the restart is the real server's");
        REQUIRE_CONTROLLERS(server);
        QString error;
        QVERIFY2(m_servers.restartRealServer(&error), qPrintable(error));
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const QString ns = QStringLiteral("restarted");
        const auto env = test::ServerClients::plainEnvironment(server, ns);
        const SyncResult synced = sync(*client, env, {namespaceObject(ns), deployment(QStringLiteral("web"), 1)}, kRevisionA);
        QVERIFY2(synced.succeeded(), qPrintable(outcomes(synced)));
        QTRY_COMPARE_WITH_TIMEOUT(
            listed(*client, QStringLiteral("apps"), QStringLiteral("ReplicaSet"), ns, QStringLiteral("app=web")).size(),
            std::size_t(1), kControllerTimeoutMs);
    }
};

QTEST_GUILESS_MAIN(TestControllersServers)
#include "tst_controllers_servers.moc"
