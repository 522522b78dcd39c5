// syncline-devcluster over plain HTTP: what kubectl does not show (status codes, Status
// objects, resourceVersion/generation bookkeeping, pagination, dry run, propagation,
// watch, simulated controllers, authentication).
#include "devcluster/ApiClient.h"
#include "support/DevCluster.h"

#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <nlohmann/json.hpp>

using nlohmann::json;
using syncline::test::ApiClient;
using syncline::test::DevCluster;
using syncline::test::DevClusterOptions;

// JSON values compare as their serialisations (readable when a test fails).
#define JCOMPARE(actual, expected)                                                                                               \
    QCOMPARE(QString::fromStdString(json(actual).dump()), QString::fromStdString(json(expected).dump()))

namespace {
QStringList names(const char* commaSeparated) {
    return QString::fromLatin1(commaSeparated).split(QLatin1Char(','), Qt::SkipEmptyParts);
}
} // namespace

namespace {

json configMap(const std::string& ns, const std::string& name, const json& labels = json::object()) {
    json object{{"apiVersion", "v1"},
                {"kind", "ConfigMap"},
                {"metadata", {{"name", name}, {"namespace", ns}}},
                {"data", {{"key", "value"}}}};
    if (!labels.empty())
        object["metadata"]["labels"] = labels;
    return object;
}

json deployment(const std::string& ns, const std::string& name, int replicas, const std::string& image) {
    return json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", name}, {"namespace", ns}, {"labels", {{"app", name}}}}},
                {"spec",
                 {{"replicas", replicas},
                  {"selector", {{"matchLabels", {{"app", name}}}}},
                  {"template",
                   {{"metadata", {{"labels", {{"app", name}}}}},
                    {"spec", {{"containers", json::array({{{"name", "main"}, {"image", image}}})}}}}}}}};
}

QString deploymentPath(const QString& ns, const QString& name = {}) {
    return QStringLiteral("/apis/apps/v1/namespaces/") + ns + QStringLiteral("/deployments") +
           (name.isEmpty() ? QString() : QLatin1Char('/') + name);
}

QString configMapPath(const QString& ns, const QString& name = {}) {
    return QStringLiteral("/api/v1/namespaces/") + ns + QStringLiteral("/configmaps") +
           (name.isEmpty() ? QString() : QLatin1Char('/') + name);
}

std::string rvOf(const json& object) { return object["metadata"]["resourceVersion"].get<std::string>(); }

} // namespace

class TestDevClusterApi : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<DevCluster> m_cluster;
    std::unique_ptr<ApiClient> m_api;

    void createNamespace(const std::string& name) {
        auto reply = m_api->post(QStringLiteral("/api/v1/namespaces"),
                                 json{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}});
        QCOMPARE(reply.status, 201);
    }

