// Sync and health against both servers — syncline-devcluster and the real kube-apiserver —
// through the real client: namespaces first, the dry run that applies nothing when it is
// refused, server-side apply in waves (a CRD and its custom resource in one Sync), per-object
// results, the inventory, prune, conflicts and force, and health moving as the test writes
// status through the status subresource the way a kubelet and controllers would. kubectl
// shares the cluster with Syncline the way a user's would.
#include "git/ObjectId.h"
#include "health/HealthAssessor.h"
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/ClusterReader.h"
#include "reconcile/ResourcePairing.h"
#include "reconcile/SyncResultText.h"
#include "reconcile/SyncRunner.h"
#include "support/ServerClients.h"
#include "support/ServerProcess.h"
#include "support/TestManifests.h"
#include "support/TestServers.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace syncline;
using namespace syncline::reconcile;
using syncline::test::TestServer;

namespace {

#define REQUIRE_OK(result) QVERIFY2((result), qPrintable((result) ? QString() : (result).error().toString()))

const char* kRevisionA = "1111111111111111111111111111111111111111";
const char* kRevisionB = "2222222222222222222222222222222222222222";

git::ObjectId revision(const char* hex) { return *git::ObjectId::fromHex(QString::fromLatin1(hex)); }

manifest::ManifestObject object(const nlohmann::json& body) {
    return {manifest::ResourceKey::of(body), nlohmann::ordered_json(body), {QStringLiteral("test.yaml"), 1, 1}};
}

nlohmann::json configMap(const QString& name, const QString& value) { return test::configMapManifest(name, value); }

nlohmann::json deployment(const QString& name, int replicas) { return test::deploymentManifest(name, replicas); }

nlohmann::json pod(const QString& name) {
    return {{"apiVersion", "v1"},
            {"kind", "Pod"},
            {"metadata", {{"name", name.toStdString()}}},
            {"spec", {{"containers", {{{"name", "main"}, {"image", "shop/worker:1.0"}}}}}}};
}

nlohmann::json gadgetDefinition() {
    return {{"apiVersion", "apiextensions.k8s.io/v1"},
            {"kind", "CustomResourceDefinition"},
            {"metadata", {{"name", "gadgets.sync.example.com"}}},
            {"spec",
             {{"group", "sync.example.com"},
              {"scope", "Namespaced"},
              {"names", {{"plural", "gadgets"}, {"singular", "gadget"}, {"kind", "Gadget"}, {"listKind", "GadgetList"}}},
              {"versions",
               {{{"name", "v1"},
                 {"served", true},
                 {"storage", true},
                 {"schema", {{"openAPIV3Schema", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}}}};
}

manifest::RenderResult rendered(const std::vector<nlohmann::json>& bodies) {
    manifest::RenderResult result;
    for (const auto& body : bodies)
        result.objects.push_back(object(body));
    result.renderer = QStringLiteral("plain");
    return result;
}

const ObjectResult* resultFor(const SyncResult& result, const QString& kind, const QString& name) {
    for (const auto& object : result.objects)
        if (object.key.kind == kind && object.key.name == name)
            return &object;
    return nullptr;
}

// What each object's sync did, for failure messages.
QString outcomes(const SyncResult& result) { return reconcile::SyncResultText::report(result); }

} // namespace

class TestSyncServers : public QObject {
    Q_OBJECT

private:
    test::TestServers m_servers;
    test::ServerClients m_clients;
    util::CancellationToken m_cancel;
    QString m_kubectl;

    kube::HttpKubeClient* clientFor(const TestServer& server) { return m_clients.clientFor(server); }

    static workspace::Environment environment(const TestServer& server, const QString& name) {
        return test::ServerClients::plainEnvironment(server, name);
    }

    SyncResult sync(kube::KubeClient& client, const workspace::Environment& env, const std::vector<nlohmann::json>& bodies,
                    const char* revisionHex, SyncRequest request = {}) {
        request.environment = env.name;
        return SyncRunner::run(client, env, rendered(bodies), revision(revisionHex), request, {}, m_cancel);
    }

    // One cycle's cluster half and pairing, as the engine does them.
    static EnvironmentSnapshot pair(kube::KubeClient& client, const workspace::Environment& env,
                                    const std::vector<nlohmann::json>& bodies) {
        const ClusterObservation observation =
            ClusterReader::observe(client, env, rendered(bodies).objects, util::CancellationToken{});
        PairingInput input{&env, &observation.desired, &observation.live, observation.owned,
                           [&](const manifest::ResourceKey& key) {
                               return observation.clusterScopedKinds.count({key.group, key.kind, {}, {}}) > 0;
                           }};
        EnvironmentSnapshot snapshot;
        ResourcePairing::fill(input, snapshot);
        return snapshot;
    }

    // kubectl with the row's kubeconfig; its exit code, stdout+stderr in `output`.
    int kubectl(const TestServer& server, const QStringList& args, QString* output) {
        return test::runProgram(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), server.kubeconfig} + args, output);
    }

    // What a kubelet or a controller does: a merge patch of the status subresource.
    bool writeStatus(const TestServer& server, const QString& resource, const QString& namespaceName, const QString& name,
                     const nlohmann::json& status, QString* output) {
        const QString patch = QString::fromStdString(nlohmann::json{{"status", status}}.dump());
        return kubectl(server,
                       {QStringLiteral("patch"), resource, name, QStringLiteral("-n"), namespaceName,
                        QStringLiteral("--subresource=status"), QStringLiteral("--type=merge"), QStringLiteral("-p"), patch},
                       output) == 0;
    }

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
    }

    void cleanupTestCase() { m_clients.clear(); }

    // One Sync creates the namespace, a CRD and its custom resource, a ConfigMap and a
    // Deployment; every object says Applied, the inventory records the revision and the
    // keys; the same Sync again changes nothing (Unchanged, no new resourceVersion).
    void aFirstSyncAppliesEverythingInWavesAndRecordsTheInventory() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("waves"));
        const std::vector<nlohmann::json> bodies = {
            configMap(QStringLiteral("settings"), QStringLiteral("one")),
            {{"apiVersion", "sync.example.com/v1"}, {"kind", "Gadget"}, {"metadata", {{"name", "g1"}}}, {"spec", {{"size", 2}}}},
            deployment(QStringLiteral("api"), 2),
            gadgetDefinition(),
            {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "waves"}}}},
        };
        const SyncResult first = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(first.succeeded(), qPrintable(outcomes(first)));
        QCOMPARE(first.objects.size(), bodies.size());
        for (const auto& object : first.objects)
            QVERIFY2(object.outcome == ObjectOutcome::Applied, qPrintable(outcomes(first)));
        QCOMPARE(first.objects.front().key.kind, QStringLiteral("Namespace")); // namespaces first

        auto inventory = client->get(kube::inventoryKey(env.name, env.defaultNamespace), m_cancel);
        REQUIRE_OK(inventory);
        auto parsed = kube::fromConfigMap(*inventory);
        REQUIRE_OK(parsed);
        QCOMPARE(parsed->revision, QString::fromLatin1(kRevisionA));
        QCOMPARE(parsed->resources.size(), bodies.size());
        auto gadget = client->get(
            {QStringLiteral("sync.example.com"), QStringLiteral("Gadget"), QStringLiteral("waves"), QStringLiteral("g1")},
            m_cancel);
        REQUIRE_OK(gadget);
        QCOMPARE(kube::appliedRevision(*gadget), QString::fromLatin1(kRevisionA));

        const SyncResult again = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(again.succeeded(), qPrintable(outcomes(again)));
        for (const auto& object : again.objects)
            QVERIFY2(object.outcome == ObjectOutcome::Unchanged, qPrintable(outcomes(again)));

        // What the server added (defaults, managedFields, its own labels) is no drift.
        const EnvironmentSnapshot snapshot = pair(*client, env, bodies);
        QCOMPARE(snapshot.count(diff::ResourceState::Same), bodies.size());
        QCOMPARE(snapshot.sync, health::SyncStatus::Synced);
    }

    // "Sync selected" (SyncRequest::only) applies the chosen object and leaves the others as
    // they are; the cluster does not run the whole revision, so the inventory keeps the
    // revision that was deployed (the selected object is owned). A full Sync then records it.
    void aSyncOfSelectedObjectsRecordsNoDeployedRevision() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("selected"));
        QVERIFY(sync(*client, env,
                     {configMap(QStringLiteral("a"), QStringLiteral("1")), configMap(QStringLiteral("b"), QStringLiteral("1"))},
                     kRevisionA)
                    .succeeded());
        const std::vector<nlohmann::json> revisionB = {configMap(QStringLiteral("a"), QStringLiteral("2")),
                                                       configMap(QStringLiteral("b"), QStringLiteral("2"))};
        const manifest::ResourceKey a{QString(), QStringLiteral("ConfigMap"), QStringLiteral("selected"), QStringLiteral("a")};
        const manifest::ResourceKey b{QString(), QStringLiteral("ConfigMap"), QStringLiteral("selected"), QStringLiteral("b")};

        const SyncResult selected = sync(*client, env, revisionB, kRevisionB, SyncRequest{.only = {a}});
        QVERIFY2(!selected.error, qPrintable(outcomes(selected)));
        QVERIFY(!selected.recordedDeployed);
        QCOMPARE(resultFor(selected, QStringLiteral("ConfigMap"), QStringLiteral("a"))->outcome, ObjectOutcome::Applied);
        auto liveA = client->get(a, m_cancel);
        auto liveB = client->get(b, m_cancel);
        REQUIRE_OK(liveA);
        REQUIRE_OK(liveB);
        QCOMPARE(liveA->value("data", nlohmann::json::object()).value("key", std::string()), std::string("2"));
        QCOMPARE(liveB->value("data", nlohmann::json::object()).value("key", std::string()), std::string("1"));
        auto inventory = kube::fromConfigMap(*client->get(kube::inventoryKey(env.name, env.defaultNamespace), m_cancel));
        REQUIRE_OK(inventory);
        QCOMPARE(inventory->revision, QString::fromLatin1(kRevisionA));

        const SyncResult full = sync(*client, env, revisionB, kRevisionB);
        QVERIFY2(full.succeeded() && full.recordedDeployed, qPrintable(outcomes(full)));
        inventory = kube::fromConfigMap(*client->get(kube::inventoryKey(env.name, env.defaultNamespace), m_cancel));
        REQUIRE_OK(inventory);
        QCOMPARE(inventory->revision, QString::fromLatin1(kRevisionB));
    }

    // The order the server saw the writes in (every write takes the next resourceVersion):
    // the namespace, then wave -1, then wave 0 with the ConfigMap before the Deployment
    // that uses it (kind order), then wave 2 — whatever order the manifests came in.
    void objectsApplyInNamespaceWaveAndKindOrder() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("ordered"));
        auto late = configMap(QStringLiteral("late"), QStringLiteral("x"));
        late["metadata"]["annotations"]["argocd.argoproj.io/sync-wave"] = "2";
        auto early = deployment(QStringLiteral("early"), 1);
        early["metadata"]["annotations"]["syncline.io/sync-wave"] = "-1";
        const std::vector<nlohmann::json> bodies = {
            late,
            deployment(QStringLiteral("api"), 1),
            early,
            configMap(QStringLiteral("settings"), QStringLiteral("y")),
            {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "ordered"}}}}};
        const SyncResult result = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(result.succeeded(), qPrintable(outcomes(result)));
        const std::vector<manifest::ResourceKey> expectedOrder = {
            {QString(), QStringLiteral("Namespace"), QString(), QStringLiteral("ordered")},
            {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("ordered"), QStringLiteral("early")},
            {QString(), QStringLiteral("ConfigMap"), QStringLiteral("ordered"), QStringLiteral("settings")},
            {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("ordered"), QStringLiteral("api")},
            {QString(), QStringLiteral("ConfigMap"), QStringLiteral("ordered"), QStringLiteral("late")}};
        qulonglong previous = 0;
        for (const auto& key : expectedOrder) {
            auto live = client->get(key, m_cancel);
            REQUIRE_OK(live);
            const qulonglong version =
                QString::fromStdString((*live)["metadata"].value("resourceVersion", std::string())).toULongLong();
            QVERIFY2(version > previous, qPrintable(key.name + QStringLiteral(" was written out of order")));
            previous = version;
        }
    }

    // A refusal in the dry run (a name Kubernetes does not allow) applies nothing at all,
    // and the failed object carries the server's 422 reason.
    void aDryRunRefusalAppliesNothing() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("refused"));
        const SyncResult result = sync(
            *client, env,
            {configMap(QStringLiteral("fine"), QStringLiteral("ok")), configMap(QStringLiteral("Not_Fine"), QStringLiteral("x"))},
            kRevisionA);
        QVERIFY(!result.succeeded());
        QVERIFY(result.dryRunFailed);
        const ObjectResult* bad = resultFor(result, QStringLiteral("ConfigMap"), QStringLiteral("Not_Fine"));
        QVERIFY(bad);
        QCOMPARE(bad->outcome, ObjectOutcome::Failed);
        QCOMPARE(bad->error->code, util::ErrorCode::Invalid);
        QVERIFY2(bad->error->message.startsWith(QStringLiteral("422 Invalid: ")), qPrintable(bad->error->message));
        auto fine =
            client->get({QString(), QStringLiteral("ConfigMap"), QStringLiteral("refused"), QStringLiteral("fine")}, m_cancel);
        QVERIFY(!fine);
        QCOMPARE(fine.error().code, util::ErrorCode::NotFound);
        auto inventory = client->get(kube::inventoryKey(env.name, env.defaultNamespace), m_cancel);
        QVERIFY(!inventory);
    }

    // The second revision drops an object: without prune it stays owned, with prune it is
    // deleted and leaves the inventory.
    void pruneDeletesOwnedObjectsNoLongerDesired() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("pruned"));
        const auto keep = configMap(QStringLiteral("keep"), QStringLiteral("k"));
        const auto drop = configMap(QStringLiteral("drop"), QStringLiteral("d"));
        QVERIFY(sync(*client, env, {keep, drop}, kRevisionA).succeeded());
        const manifest::ResourceKey dropKey{QString(), QStringLiteral("ConfigMap"), QStringLiteral("pruned"),
                                            QStringLiteral("drop")};

        const SyncResult kept = sync(*client, env, {keep}, kRevisionB);
        QVERIFY2(kept.succeeded(), qPrintable(outcomes(kept)));
        REQUIRE_OK(client->get(dropKey, m_cancel));

        const SyncResult pruned = sync(*client, env, {keep}, kRevisionB, SyncRequest{.prune = true});
        QVERIFY2(pruned.succeeded(), qPrintable(outcomes(pruned)));
        const ObjectResult* dropped = resultFor(pruned, QStringLiteral("ConfigMap"), QStringLiteral("drop"));
        QVERIFY(dropped);
        QCOMPARE(dropped->outcome, ObjectOutcome::Pruned);
        auto gone = client->get(dropKey, m_cancel);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, util::ErrorCode::NotFound);
        auto inventory = kube::fromConfigMap(*client->get(kube::inventoryKey(env.name, env.defaultNamespace), m_cancel));
        REQUIRE_OK(inventory);
        QCOMPARE(inventory->resources.size(), std::size_t(1));
        QCOMPARE(inventory->resources.front().name, QStringLiteral("keep"));
        QCOMPARE(inventory->previousRevision, QString::fromLatin1(kRevisionA));
    }

    // Someone took a field over with kubectl: the Sync fails on that object with the
    // conflict (nothing recorded as deployed); a forced Sync takes the field back.
    void aFieldTakenByKubectlConflictsUntilForced() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it plays the other field manager here");
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("contested"));
        const auto mine = configMap(QStringLiteral("shared"), QStringLiteral("from-git"));
        QVERIFY(sync(*client, env, {mine}, kRevisionA).succeeded());

        QTemporaryDir scratch;
        QFile file(QDir(scratch.path()).filePath(QStringLiteral("theirs.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: contested\n"
                   "data:\n  key: from-kubectl\n");
        file.close();
        QString output;
        QCOMPARE(kubectl(server,
                         {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--force-conflicts"),
                          QStringLiteral("-f"), file.fileName()},
                         &output),
                 0);

        const SyncResult refused = sync(*client, env, {mine}, kRevisionB);
        QVERIFY(!refused.succeeded());
        QVERIFY(!refused.recordedDeployed);
        const ObjectResult* shared = resultFor(refused, QStringLiteral("ConfigMap"), QStringLiteral("shared"));
        QVERIFY(shared);
        QCOMPARE(shared->outcome, ObjectOutcome::Failed);
        QCOMPARE(shared->error->code, util::ErrorCode::Conflict);
        QVERIFY2(shared->error->message.contains(QStringLiteral("conflict with \"kubectl\"")) &&
                     shared->error->message.contains(QStringLiteral(".data.key")),
                 qPrintable(shared->error->message));

        const SyncResult forced = sync(*client, env, {mine}, kRevisionB, SyncRequest{.force = true});
        QVERIFY2(forced.succeeded(), qPrintable(outcomes(forced)));
        QCOMPARE(kubectl(server,
                         {QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("shared"), QStringLiteral("-n"),
                          QStringLiteral("contested"), QStringLiteral("-o"), QStringLiteral("jsonpath={.data.key}")},
                         &output),
                 0);
        QCOMPARE(output.trimmed(), QStringLiteral("from-git"));
    }

    // After a Sync, kubectl's own server-side diff of the same manifests finds nothing to
    // change (exit 0), and kubectl get reads what Syncline wrote.
    void kubectlFindsNothingToChangeAfterASync() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it checks Syncline's work here");
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("kubectl-diff"));
        const SyncResult synced =
            sync(*client, env,
                 {configMap(QStringLiteral("settings"), QStringLiteral("v1")), deployment(QStringLiteral("web"), 3)}, kRevisionA);
        QVERIFY2(synced.succeeded(), qPrintable(outcomes(synced)));

        QTemporaryDir scratch;
        QFile file(QDir(scratch.path()).filePath(QStringLiteral("same.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        for (const auto& body :
             {configMap(QStringLiteral("settings"), QStringLiteral("v1")), deployment(QStringLiteral("web"), 3)}) {
            nlohmann::json placed = body;
            placed["metadata"]["namespace"] = "kubectl-diff";
            file.write(QByteArray::fromStdString(placed.dump()) + "\n");
        }
        file.close();
        QString output;
        const int diff = kubectl(server,
                                 {QStringLiteral("diff"), QStringLiteral("--server-side"),
                                  QStringLiteral("--field-manager=kubectl-check"), QStringLiteral("-f"), file.fileName()},
                                 &output);
        QVERIFY2(diff == 0, qPrintable(QStringLiteral("kubectl diff exited %1:\n%2").arg(diff).arg(output)));
        QCOMPARE(kubectl(server,
                         {QStringLiteral("get"), QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"),
                          QStringLiteral("kubectl-diff"), QStringLiteral("-o"),
                          QStringLiteral("jsonpath={.metadata.annotations.syncline\\.io/revision} {.spec.replicas}")},
                         &output),
                 0);
        QCOMPARE(output.trimmed(), QString::fromLatin1(kRevisionA) + QStringLiteral(" 3"));
    }

    // Nothing runs Pods here: the test writes the status a kubelet and the Deployment
    // controller would, and health follows it as on a real cluster.
    void healthFollowsTheStatusWrittenThroughTheStatusSubresource() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: it writes the status subresource here");
        kube::HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto env = environment(server, QStringLiteral("health"));
        const std::vector<nlohmann::json> bodies = {deployment(QStringLiteral("web"), 2), pod(QStringLiteral("worker"))};
        const SyncResult synced = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(synced.succeeded(), qPrintable(outcomes(synced)));

        auto healthOf = [&](const QString& kind) {
            const auto observation = ClusterReader::observe(*client, env, rendered(bodies).objects, m_cancel);
            for (const auto& live : observation.live)
                if (live.key.kind == kind)
                    return health::assessHealth(live.body);
            return health::missingHealth();
        };
        QCOMPARE(healthOf(QStringLiteral("Deployment")).health, health::Health::Progressing);
        QCOMPARE(healthOf(QStringLiteral("Pod")).health, health::Health::Progressing);
        auto pending =
            client->get({QString(), QStringLiteral("Pod"), QStringLiteral("health"), QStringLiteral("worker")}, m_cancel);
        REQUIRE_OK(pending);
        QCOMPARE(QString::fromStdString((*pending)["status"].value("phase", std::string())), QStringLiteral("Pending"));

        auto live = client->get(
            {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("health"), QStringLiteral("web")}, m_cancel);
        REQUIRE_OK(live);
        const qint64 generation = (*live)["metadata"]["generation"].get<qint64>();
        QString output;
        QVERIFY2(writeStatus(server, QStringLiteral("deployment"), QStringLiteral("health"), QStringLiteral("web"),
                             {{"observedGeneration", generation},
                              {"replicas", 2},
                              {"updatedReplicas", 2},
                              {"readyReplicas", 1},
                              {"availableReplicas", 1}},
                             &output),
                 qPrintable(output));
        const auto halfway = healthOf(QStringLiteral("Deployment"));
        QCOMPARE(halfway.health, health::Health::Progressing);
        QVERIFY2(halfway.message.contains(QStringLiteral("1 of 2 updated replicas are available")), qPrintable(halfway.message));
        QVERIFY2(writeStatus(server, QStringLiteral("deployment"), QStringLiteral("health"), QStringLiteral("web"),
                             {{"readyReplicas", 2}, {"availableReplicas", 2}}, &output),
                 qPrintable(output));
        QCOMPARE(healthOf(QStringLiteral("Deployment")).health, health::Health::Healthy);

        QVERIFY2(writeStatus(server, QStringLiteral("pod"), QStringLiteral("health"), QStringLiteral("worker"),
                             {{"phase", "Running"},
                              {"conditions", {{{"type", "Ready"}, {"status", "True"}}}},
                              {"containerStatuses",
                               {{{"name", "main"},
                                 {"ready", true},
                                 {"restartCount", 0},
                                 {"image", "shop/worker:1.0"},
                                 {"imageID", ""},
                                 {"state", {{"running", {{"startedAt", "2026-01-01T00:00:00Z"}}}}}}}}},
                             &output),
                 qPrintable(output));
        QCOMPARE(healthOf(QStringLiteral("Pod")).health, health::Health::Healthy);

        // A status write is not a spec change: Syncline's next Sync leaves the object alone.
        const SyncResult again = sync(*client, env, bodies, kRevisionA);
        QVERIFY2(again.succeeded(), qPrintable(outcomes(again)));
        QCOMPARE(healthOf(QStringLiteral("Deployment")).health, health::Health::Healthy);
    }
};

QTEST_GUILESS_MAIN(TestSyncServers)
#include "tst_sync_servers.moc"
