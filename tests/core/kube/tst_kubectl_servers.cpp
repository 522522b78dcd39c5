// The real kubectl against both servers — syncline-devcluster and the real kube-apiserver
// (tests/support/TestServers.h). The real server is the oracle: what kubectl prints and how
// it exits must be the same on both rows. Checks that only make sense for the devcluster
// (its state across restarts, its generated CA, its random token) stay in
// tests/devcluster/tst_devcluster_kubectl.cpp.
#include "support/KubectlRun.h"
#include "support/TestServers.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>
#include <set>

using nlohmann::json;
using syncline::test::TestServer;

using Run = syncline::test::KubectlRun;
using syncline::test::args;
using namespace syncline::test::kubectl_fixtures;

class TestKubectlServers : public QObject {
    Q_OBJECT

private:
    syncline::test::TestServers m_servers;
    QString m_kubectl;
    QTemporaryDir m_home;         // kubectl's discovery cache lives here, not in the user's home
    std::set<QString> m_prepared; // rows the application was applied to

    QString writeFile(const QString& name, const QByteArray& content) {
        const QString path = QDir(m_home.path()).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(content);
        return path;
    }

    Run kubectl(const TestServer& server, const QStringList& arguments, const QByteArray& input = {}) {
        return syncline::test::runKubectl(m_kubectl, m_home.path(), server.kubeconfig, server.context, arguments, input);
    }

    json getJson(const TestServer& server, const QStringList& arguments) {
        const Run run = kubectl(server, QStringList{QStringLiteral("get")} + arguments + args({"-o", "json"}));
        if (run.exitCode != 0) {
            qWarning("%s", qPrintable(run.describe()));
            return json();
        }
        return json::parse(run.out.constBegin(), run.out.constEnd(), nullptr, false);
    }

    Run applyFile(const TestServer& server, const QString& name, const QByteArray& content, const QStringList& extra = {}) {
        return kubectl(server,
                       args({"apply", "--server-side"}) + extra + QStringList{QStringLiteral("-f"), writeFile(name, content)});
    }

    // The application, applied once per row by the manager "kubectl".
    bool prepare(const TestServer& server) {
        if (m_prepared.count(server.name))
            return true;
        const Run run = applyFile(server, QStringLiteral("app.yaml"), kApp);
        if (run.exitCode != 0) {
            qWarning("%s", qPrintable(run.describe()));
            return false;
        }
        m_prepared.insert(server.name);
        return true;
    }

#define PREPARE(server) QVERIFY2(prepare(server), "kubectl apply --server-side of the application failed")

private Q_SLOTS:
    void initTestCase_data() { syncline::test::TestServers::addRows(); }

    void initTestCase() {
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: the kubectl compatibility tests did not run");
        QVERIFY(m_home.isValid());
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
    }