private Q_SLOTS:
    void initTestCase() {
        m_cluster = std::make_unique<DevCluster>();
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        m_api = std::make_unique<ApiClient>(m_cluster->url(), m_cluster->token());
    }

    void cleanupTestCase() {
        m_api.reset();
        m_cluster.reset();
    }

    void discoveryListsBuiltinGroupsAsPlainJson() {
        // client-go asks for aggregated discovery first; a plain JSON answer makes it fall back.
        auto apis = m_api->get(QStringLiteral("/apis"),
                               {{"Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                                           "application/json"}});
        QCOMPARE(apis.status, 200);
        QVERIFY(apis.contentType.startsWith("application/json"));
        QVERIFY(!apis.contentType.contains("apidiscovery"));
        QStringList groups;
        const json groupList = apis.json();
        for (const auto& group : groupList["groups"])
            groups << QString::fromStdString(group["name"].get<std::string>());
        for (const char* wanted :
             {"apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "apiextensions.k8s.io", "autoscaling", "policy"})
            QVERIFY2(groups.contains(QLatin1String(wanted)), wanted);
        auto core = m_api->get(QStringLiteral("/api/v1")).json();
        bool sawNamespaces = false;
        for (const auto& resource : core["resources"])
            if (resource["name"] == "namespaces")
                sawNamespaces = resource["namespaced"] == false && resource["kind"] == "Namespace";
        QVERIFY(sawNamespaces);
        JCOMPARE(m_api->get(QStringLiteral("/apis/apps/v1")).json()["groupVersion"], "apps/v1");
        JCOMPARE(m_api->get(QStringLiteral("/version")).json()["major"], "1");
    }

    void createSetsIdentityAndBumpsVersions() {
        createNamespace("gen");
        auto created = m_api->apply(deploymentPath(QStringLiteral("gen"), QStringLiteral("web")),
                                    deployment("gen", "web", 1, "nginx:1.25"), QStringLiteral("test"));
        QCOMPARE(created.status, 201);
        json object = created.json();
        QVERIFY(!object["metadata"]["uid"].get<std::string>().empty());
        QVERIFY(!object["metadata"]["creationTimestamp"].get<std::string>().empty());
        JCOMPARE(object["metadata"]["generation"], 1);
        const std::string rv1 = rvOf(object);

        // The same apply again changes nothing: same resourceVersion.
        auto same = m_api->apply(deploymentPath(QStringLiteral("gen"), QStringLiteral("web")),
                                 deployment("gen", "web", 1, "nginx:1.25"), QStringLiteral("test"));
        QCOMPARE(same.status, 200);
        QCOMPARE(rvOf(same.json()), rv1);

        // Metadata only: a new resourceVersion, the same generation.
        json labelled = deployment("gen", "web", 1, "nginx:1.25");
        labelled["metadata"]["labels"]["tier"] = "front";
        auto relabelled =
            m_api->apply(deploymentPath(QStringLiteral("gen"), QStringLiteral("web")), labelled, QStringLiteral("test"));
        QCOMPARE(relabelled.status, 200);
        QVERIFY(std::stoull(rvOf(relabelled.json())) > std::stoull(rv1));
        JCOMPARE(relabelled.json()["metadata"]["generation"], 1);

        // Spec: the generation moves.
        json scaled = labelled;
        scaled["spec"]["replicas"] = 3;
        auto rescaled =
            m_api->apply(deploymentPath(QStringLiteral("gen"), QStringLiteral("web")), scaled, QStringLiteral("test"));
        QCOMPARE(rescaled.status, 200);
        JCOMPARE(rescaled.json()["metadata"]["generation"], 2);
        JCOMPARE(rescaled.json()["spec"]["replicas"], 3);
        JCOMPARE(rescaled.json()["metadata"]["uid"], object["metadata"]["uid"]);
    }

    void staleResourceVersionIsAConflict() {
        createNamespace("stale");
        QCOMPARE(m_api->post(configMapPath(QStringLiteral("stale")), configMap("stale", "cm")).status, 201);
        json live = m_api->get(configMapPath(QStringLiteral("stale"), QStringLiteral("cm"))).json();
        json first = live;
        first["data"]["key"] = "first";
        auto ok = m_api->put(configMapPath(QStringLiteral("stale"), QStringLiteral("cm")), first);
        QCOMPARE(ok.status, 200);
        QVERIFY(rvOf(ok.json()) != rvOf(live));

        json second = live; // still carries the old resourceVersion
        second["data"]["key"] = "second";
        auto conflict = m_api->put(configMapPath(QStringLiteral("stale"), QStringLiteral("cm")), second);
        QCOMPARE(conflict.status, 409);
        json status = conflict.json();
        JCOMPARE(status["kind"], "Status");
        JCOMPARE(status["reason"], "Conflict");
        QVERIFY(status["message"].get<std::string>().find("the object has been modified") != std::string::npos);
        JCOMPARE(m_api->get(configMapPath(QStringLiteral("stale"), QStringLiteral("cm"))).json()["data"]["key"], "first");
    }

    void unknownObjectsAndKindsAre404() {
        auto missing = m_api->get(configMapPath(QStringLiteral("default"), QStringLiteral("nope")));
        QCOMPARE(missing.status, 404);
        JCOMPARE(missing.json()["reason"], "NotFound");
        JCOMPARE(missing.json()["message"], "configmaps \"nope\" not found");
        auto kind = m_api->get(QStringLiteral("/apis/example.com/v1/namespaces/default/widgets"));
        QCOMPARE(kind.status, 404);
        JCOMPARE(kind.json()["kind"], "Status");
        auto noNamespace = m_api->post(configMapPath(QStringLiteral("does-not-exist")), configMap("does-not-exist", "cm"));
        QCOMPARE(noNamespace.status, 404);
        JCOMPARE(noNamespace.json()["message"], "namespaces \"does-not-exist\" not found");
    }

    void mismatchedBodiesAreRefused_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field"); // empty: a 400 BadRequest (the request is wrong, as on the real server)
        const json good = configMap("default", "named");
        json otherName = good;
        otherName["metadata"]["name"] = "other";
        json otherNamespace = good;
        otherNamespace["metadata"]["namespace"] = "kube-system";
        json otherKind = good;
        otherKind["kind"] = "Secret";
        json noName = good;
        noName["metadata"].erase("name");
        const auto bytes = [](const json& j) { return QByteArray::fromStdString(j.dump()); };
        QTest::newRow("name differs from URL") << configMapPath(QStringLiteral("default"), QStringLiteral("named"))
                                               << QByteArray("PUT") << bytes(otherName) << QString();
        QTest::newRow("namespace differs from URL")
            << configMapPath(QStringLiteral("default")) << QByteArray("POST") << bytes(otherNamespace) << QString();
        QTest::newRow("kind differs from URL")
            << configMapPath(QStringLiteral("default")) << QByteArray("POST") << bytes(otherKind) << QString();
        QTest::newRow("no name") << configMapPath(QStringLiteral("default")) << QByteArray("POST") << bytes(noName)
                                 << QStringLiteral("metadata.name");
    }

    void mismatchedBodiesAreRefused() {
        QFETCH(QString, path);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        if (method == "PUT")
            QCOMPARE(m_api->post(configMapPath(QStringLiteral("default")), configMap("default", "named")).status, 201);
        auto reply = m_api->send(method, path, body, "application/json");
        json status = reply.json();
        if (field.isEmpty()) {
            QCOMPARE(reply.status, 400);
            JCOMPARE(status["reason"], "BadRequest");
        } else {
            QCOMPARE(reply.status, 422);
            JCOMPARE(status["reason"], "Invalid");
            QCOMPARE(QString::fromStdString(status["details"]["causes"][0]["field"].get<std::string>()), field);
        }
        QCOMPARE(m_api->get(configMapPath(QStringLiteral("default"), QStringLiteral("other"))).status, 404);
    }

    void paginationFollowsContinue() {
        createNamespace("pages");
        for (int i = 0; i < 7; ++i)
            QCOMPARE(m_api->post(configMapPath(QStringLiteral("pages")), configMap("pages", "cm-" + std::to_string(i))).status,
                     201);
        auto first = m_api->get(configMapPath(QStringLiteral("pages")) + QStringLiteral("?limit=3"));
        QCOMPARE(first.status, 200);
        json page = first.json();
        JCOMPARE(page["kind"], "ConfigMapList");
        QCOMPARE(page["items"].size(), 3u);
        JCOMPARE(page["metadata"]["remainingItemCount"], 4);
        QStringList names;
        for (const auto& item : page["items"])
            names << QString::fromStdString(item["metadata"]["name"].get<std::string>());
        int pages = 1;
        while (page["metadata"].contains("continue")) {
            const QString token = QString::fromStdString(page["metadata"]["continue"].get<std::string>());
            page = m_api->get(configMapPath(QStringLiteral("pages")) + QStringLiteral("?limit=3&continue=") + token).json();
            for (const auto& item : page["items"])
                names << QString::fromStdString(item["metadata"]["name"].get<std::string>());
            QVERIFY(++pages <= 3);
        }
        QCOMPARE(pages, 3);
        QCOMPARE(names.size(), 7);
        names.removeDuplicates();
        QCOMPARE(names.size(), 7);
        auto bad = m_api->get(configMapPath(QStringLiteral("pages")) + QStringLiteral("?limit=3&continue=garbage"));
        QCOMPARE(bad.status, 400);
    }

    void labelAndFieldSelectors_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("=") << QStringLiteral("labelSelector=app%3Dweb") << names("a,b");
        QTest::newRow("==") << QStringLiteral("labelSelector=app%3D%3Dweb,tier%3Dfront") << names("a");
        QTest::newRow("!=") << QStringLiteral("labelSelector=app!%3Dweb") << names("c,d");
        QTest::newRow("in") << QStringLiteral("labelSelector=tier+in+(front,back)") << names("a,b,c");
        QTest::newRow("notin") << QStringLiteral("labelSelector=tier+notin+(front)") << names("b,c,d");
        QTest::newRow("exists") << QStringLiteral("labelSelector=tier") << names("a,b,c");
        QTest::newRow("!key") << QStringLiteral("labelSelector=!tier") << names("d");
        QTest::newRow("name") << QStringLiteral("fieldSelector=metadata.name%3Dc") << names("c");
        QTest::newRow("name!=") << QStringLiteral("fieldSelector=metadata.name!%3Dc") << names("a,b,d");
    }

    void labelAndFieldSelectors() {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        static bool created = false;
        if (!created) {
            created = true;
            createNamespace("labels");
            const json labels[] = {{{"app", "web"}, {"tier", "front"}},
                                   {{"app", "web"}, {"tier", "back"}},
                                   {{"app", "db"}, {"tier", "back"}},
                                   json::object({{"app", "db"}})};
            const char* names[] = {"a", "b", "c", "d"};
            for (int i = 0; i < 4; ++i)
                QCOMPARE(m_api->post(configMapPath(QStringLiteral("labels")), configMap("labels", names[i], labels[i])).status,
                         201);
        }
        auto reply = m_api->get(configMapPath(QStringLiteral("labels")) + QLatin1Char('?') + query);
        QCOMPARE(reply.status, 200);
        QStringList names;
        const json list = reply.json();
        for (const auto& item : list["items"])
            names << QString::fromStdString(item["metadata"]["name"].get<std::string>());
        QCOMPARE(names, expected);
    }

    void dryRunStoresNothing() {
        createNamespace("dry");
        const QString path = configMapPath(QStringLiteral("dry"));
        auto created = m_api->send("POST", path + QStringLiteral("?dryRun=All"),
                                   QByteArray::fromStdString(configMap("dry", "ghost").dump()), "application/json");
        QCOMPARE(created.status, 201);
        JCOMPARE(created.json()["metadata"]["name"], "ghost");
        QCOMPARE(m_api->get(configMapPath(QStringLiteral("dry"), QStringLiteral("ghost"))).status, 404);

        auto applied = m_api->apply(deploymentPath(QStringLiteral("dry"), QStringLiteral("ghost")),
                                    deployment("dry", "ghost", 2, "nginx"), QStringLiteral("test"), false, true);
        QCOMPARE(applied.status, 201);
        JCOMPARE(applied.json()["spec"]["replicas"], 2);
        QCOMPARE(m_api->get(deploymentPath(QStringLiteral("dry"), QStringLiteral("ghost"))).status, 404);

        QCOMPARE(m_api->post(path, configMap("dry", "real")).status, 201);
        const std::string rv = rvOf(m_api->get(configMapPath(QStringLiteral("dry"), QStringLiteral("real"))).json());
        json changed = configMap("dry", "real");
        changed["data"]["key"] = "changed";
        auto update =
            m_api->send("PUT", configMapPath(QStringLiteral("dry"), QStringLiteral("real")) + QStringLiteral("?dryRun=All"),
                        QByteArray::fromStdString(changed.dump()), "application/json");
        QCOMPARE(update.status, 200);
        JCOMPARE(update.json()["data"]["key"], "changed");
        auto deleted =
            m_api->remove(configMapPath(QStringLiteral("dry"), QStringLiteral("real")) + QStringLiteral("?dryRun=All"));
        QCOMPARE(deleted.status, 200);
        json live = m_api->get(configMapPath(QStringLiteral("dry"), QStringLiteral("real"))).json();
        JCOMPARE(live["data"]["key"], "value");
        QCOMPARE(rvOf(live), rv);
    }

    void deletingANamespaceRemovesItsObjects() {
        createNamespace("doomed");
        QCOMPARE(m_api->post(configMapPath(QStringLiteral("doomed")), configMap("doomed", "cm")).status, 201);
        QCOMPARE(m_api
                     ->apply(deploymentPath(QStringLiteral("doomed"), QStringLiteral("web")),
                             deployment("doomed", "web", 1, "nginx"), QStringLiteral("test"))
                     .status,
                 201);
        QCOMPARE(m_api->remove(QStringLiteral("/api/v1/namespaces/doomed")).status, 200);
        QCOMPARE(m_api->get(QStringLiteral("/api/v1/namespaces/doomed")).status, 404);
        QCOMPARE(m_api->get(configMapPath(QStringLiteral("doomed"), QStringLiteral("cm"))).status, 404);
        QCOMPARE(m_api->get(deploymentPath(QStringLiteral("doomed"), QStringLiteral("web"))).status, 404);
        QCOMPARE(m_api->remove(QStringLiteral("/api/v1/namespaces/default")).status, 403);
    }

    void ownerReferencesPropagate_data() {
        QTest::addColumn<QByteArray>("policy");
        QTest::addColumn<bool>("dependentSurvives");
        QTest::newRow("Background") << QByteArray("Background") << false;
        QTest::newRow("Foreground") << QByteArray("Foreground") << false;
        QTest::newRow("Orphan") << QByteArray("Orphan") << true;
    }

    void ownerReferencesPropagate() {
        QFETCH(QByteArray, policy);
        QFETCH(bool, dependentSurvives);
        const std::string ns = "owners-" + QByteArray(policy).toLower().toStdString();
        createNamespace(ns);
        const QString qns = QString::fromStdString(ns);
        auto owner = m_api->apply(deploymentPath(qns, QStringLiteral("owner")), deployment(ns, "owner", 1, "nginx"),
                                  QStringLiteral("test"));
        QCOMPARE(owner.status, 201);
        json dependent = configMap(ns, "dependent");
        dependent["metadata"]["ownerReferences"] = json::array(
            {{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "owner"}, {"uid", owner.json()["metadata"]["uid"]}}});
        QCOMPARE(m_api->post(configMapPath(qns), dependent).status, 201);
        const QByteArray options = "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"" + policy + "\"}";
        QCOMPARE(m_api->remove(deploymentPath(qns, QStringLiteral("owner")), options).status, 200);
        auto after = m_api->get(configMapPath(qns, QStringLiteral("dependent")));
        QCOMPARE(after.status, dependentSurvives ? 200 : 404);
        if (dependentSurvives)
            QVERIFY(!after.json()["metadata"].contains("ownerReferences"));
    }

    void patchesOfEveryKind() {
        createNamespace("patch");
        const QString path = deploymentPath(QStringLiteral("patch"), QStringLiteral("web"));
        QCOMPARE(m_api->apply(path, deployment("patch", "web", 1, "nginx:1"), QStringLiteral("test")).status, 201);

        auto merge =
            m_api->patch(path, "application/merge-patch+json", R"({"metadata":{"annotations":{"a":"1"}},"spec":{"replicas":4}})");
        QCOMPARE(merge.status, 200);
        JCOMPARE(merge.json()["spec"]["replicas"], 4);
        JCOMPARE(merge.json()["metadata"]["annotations"]["a"], "1");

        // Strategic: containers merge by name (the image changes, the container list keeps one item).
        auto strategic = m_api->patch(path, "application/strategic-merge-patch+json",
                                      R"({"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:2"}]}}}})");
        QCOMPARE(strategic.status, 200);
        const json containers = strategic.json()["spec"]["template"]["spec"]["containers"];
        QCOMPARE(containers.size(), 1u);
        JCOMPARE(containers[0]["image"], "nginx:2");

        auto jsonPatch =
            m_api->patch(path, "application/json-patch+json", R"([{"op":"replace","path":"/spec/replicas","value":5}])");
        QCOMPARE(jsonPatch.status, 200);
        JCOMPARE(jsonPatch.json()["spec"]["replicas"], 5);

        auto badPatch =
            m_api->patch(path, "application/json-patch+json", R"([{"op":"test","path":"/spec/replicas","value":99}])");
        QCOMPARE(badPatch.status, 422);
        auto badType = m_api->patch(path, "text/plain", "x");
        QCOMPARE(badType.status, 415);
        QCOMPARE(
            m_api->patch(deploymentPath(QStringLiteral("patch"), QStringLiteral("nope")), "application/merge-patch+json", "{}")
                .status,
            404);
    }

    void serverSideApplyTracksOwnersAndConflicts() {
        createNamespace("ssa");
        const QString path = deploymentPath(QStringLiteral("ssa"), QStringLiteral("web"));
        json mine = deployment("ssa", "web", 2, "nginx:1");
        mine["metadata"]["annotations"] = {{"owner", "alice"}};
        QCOMPARE(m_api->apply(path, mine, QStringLiteral("alice")).status, 201);

        json theirs{{"apiVersion", "apps/v1"},
                    {"kind", "Deployment"},
                    {"metadata", {{"name", "web"}, {"namespace", "ssa"}}},
                    {"spec", {{"replicas", 5}}}};
        auto conflict = m_api->apply(path, theirs, QStringLiteral("bob"));
        QCOMPARE(conflict.status, 409);
        json status = conflict.json();
        JCOMPARE(status["reason"], "Conflict");
        JCOMPARE(status["message"], "Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas");
        JCOMPARE(status["details"]["causes"][0]["reason"], "FieldManagerConflict");
        JCOMPARE(status["details"]["causes"][0]["field"], ".spec.replicas");

        // The same value is shared ownership, not a conflict.
        theirs["spec"]["replicas"] = 2;
        QCOMPARE(m_api->apply(path, theirs, QStringLiteral("bob")).status, 200);

        theirs["spec"]["replicas"] = 5;
        auto forced = m_api->apply(path, theirs, QStringLiteral("bob"), true);
        QCOMPARE(forced.status, 200);
        JCOMPARE(forced.json()["spec"]["replicas"], 5);
        bool bobOwnsReplicas = false, aliceOwnsReplicas = false;
        const json forcedObject = forced.json();
        for (const auto& entry : forcedObject["metadata"]["managedFields"]) {
            JCOMPARE(entry["fieldsType"], "FieldsV1");
            JCOMPARE(entry["operation"], "Apply");
            const bool owns = entry["fieldsV1"].contains("f:spec") && entry["fieldsV1"]["f:spec"].contains("f:replicas");
            if (entry["manager"] == "bob")
                bobOwnsReplicas = owns;
            if (entry["manager"] == "alice")
                aliceOwnsReplicas = owns;
        }
        QVERIFY(bobOwnsReplicas);
        QVERIFY(!aliceOwnsReplicas);

        // alice stops applying her annotation: it goes (nobody else owns it); the replicas bob
        // owns stay although alice no longer applies them.
        json less = deployment("ssa", "web", 2, "nginx:1");
        less["spec"].erase("replicas");
        auto pruned = m_api->apply(path, less, QStringLiteral("alice"));
        QCOMPARE(pruned.status, 200);
        QVERIFY(!pruned.json()["metadata"].contains("annotations") ||
                !pruned.json()["metadata"]["annotations"].contains("owner"));
        JCOMPARE(pruned.json()["spec"]["replicas"], 5);

        // A second container applied by bob stays when alice re-applies hers (keyed list).
        json sidecar{
            {"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "web"}, {"namespace", "ssa"}}},
            {"spec", {{"template", {{"spec", {{"containers", json::array({{{"name", "sidecar"}, {"image", "envoy"}}})}}}}}}}};
        QCOMPARE(m_api->apply(path, sidecar, QStringLiteral("bob")).status, 200);
        auto both = m_api->apply(path, less, QStringLiteral("alice"));
        QCOMPARE(both.json()["spec"]["template"]["spec"]["containers"].size(), 2u);
    }

    void statusSubresourceIsSeparate() {
        createNamespace("status");
        const QString path = deploymentPath(QStringLiteral("status"), QStringLiteral("web"));
        QCOMPARE(m_api->apply(path, deployment("status", "web", 1, "nginx"), QStringLiteral("test")).status, 201);
        json live = m_api->get(path).json();
        json withStatus = live;
        withStatus["status"] = {{"readyReplicas", 1}, {"observedGeneration", 1}};
        withStatus["spec"]["replicas"] = 9; // ignored by /status
        auto statusWrite = m_api->put(path + QStringLiteral("/status"), withStatus);
        QCOMPARE(statusWrite.status, 200);
        JCOMPARE(statusWrite.json()["status"]["readyReplicas"], 1);
        JCOMPARE(statusWrite.json()["spec"]["replicas"], 1);
        JCOMPARE(statusWrite.json()["metadata"]["generation"], 1);
        JCOMPARE(m_api->get(path + QStringLiteral("/status")).json()["status"]["readyReplicas"], 1);

        json mainWrite = statusWrite.json();
        mainWrite["status"] = {{"readyReplicas", 7}}; // ignored on the main resource
        auto written = m_api->put(path, mainWrite);
        QCOMPARE(written.status, 200);
        JCOMPARE(written.json()["status"]["readyReplicas"], 1);

        auto patched =
            m_api->patch(path + QStringLiteral("/status"), "application/merge-patch+json", R"({"status":{"readyReplicas":2}})");
        QCOMPARE(patched.status, 200);
        JCOMPARE(patched.json()["status"]["readyReplicas"], 2);
    }

    void watchStreamsChanges() {
        createNamespace("watch");
        const QString path = configMapPath(QStringLiteral("watch"));
        const std::string from = m_api->get(path).json()["metadata"]["resourceVersion"].get<std::string>();

        QNetworkAccessManager network;
        QNetworkRequest request(m_api->url(path + QStringLiteral("?watch=1&resourceVersion=") + QString::fromStdString(from)));
        request.setRawHeader("Authorization", "Bearer " + m_cluster->token().toUtf8());
        std::unique_ptr<QNetworkReply> reply(network.get(request));
        QByteArray received;
        connect(reply.get(), &QNetworkReply::readyRead, this, [&] { received += reply->readAll(); });
        QTRY_VERIFY_WITH_TIMEOUT(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200, 10000);

        QCOMPARE(m_api->post(path, configMap("watch", "w")).status, 201);
        json changed = configMap("watch", "w");
        changed["data"]["key"] = "v2";
        QCOMPARE(m_api->put(configMapPath(QStringLiteral("watch"), QStringLiteral("w")), changed).status, 200);
        QCOMPARE(m_api->remove(configMapPath(QStringLiteral("watch"), QStringLiteral("w"))).status, 200);
        QCOMPARE(m_api->post(configMapPath(QStringLiteral("default")), configMap("default", "elsewhere")).status, 201);

        QTRY_COMPARE_WITH_TIMEOUT(received.count('\n'), 3, 10000);
        QStringList types;
        for (const QByteArray& line : received.split('\n')) {
            if (line.isEmpty())
                continue;
            json event = json::parse(line.constBegin(), line.constEnd());
            types << QString::fromStdString(event["type"].get<std::string>());
            JCOMPARE(event["object"]["metadata"]["name"], "w");
        }
        QCOMPARE(types, (names("ADDED,MODIFIED,DELETED")));
        reply->abort();
    }

    void simulatedControllersMakeDeploymentsReady() {
        DevCluster cluster(DevClusterOptions{.simulateControllers = true, .simulateDelayMs = 300});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        ApiClient api(cluster.url(), cluster.token());
        const QString path = deploymentPath(QStringLiteral("default"), QStringLiteral("app"));
        auto created = api.apply(path, deployment("default", "app", 2, "nginx:1"), QStringLiteral("test"));
        QCOMPARE(created.status, 201);
        // Right after the change: not ready yet.
        QVERIFY(!created.json().contains("status") || !created.json()["status"].contains("readyReplicas"));
        const auto ready = [&](int generation) {
            json object = api.get(path).json();
            const json status = object.value("status", json::object());
            return status.value("observedGeneration", 0) == generation && status.value("readyReplicas", 0) == 2 &&
                   status.value("availableReplicas", 0) == 2 && status.value("updatedReplicas", 0) == 2 &&
                   status.contains("conditions") && status["conditions"][0]["type"] == "Available" &&
                   status["conditions"][0]["status"] == "True" && status["conditions"][1]["reason"] == "NewReplicaSetAvailable";
        };
        QTRY_VERIFY_WITH_TIMEOUT(ready(1), 10000);

        // A new generation reads as not yet observed first, then ready again.
        auto changed = api.apply(path, deployment("default", "app", 2, "nginx:2"), QStringLiteral("test"));
        QCOMPARE(changed.status, 200);
        JCOMPARE(changed.json()["metadata"]["generation"], 2);
        JCOMPARE(changed.json()["status"]["observedGeneration"], 1);
        QTRY_VERIFY_WITH_TIMEOUT(ready(2), 10000);
    }

    void bearerTokenIsRequired() {
        DevCluster cluster(DevClusterOptions{.token = QStringLiteral("s3cret-token")});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        ApiClient anonymous(cluster.url());
        auto none = anonymous.get(QStringLiteral("/api/v1/namespaces"));
        QCOMPARE(none.status, 401);
        JCOMPARE(none.json()["reason"], "Unauthorized");
        JCOMPARE(none.json()["kind"], "Status");
        ApiClient wrong(cluster.url(), QStringLiteral("not-the-token"));
        QCOMPARE(wrong.get(QStringLiteral("/api/v1/namespaces")).status, 401);
        QVERIFY(!wrong.get(QStringLiteral("/api/v1/namespaces")).body.contains("s3cret"));
        ApiClient right(cluster.url(), QStringLiteral("s3cret-token"));
        QCOMPARE(right.get(QStringLiteral("/api/v1/namespaces")).status, 200);
    }

    void stateSurvivesKill() {
        DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        {
            ApiClient api(cluster.url(), cluster.token());
            QCOMPARE(api.post(configMapPath(QStringLiteral("default")), configMap("default", "kept")).status, 201);
            QCOMPARE(api.remove(configMapPath(QStringLiteral("default"), QStringLiteral("kept"))).status, 200);
            QCOMPARE(api.post(configMapPath(QStringLiteral("default")), configMap("default", "kept")).status, 201);
        }
        cluster.kill();
        QVERIFY2(cluster.start(&error), qPrintable(error));
        ApiClient api(cluster.url(), cluster.token());
        auto kept = api.get(configMapPath(QStringLiteral("default"), QStringLiteral("kept")));
        QCOMPARE(kept.status, 200);
        JCOMPARE(kept.json()["data"]["key"], "value");
        // resourceVersions keep growing across restarts.
        const auto before = std::stoull(rvOf(kept.json()));
        auto another = api.post(configMapPath(QStringLiteral("default")), configMap("default", "later"));
        QVERIFY(std::stoull(rvOf(another.json())) > before);
    }
};

QTEST_GUILESS_MAIN(TestDevClusterApi)
#include "tst_devcluster_api.moc"
