// syncline-devcluster checked with a client nobody here wrote: the real kubectl.
#include "support/DevCluster.h"
#include "support/IsolationGuard.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using nlohmann::json;
using syncline::test::DevCluster;
using syncline::test::DevClusterOptions;

// JSON values compare as their serialisations (readable when a test fails).
#define JCOMPARE(actual, expected)                                                                                               \
    QCOMPARE(QString::fromStdString(json(actual).dump()), QString::fromStdString(json(expected).dump()))

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
            .arg(exitCode)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
};

const char* kApp = R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
  labels:
    app: web
data:
  mode: production
  retries: "3"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
  namespace: shop
  labels:
    app: other
data:
  a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
        env:
        - name: MODE
          value: production
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 80
)";

const char* kCrd = R"(apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: applications.argoproj.io
spec:
  group: argoproj.io
  names:
    kind: Application
    listKind: ApplicationList
    plural: applications
    singular: application
    shortNames: [app, apps]
  scope: Namespaced
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
    subresources:
      status: {}
)";

const char* kApplication = R"(apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: guestbook
  namespace: shop
spec:
  project: default
  source:
    repoURL: https://example.com/repo.git
    path: guestbook
    targetRevision: HEAD
  destination:
    server: https://kubernetes.default.svc
    namespace: guestbook
)";

} // namespace

class TestDevClusterKubectl : public QObject {
    Q_OBJECT

private:
    QString m_kubectl;
    QTemporaryDir m_home; // kubectl's discovery cache lives here, not in the user's home
    std::unique_ptr<DevCluster> m_cluster;

    QString writeFile(const QString& name, const QByteArray& content) {
        const QString path = QDir(m_home.path()).filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(content);
        return path;
    }

    Run kubectl(const DevCluster& cluster, const QStringList& args, const QByteArray& input = {}) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("KUBECONFIG"), cluster.kubeconfigPath());
        env.remove(QStringLiteral("KUBECTL_EXTERNAL_DIFF"));
        process.setProcessEnvironment(env);
        process.start(m_kubectl, QStringList{QStringLiteral("--kubeconfig"), cluster.kubeconfigPath(),
                                             QStringLiteral("--request-timeout=20s")} +
                                     args);
        Run run;
        if (!process.waitForStarted(10000))
            return run;
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            run.err = "timed out";
            return run;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = process.readAllStandardError();
        return run;
    }

    Run kubectl(const QStringList& args, const QByteArray& input = {}) { return kubectl(*m_cluster, args, input); }

    json getJson(const QStringList& args) {
        const Run run =
            kubectl(QStringList{QStringLiteral("get")} + args + QStringList{QStringLiteral("-o"), QStringLiteral("json")});
        if (run.exitCode != 0)
            return json();
        return json::parse(run.out.constBegin(), run.out.constEnd(), nullptr, false);
    }

    void applyApp() {
        const Run run = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                 writeFile(QStringLiteral("app.yaml"), kApp)});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    }

