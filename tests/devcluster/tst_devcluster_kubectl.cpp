// syncline-devcluster checked with a client nobody here wrote: the real kubectl, for what only
// the devcluster has — its state across stop and kill, its generated CA, its random token.
// What kubectl sees of Kubernetes behaviour (apply, get, diff, conflicts, CRDs, delete, errors)
// runs against the devcluster and the real kube-apiserver in tests/core/kube/tst_kubectl_servers.cpp.
#include "support/DevCluster.h"
#include "support/IsolationGuard.h"
#include "support/KubectlRun.h"

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

using Run = syncline::test::KubectlRun;
using syncline::test::args;
using namespace syncline::test::kubectl_fixtures;

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
        return syncline::test::runKubectl(m_kubectl, m_home.path(), cluster.kubeconfigPath(), {}, args, input);
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

    void applyCustomResource() {
        const Run crd = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                 writeFile(QStringLiteral("crd.yaml"), kCrd)});
        QVERIFY2(crd.exitCode == 0, qPrintable(crd.describe()));
        const Run app = kubectl({QStringLiteral("apply"), QStringLiteral("--server-side"), QStringLiteral("-f"),
                                 writeFile(QStringLiteral("application.yaml"), kApplication)});
        QVERIFY2(app.exitCode == 0, qPrintable(app.describe()));
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
        applyCustomResource();
    }

    void cleanupTestCase() { m_cluster.reset(); }

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

    // Without --token the devcluster makes up a random token at each start and writes it into
    // its kubeconfig: kubectl with that kubeconfig gets in, any other token does not.
    void randomTokenIsRequired() {
        DevCluster cluster(DevClusterOptions{.tls = true});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QVERIFY(!cluster.token().isEmpty());
        const Run ok = kubectl(cluster, {QStringLiteral("get"), QStringLiteral("namespaces")});
        QVERIFY2(ok.exitCode == 0 && ok.out.contains("default"), qPrintable(ok.describe()));
        const QString firstToken = cluster.token();
        cluster.stop();
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QVERIFY(cluster.token() != firstToken);
        const Run stale =
            kubectl(cluster, {QStringLiteral("--token=") + firstToken, QStringLiteral("get"), QStringLiteral("namespaces")});
        QCOMPARE(stale.exitCode, 1);
        QVERIFY2(stale.err.contains("error: You must be logged in to the server"), qPrintable(stale.describe()));
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