    void serverSideApplyReportsEachObject() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        // Applying again is a no-op that still reports every object.
        const Run run = applyFile(server, QStringLiteral("app.yaml"), kApp);
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        for (const char* line : {"namespace/shop serverside-applied", "configmap/settings serverside-applied",
                                 "deployment.apps/web serverside-applied", "service/web serverside-applied"})
            QVERIFY2(run.out.contains(line), qPrintable(run.describe()));
    }

    void getJsonRoundTripsWhatWasApplied() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const json deployment = getJson(server, args({"deployment", "web", "-n", "shop"}));
        QVERIFY2(deployment.is_object(), "kubectl get deployment -o json failed");
        JCOMPARE(deployment["kind"], "Deployment");
        JCOMPARE(deployment["apiVersion"], "apps/v1");
        JCOMPARE(deployment["metadata"]["namespace"], "shop");
        JCOMPARE(deployment["metadata"]["labels"]["app"], "web");
        JCOMPARE(deployment["spec"]["replicas"], 2); // a number, as applied
        const json container = deployment["spec"]["template"]["spec"]["containers"][0];
        JCOMPARE(container["image"], "nginx:1.25");
        JCOMPARE(container["ports"][0]["containerPort"], 80);
        JCOMPARE(container["env"][0]["value"], "production");
        JCOMPARE(deployment["metadata"]["generation"], 1);
        QVERIFY(!deployment["metadata"]["uid"].get<std::string>().empty());
        QVERIFY(!deployment["metadata"].contains("managedFields")); // kubectl hides them unless asked

        const json configMap = getJson(server, args({"configmap", "settings", "-n", "shop"}));
        JCOMPARE(configMap["data"]["retries"], "3"); // a string, as applied
        JCOMPARE(configMap["data"]["mode"], "production");

        const json list = getJson(server, args({"configmaps,services", "-n", "shop"}));
        JCOMPARE(list["kind"], "List");
        QStringList names;
        for (const auto& item : list["items"])
            names << QString::fromStdString(item["kind"].get<std::string>() + "/" + item["metadata"]["name"].get<std::string>());
        QCOMPARE(names.join(QLatin1Char(' ')), QStringLiteral("ConfigMap/settings ConfigMap/unrelated Service/web"));
    }

    // What a server-side apply records: one Apply entry per manager, with exactly the
    // fields that manager applied.
    void managedFieldsOfAnApply() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const json configMap = getJson(server, args({"configmap", "settings", "-n", "shop", "--show-managed-fields"}));
        const json& entries = configMap["metadata"]["managedFields"];
        QCOMPARE(entries.size(), 1u);
        JCOMPARE(entries[0]["manager"], "kubectl");
        JCOMPARE(entries[0]["operation"], "Apply");
        JCOMPARE(entries[0]["apiVersion"], "v1");
        JCOMPARE(entries[0]["fieldsType"], "FieldsV1");
        JCOMPARE(entries[0]["fieldsV1"],
                 json::parse(R"({"f:data":{"f:mode":{},"f:retries":{}},"f:metadata":{"f:labels":{"f:app":{}}}})"));
        QVERIFY(entries[0]["time"].is_string());
    }

    void getWithLabelSelector() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const Run run = kubectl(server, args({"get", "configmaps", "-n", "shop", "-l", "app=web", "-o", "name"}));
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out.trimmed(), QByteArray("configmap/settings"));
        const Run notIn = kubectl(server, args({"get", "configmaps", "-n", "shop", "-l", "app notin (web)", "-o", "name"}));
        QCOMPARE(notIn.out.trimmed(), QByteArray("configmap/unrelated"));
        const Run none = kubectl(server, args({"get", "configmaps", "-n", "shop", "-l", "app=nothing"}));
        QVERIFY2(none.exitCode == 0 && none.out.isEmpty(), qPrintable(none.describe()));
        QCOMPARE(none.err.trimmed(), QByteArray("No resources found in shop namespace."));
        // The human table prints the names.
        const Run table = kubectl(server, args({"get", "deployments", "-n", "shop"}));
        QVERIFY2(table.exitCode == 0 && table.out.contains("NAME") && table.out.contains("web"), qPrintable(table.describe()));
    }

    void diffShowsDifferencesOnly() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        // kubectl diff's own default manager is kubectl-client-side-apply; diffing what
        // `apply --server-side` (manager "kubectl") would do names that manager, as against
        // a real cluster (otherwise a changed field is a conflict with "kubectl").
        const QStringList diff = args({"diff", "--server-side", "--field-manager=kubectl", "-f"});
        const Run clean = kubectl(server, diff + QStringList{writeFile(QStringLiteral("app.yaml"), kApp)});
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.describe()));
        QVERIFY2(clean.out.trimmed().isEmpty(), qPrintable(clean.describe()));

        QByteArray changed(kApp);
        changed.replace("replicas: 2", "replicas: 4");
        const Run dirty = kubectl(server, diff + QStringList{writeFile(QStringLiteral("changed.yaml"), changed)});
        QVERIFY2(dirty.exitCode == 1, qPrintable(dirty.describe()));
        // Only the Deployment differs: its replicas, and the generation a spec change bumps.
        QStringList changes;
        for (const QByteArray& line : dirty.out.split('\n'))
            if ((line.startsWith('-') || line.startsWith('+')) && !line.startsWith("---") && !line.startsWith("+++"))
                changes << QString::fromUtf8(line);
        QCOMPARE(changes.join(QLatin1Char('\n')),
                 QStringLiteral("-  generation: 1\n+  generation: 2\n-  replicas: 2\n+  replicas: 4"));
        // diff is a dry run: nothing changed.
        JCOMPARE(getJson(server, args({"deployment", "web", "-n", "shop"}))["spec"]["replicas"], 2);
    }

    void conflictsBetweenFieldManagers() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        QByteArray scaled(kApp);
        scaled.replace("replicas: 2", "replicas: 3");
        const Run conflict = applyFile(server, QStringLiteral("scaled.yaml"), scaled, args({"--field-manager=other-manager"}));
        QVERIFY2(conflict.exitCode == 1, qPrintable(conflict.describe()));
        QVERIFY2(conflict.err.startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas\n"),
                 qPrintable(conflict.describe()));
        JCOMPARE(getJson(server, args({"deployment", "web", "-n", "shop"}))["spec"]["replicas"], 2);

        const Run forced = applyFile(server, QStringLiteral("scaled.yaml"), scaled,
                                     args({"--field-manager=other-manager", "--force-conflicts"}));
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.describe()));
        const json deployment = getJson(server, args({"deployment", "web", "-n", "shop", "--show-managed-fields"}));
        JCOMPARE(deployment["spec"]["replicas"], 3);
        QStringList owners;
        for (const auto& entry : deployment["metadata"]["managedFields"])
            if (entry["fieldsV1"]["f:spec"].contains("f:replicas"))
                owners << QString::fromStdString(entry["manager"].get<std::string>());
        QCOMPARE(owners, QStringList{QStringLiteral("other-manager")});
        // Back to the original manager's value, taking the field back.
        const Run back = applyFile(server, QStringLiteral("app.yaml"), kApp, args({"--force-conflicts"}));
        QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
        JCOMPARE(getJson(server, args({"deployment", "web", "-n", "shop"}))["spec"]["replicas"], 2);
    }

    void customResourcesThroughACrd() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const Run crd = applyFile(server, QStringLiteral("crd.yaml"), kCrd);
        QVERIFY2(crd.exitCode == 0, qPrintable(crd.describe()));
        QVERIFY2(crd.out.contains("customresourcedefinition.apiextensions.k8s.io/applications.argoproj.io serverside-applied"),
                 qPrintable(crd.describe()));
        // As a user would before creating resources of a new type.
        const Run established =
            kubectl(server, args({"wait", "--for=condition=Established", "crd/applications.argoproj.io", "--timeout=30s"}));
        QVERIFY2(established.exitCode == 0, qPrintable(established.describe()));
        const Run app = applyFile(server, QStringLiteral("application.yaml"), kApplication);
        QVERIFY2(app.exitCode == 0, qPrintable(app.describe()));
        QVERIFY2(app.out.contains("application.argoproj.io/guestbook serverside-applied"), qPrintable(app.describe()));
        const json application = getJson(server, args({"applications.argoproj.io", "guestbook", "-n", "shop"}));
        JCOMPARE(application["spec"]["source"]["path"], "guestbook");
        JCOMPARE(getJson(server, args({"app", "guestbook", "-n", "shop"}))["metadata"]["name"], "guestbook"); // short name

        const Run resources = kubectl(server, args({"api-resources"}));
        QVERIFY2(resources.exitCode == 0, qPrintable(resources.describe()));
        bool sawApplications = false, sawDeployments = false, sawNamespaces = false;
        for (const QByteArray& line : resources.out.split('\n')) {
            const QList<QByteArray> columns = line.simplified().split(' ');
            sawApplications = sawApplications || (columns.value(0) == "applications" && line.contains("argoproj.io/v1alpha1") &&
                                                  line.contains("Application"));
            sawDeployments = sawDeployments || (columns.value(0) == "deployments" && line.contains("apps/v1"));
            sawNamespaces = sawNamespaces || (columns.value(0) == "namespaces" && line.contains("false"));
        }
        QVERIFY2(sawApplications && sawDeployments && sawNamespaces, resources.out.constData());
    }

    // kubectl scale goes through the /scale subresource; the server records the write as
    // the manager's Update "with subresource scale", which an apply then conflicts with.
    void scaleThroughTheScaleSubresource() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        QByteArray worker(kApp);
        worker = worker.mid(worker.indexOf("apiVersion: apps/v1"));
        worker = worker.left(worker.indexOf("---")).replace("web", "worker");
        const Run applied = applyFile(server, QStringLiteral("worker.yaml"), worker);
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.describe()));

        const Run scaled = kubectl(server, args({"scale", "deployment", "worker", "-n", "shop", "--replicas=3"}));
        QVERIFY2(scaled.exitCode == 0, qPrintable(scaled.describe()));
        QCOMPARE(scaled.out.trimmed(), QByteArray("deployment.apps/worker scaled"));
        const Run stale =
            kubectl(server, args({"scale", "deployment", "worker", "-n", "shop", "--current-replicas=2", "--replicas=5"}));
        QCOMPARE(stale.exitCode, 1);
        QCOMPARE(stale.err.trimmed(), QByteArray("error: Expected replicas to be 2, was 3"));
        const Run missing = kubectl(server, args({"scale", "deployment", "nothere", "-n", "shop", "--replicas=1"}));
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(missing.err.trimmed(), QByteArray("error: no objects passed to scale deployments.apps \"nothere\" not found"));

        const json deployment = getJson(server, args({"deployment", "worker", "-n", "shop", "--show-managed-fields"}));
        JCOMPARE(deployment["spec"]["replicas"], 3);
        // The applier keeps what it applied, a selector as one atomic field; the scale owns replicas.
        json owners = json::array();
        for (json entry : deployment["metadata"]["managedFields"]) {
            entry.erase("time");
            if (entry["operation"] == "Apply") {
                JCOMPARE(entry["manager"], "kubectl");
                JCOMPARE(entry["fieldsV1"]["f:spec"]["f:selector"], json::object());
                QVERIFY(!entry["fieldsV1"]["f:spec"].contains("f:replicas"));
                entry.erase("fieldsV1");
            }
            owners.push_back(entry);
        }
        JCOMPARE(owners, json::parse(R"([
            {"apiVersion":"apps/v1","fieldsType":"FieldsV1","manager":"kubectl","operation":"Apply"},
            {"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}},
             "manager":"kubectl","operation":"Update","subresource":"scale"}])"));

        const Run conflict = applyFile(server, QStringLiteral("worker.yaml"), worker);
        QCOMPARE(conflict.exitCode, 1);
        QVERIFY2(conflict.err.startsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\" with subresource "
                                         "\"scale\" using apps/v1: .spec.replicas\n"),
                 qPrintable(conflict.describe()));
    }

    // kubectl set image sends a strategic merge patch with $setElementOrder directives.
    void setImagePatchesTheContainer() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const Run run = kubectl(server, args({"set", "image", "deployment/web", "-n", "shop", "web=nginx:1.26"}));
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out.trimmed(), QByteArray("deployment.apps/web image updated"));
        const json deployment = getJson(server, args({"deployment", "web", "-n", "shop"}));
        JCOMPARE(deployment["spec"]["template"]["spec"]["containers"].size(), 1);
        JCOMPARE(deployment["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.26");
        JCOMPARE(deployment["spec"]["template"]["spec"]["containers"][0]["env"][0]["value"], "production");
        // Back to the applied image, so the other checks see the application as applied.
        const Run back = applyFile(server, QStringLiteral("app.yaml"), kApp, args({"--force-conflicts"}));
        QVERIFY2(back.exitCode == 0, qPrintable(back.describe()));
    }

    // A JSON patch whose "test" fails changes nothing; the server says only that it refused.
    void failedJsonPatchTestIsInvalid() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const Run run = kubectl(server, args({"patch", "configmap", "settings", "-n", "shop", "--type=json", "-p",
                                              R"([{"op":"test","path":"/data/mode","value":"staging"},)"
                                              R"({"op":"replace","path":"/data/mode","value":"staging"}])"}));
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err.trimmed(),
                 QByteArray("The request is invalid: the server rejected our request due to an error in our request"));
        JCOMPARE(getJson(server, args({"configmap", "settings", "-n", "shop"}))["data"]["mode"], "production");
    }

    void deleteReportsAndExitCodes() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const Run created = kubectl(server, args({"create", "-f", "-"}),
                                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: doomed\n  namespace: shop\n");
        QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
        QCOMPARE(created.out.trimmed(), QByteArray("configmap/doomed created"));
        const Run deleted = kubectl(server, args({"delete", "configmap", "doomed", "-n", "shop"}));
        QVERIFY2(deleted.exitCode == 0, qPrintable(deleted.describe()));
        QCOMPARE(deleted.out.trimmed(), QByteArray("configmap \"doomed\" deleted"));
        const Run again = kubectl(server, args({"delete", "configmap", "doomed", "-n", "shop"}));
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(again.err.trimmed(), QByteArray("Error from server (NotFound): configmaps \"doomed\" not found"));
        const Run get = kubectl(server, args({"get", "configmap", "doomed", "-n", "shop"}));
        QCOMPARE(get.exitCode, 1);
        QCOMPARE(get.err.trimmed(), QByteArray("Error from server (NotFound): configmaps \"doomed\" not found"));
        const Run ignored = kubectl(server, args({"delete", "configmap", "doomed", "-n", "shop", "--ignore-not-found"}));
        QVERIFY2(ignored.exitCode == 0 && ignored.out.isEmpty(), qPrintable(ignored.describe()));
    }

    void createRefusesWhatExists() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        // (kubectl create -f sends JSON; `kubectl create configmap` sends protobuf, which only
        // the real server reads.)
        const Run again = kubectl(server, args({"create", "-f", "-"}),
                                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\n");
        QCOMPARE(again.exitCode, 1);
        QCOMPARE(again.err.trimmed(),
                 QByteArray(
                     "Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"settings\" already exists"));
    }

    void invalidNameIsRefused() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const Run run = kubectl(server, args({"apply", "--server-side", "-f", "-"}),
                                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n  namespace: shop\n");
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("ConfigMap \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase "
                                  "RFC 1123 subdomain must consist of"),
                 qPrintable(run.describe()));
    }

    // A body that is not JSON, sent as-is with kubectl create --raw: 400, in the real words.
    void unreadableBodyIsABadRequest() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        PREPARE(server);
        const QString file = writeFile(QStringLiteral("raw.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: raw\n");
        const Run run =
            kubectl(server, args({"create", "--raw", "/api/v1/namespaces/shop/configmaps", "-f"}) + QStringList{file});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("Error from server (BadRequest): the object provided is unrecognized (must be of type "
                                    "ConfigMap): couldn't get version/kind; json parse error: "),
                 qPrintable(run.describe()));
        QCOMPARE(kubectl(server, args({"get", "configmap", "raw", "-n", "shop"})).exitCode, 1);
    }

    void wrongTokenIsUnauthorized() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        const Run ok = kubectl(server, args({"get", "namespaces"}));
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("default"), qPrintable(ok.describe()));
        const Run wrong = kubectl(server, args({"--token=not-the-token", "get", "namespaces"}));
        QCOMPARE(wrong.exitCode, 1);
        QCOMPARE(wrong.err.trimmed(), QByteArray("error: You must be logged in to the server (Unauthorized)"));
        // With nothing cached kubectl starts with discovery, whose 401 it words its own way.
        QTemporaryDir emptyCache;
        const Run uncached = kubectl(server, QStringList{QStringLiteral("--cache-dir=") + emptyCache.path()} +
                                                 args({"--token=not-the-token", "get", "namespaces"}));
        QCOMPARE(uncached.exitCode, 1);
        QVERIFY2(uncached.err.endsWith(
                     "error: You must be logged in to the server (the server has asked for the client to provide credentials)\n"),
                 qPrintable(uncached.describe()));
    }

    void unknownCertificateAuthorityIsRefused() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        QCOMPARE(server.url.scheme(), QStringLiteral("https"));
        const Run unverified =
            kubectl(server, args({"--certificate-authority=/etc/ssl/certs/ca-certificates.crt", "get", "namespaces"}));
        QCOMPARE(unverified.exitCode, 1);
        QVERIFY2(unverified.err.contains("x509: certificate signed by unknown authority"), qPrintable(unverified.describe()));
    }
};

QTEST_GUILESS_MAIN(TestKubectlServers)
#include "tst_kubectl_servers.moc"