private Q_SLOTS:
    void initTestCase() {
        m_kubectl = QStandardPaths::findExecutable(QStringLiteral("kubectl"));
        if (m_kubectl.isEmpty())
            QSKIP("kubectl is not installed: the kubectl compatibility tests of syncline-devcluster did not run");
        QVERIFY(m_home.isValid());
        // HTTPS: the server requires its random token by default, and kubectl sends a
        // token only over HTTPS.
        m_cluster = std::make_unique<DevCluster>(DevClusterOptions{.tls = true});
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        applyApp();
    }

    void cleanupTestCase() { m_cluster.reset(); }

    void serverSideApplyReportsEachObject() {
        // Applying again is a no-op that still reports every object.
        const Run run = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                 writeFile(QStringLiteral("app.yaml"), kApp)});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        for (const char* line : {"namespace/shop serverside-applied", "configmap/settings serverside-applied",
                                 "deployment.apps/web serverside-applied", "service/web serverside-applied"})
            QVERIFY2(run.out.contains(line), qPrintable(run.describe()));
    }

    void getJsonRoundTripsWhatWasApplied() {
        const json deployment =
            getJson({QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"), QStringLiteral("shop")});
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

        const json configMap =
            getJson({QStringLiteral("configmap"), QStringLiteral("settings"), QStringLiteral("-n"), QStringLiteral("shop")});
        JCOMPARE(configMap["data"]["retries"], "3"); // a string, as applied
        JCOMPARE(configMap["data"]["mode"], "production");

        const json list = getJson({QStringLiteral("configmaps,services"), QStringLiteral("-n"), QStringLiteral("shop")});
        JCOMPARE(list["kind"], "List");
        QCOMPARE(list["items"].size(), 3u);
    }

    void getWithLabelSelector() {
        const Run run =
            kubectl({QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), QStringLiteral("shop"),
                     QStringLiteral("-l"), QStringLiteral("app=web"), QStringLiteral("-o"), QStringLiteral("name")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        QCOMPARE(run.out.trimmed(), QByteArray("configmap/settings"));
        const Run notIn =
            kubectl({QStringLiteral("get"), QStringLiteral("configmaps"), QStringLiteral("-n"), QStringLiteral("shop"),
                     QStringLiteral("-l"), QStringLiteral("app notin (web)"), QStringLiteral("-o"), QStringLiteral("name")});
        QCOMPARE(notIn.out.trimmed(), QByteArray("configmap/unrelated"));
        // The human table prints the names.
        const Run table =
            kubectl({QStringLiteral("get"), QStringLiteral("deployments"), QStringLiteral("-n"), QStringLiteral("shop")});
        QVERIFY2(table.exitCode == 0 && table.out.contains("NAME") && table.out.contains("web"), qPrintable(table.describe()));
    }

    void diffShowsDifferencesOnly() {
        const QString same = writeFile(QStringLiteral("app.yaml"), kApp);
        // kubectl diff's own default manager is kubectl-client-side-apply; diffing what
        // `apply --server-side` (manager "kubectl") would do names that manager, as against
        // a real cluster (otherwise a changed field is a conflict with "kubectl").
        const QString manager = QStringLiteral("--field-manager=kubectl");
        const Run clean = kubectl({QStringLiteral("diff"), QStringLiteral("--server-side"), manager, QStringLiteral("-f"), same});
        QVERIFY2(clean.exitCode == 0, qPrintable(clean.describe()));
        QVERIFY2(clean.out.trimmed().isEmpty(), qPrintable(clean.describe()));

        QByteArray changed(kApp);
        changed.replace("replicas: 2", "replicas: 4");
        const Run dirty = kubectl({QStringLiteral("diff"), QStringLiteral("--server-side"), manager, QStringLiteral("-f"),
                                   writeFile(QStringLiteral("changed.yaml"), changed)});
        QVERIFY2(dirty.exitCode == 1, qPrintable(dirty.describe()));
        QVERIFY2(dirty.out.contains("-  replicas: 2") && dirty.out.contains("+  replicas: 4"), qPrintable(dirty.describe()));
        // diff is a dry run: nothing changed.
        JCOMPARE(getJson({QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"),
                          QStringLiteral("shop")})["spec"]["replicas"],
                 2);
    }

    void conflictsBetweenFieldManagers() {
        QByteArray scaled(kApp);
        scaled.replace("replicas: 2", "replicas: 3");
        const QString file = writeFile(QStringLiteral("scaled.yaml"), scaled);
        const Run conflict = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"),
                                      QStringLiteral("--field-manager=other-manager"), QStringLiteral("-f"), file});
        QVERIFY2(conflict.exitCode == 1, qPrintable(conflict.describe()));
        QVERIFY2(conflict.err.contains("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas"),
                 qPrintable(conflict.describe()));
        JCOMPARE(getJson({QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"),
                          QStringLiteral("shop")})["spec"]["replicas"],
                 2);

        const Run forced =
            kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--field-manager=other-manager"),
                     QStringLiteral("--force-conflicts"), QStringLiteral("-f"), file});
        QVERIFY2(forced.exitCode == 0, qPrintable(forced.describe()));
        const json deployment = getJson({QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"),
                                         QStringLiteral("shop"), QStringLiteral("--show-managed-fields")});
        JCOMPARE(deployment["spec"]["replicas"], 3);
        bool otherOwnsReplicas = false;
        for (const auto& entry : deployment["metadata"]["managedFields"])
            if (entry["manager"] == "other-manager")
                otherOwnsReplicas = entry["fieldsV1"]["f:spec"].contains("f:replicas");
        QVERIFY(otherOwnsReplicas);
        // Back to the original manager's value, taking the field back.
        QVERIFY(kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("--force-conflicts"),
                         QStringLiteral("-f"), writeFile(QStringLiteral("app.yaml"), kApp)})
                    .exitCode == 0);
    }

    void customResourcesThroughACrd() {
        const Run crd = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                 writeFile(QStringLiteral("crd.yaml"), kCrd)});
        QVERIFY2(crd.exitCode == 0, qPrintable(crd.describe()));
        const Run app = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                 writeFile(QStringLiteral("application.yaml"), kApplication)});
        QVERIFY2(app.exitCode == 0, qPrintable(app.describe()));
        QVERIFY2(app.out.contains("application.argoproj.io/guestbook serverside-applied"), qPrintable(app.describe()));
        const json application = getJson({QStringLiteral("applications.argoproj.io"), QStringLiteral("guestbook"),
                                          QStringLiteral("-n"), QStringLiteral("shop")});
        JCOMPARE(application["spec"]["source"]["path"], "guestbook");

        const Run resources = kubectl({QStringLiteral("api-resources")});
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

    void deleteReportsAndExitCodes() {
        const Run deleted = kubectl({QStringLiteral("delete"), QStringLiteral("configmap"), QStringLiteral("unrelated"),
                                     QStringLiteral("-n"), QStringLiteral("shop")});
        QVERIFY2(deleted.exitCode == 0, qPrintable(deleted.describe()));
        QVERIFY2(deleted.out.contains("configmap \"unrelated\" deleted"), qPrintable(deleted.describe()));
        const Run again = kubectl({QStringLiteral("delete"), QStringLiteral("configmap"), QStringLiteral("unrelated"),
                                   QStringLiteral("-n"), QStringLiteral("shop")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("NotFound") || again.err.contains("not found"), qPrintable(again.describe()));
        const Run get = kubectl({QStringLiteral("get"), QStringLiteral("configmap"), QStringLiteral("unrelated"),
                                 QStringLiteral("-n"), QStringLiteral("shop")});
        QCOMPARE(get.exitCode, 1);
    }

    void stateSurvivesStopAndKill() {
        m_cluster->stop();
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        JCOMPARE(getJson({QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"),
                          QStringLiteral("shop")})["spec"]["replicas"],
                 2);
        const Run created =
            kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"), QStringLiteral("-")},
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after-restart\n"
                    "  namespace: shop\ndata:\n  k: v\n");
        QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
        m_cluster->kill();
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        JCOMPARE(getJson({QStringLiteral("configmap"), QStringLiteral("after-restart"), QStringLiteral("-n"),
                          QStringLiteral("shop")})["data"]["k"],
                 "v");
        // The custom resource type survives too.
        JCOMPARE(getJson({QStringLiteral("applications.argoproj.io"), QStringLiteral("guestbook"), QStringLiteral("-n"),
                          QStringLiteral("shop")})["metadata"]["name"],
                 "guestbook");
    }

    void wrongTokenIsUnauthorized() {
        // kubectl sends bearer tokens only over HTTPS, as to any real cluster.
        DevCluster cluster(DevClusterOptions{.tls = true, .token = QStringLiteral("the-right-token")});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        const Run ok = kubectl(cluster, {QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("default"), qPrintable(ok.describe()));
        const Run wrong =
            kubectl(cluster, {QStringLiteral("--token=not-the-token"), QStringLiteral("get"), QStringLiteral("namespaces")});
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.err.contains("Unauthorized"), qPrintable(wrong.describe()));
    }

    void tlsWithTheGeneratedCa() {
        DevCluster cluster(DevClusterOptions{.tls = true});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QCOMPARE(cluster.url().scheme(), QStringLiteral("https"));
        const Run applied = kubectl(cluster, {QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                              writeFile(QStringLiteral("app.yaml"), kApp)});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.describe()));
        const Run get =
            kubectl(cluster, {QStringLiteral("get"), QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("-n"),
                              QStringLiteral("shop"), QStringLiteral("-o"), QStringLiteral("name")});
        QCOMPARE(get.out.trimmed(), QByteArray("deployment.apps/web"));
        // The same certificate after a restart: the kubeconfig's CA still verifies it.
        const QByteArray kubeconfigBefore = [&] {
            QFile file(cluster.kubeconfigPath());
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }();
        cluster.stop();
        QVERIFY2(cluster.start(&error), qPrintable(error));
        const Run again = kubectl(cluster, {QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        QVERIFY(kubeconfigBefore.contains("certificate-authority-data"));
        // Without the CA, kubectl refuses the server.
        const Run unverified = kubectl(cluster, {QStringLiteral("--certificate-authority=/etc/ssl/certs/ca-certificates.crt"),
                                                 QStringLiteral("get"), QStringLiteral("namespaces")});
        QCOMPARE(unverified.exitCode, 1);
        QVERIFY2(unverified.err.contains("certificate"), qPrintable(unverified.describe()));
    }
};

QTEST_GUILESS_MAIN(TestDevClusterKubectl)
#include "tst_devcluster_kubectl.moc"
