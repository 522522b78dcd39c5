// The engine tells helm about the environment's cluster: a real syncline-devcluster
// serving a ServiceMonitor CRD, and a chart (tests/data/helm-capabilities) that prints
// .Capabilities.KubeVersion and renders a ServiceMonitor only when
// .Capabilities.APIVersions.Has "monitoring.coreos.com/v1". The rendered (desired)
// objects show the devcluster's version and its CRD, which helm's defaults do not have.

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClusterCapabilitiesReader.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileEngine.h"
#include "support/DevCluster.h"
#include "support/GitFixture.h"
#include "support/TestTools.h"
#include "workspace/WorkspaceConfig.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::reconcile;

namespace {

constexpr int kTimeoutMs = 30'000;

const char* kServiceMonitorCrd = R"({"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
  "metadata": {"name": "servicemonitors.monitoring.coreos.com"},
  "spec": {"group": "monitoring.coreos.com", "scope": "Namespaced",
    "names": {"plural": "servicemonitors", "singular": "servicemonitor", "kind": "ServiceMonitor", "listKind": "ServiceMonitorList"},
    "versions": [{"name": "v1", "served": true, "storage": true,
      "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}})";

SnapshotPtr firstSnapshot(ReconcileEngine& engine, const QString& environment) {
    QSignalSpy spy(&engine, &ReconcileEngine::snapshotReady);
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < kTimeoutMs) {
        if (auto current = engine.snapshot(environment))
            return current;
        spy.wait(kTimeoutMs - int(clock.elapsed()));
    }
    return nullptr;
}

// The desired side of the resource `kind`/`name`, or null.
nlohmann::ordered_json desired(const EnvironmentSnapshot& snapshot, const QString& kind, const QString& name) {
    for (const ResourceStatus& resource : snapshot.resources) {
        if (resource.diff.key.kind == kind && resource.diff.key.name == name && resource.diff.left)
            return *resource.diff.left;
    }
    return nullptr;
}

} // namespace

class TestEngineHelmCluster : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        const test::TestTool helm = test::testTool(QStringLiteral("helm"));
        if (!helm.found())
            QSKIP(qPrintable(QStringLiteral("the cluster's capabilities were NOT checked against helm: ") + helm.whyMissing));
        // The engine runs the user's helm from PATH.
        qputenv("PATH", (QFileInfo(helm.path).absolutePath() + QLatin1Char(':') + qEnvironmentVariable("PATH")).toUtf8());
    }

    void theClustersVersionAndApiVersionsReachHelm() {
        test::DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        workspace::ClusterRef ref;
        ref.kubeconfig = cluster.kubeconfigPath();
        auto client = kube::HttpKubeClient::create(ref, std::make_shared<kube::InMemoryExecApprovals>());
        QVERIFY2(client, qPrintable(client ? QString() : client.error().toString()));
        auto created = (*client)->create(nlohmann::json::parse(kServiceMonitorCrd), {}, {});
        QVERIFY2(created, qPrintable(created ? QString() : created.error().toString()));
        auto version = (*client)->getPath(QStringLiteral("/version"), {});
        QVERIFY(version);
        const QString clusterVersion = QString::fromStdString((*version)["gitVersion"].get<std::string>());

        test::GitFixture repo;
        for (const QString& file : {QStringLiteral("Chart.yaml"), QStringLiteral("templates/capabilities.yaml")}) {
            QFile in(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/helm-capabilities/") + file);
            QVERIFY(in.open(QIODevice::ReadOnly));
            repo.writeFile(QStringLiteral("charts/capabilities/") + file, in.readAll());
        }
        const QString yaml = QStringLiteral("version: 1\nenvironments:\n  - name: dev\n    path: charts/capabilities\n"
                                            "    renderer: helm\n    namespace: shop\n    cluster:\n      kubeconfig: %1\n")
                                 .arg(cluster.kubeconfigPath());
        repo.writeFile(QStringLiteral("syncline.yaml"), yaml.toUtf8());
        repo.commitAll(QStringLiteral("chart"), 1'700'000'000);
        auto config = workspace::WorkspaceConfig::parse(yaml.toStdString());
        QVERIFY2(config, qPrintable(config ? QString() : config.error().toString()));

        QTemporaryDir consentDir;
        auto consent = std::make_shared<ClusterConsentStore>(consentDir.filePath(QStringLiteral("consent.conf")));
        QVERIFY(consent->trust(ClusterConsentStore::repositoryKeyOf(repo.path()), config->environments.front(), repo.path(),
                               false, false));
        auto clients =
            std::make_shared<KubeconfigClientProvider>(repo.path(), std::make_shared<kube::InMemoryExecApprovals>(), consent);
        EngineOptions options;
        options.refreshIntervalMs = 0;
        ReconcileEngine engine(repo.path(), *config, clients, options);
        engine.start();
        const SnapshotPtr snapshot = firstSnapshot(engine, QStringLiteral("dev"));
        QVERIFY(snapshot);
        QVERIFY2(!snapshot->error, qPrintable(snapshot->error ? snapshot->error->toString() : QString()));

        const auto configMap = desired(*snapshot, QStringLiteral("ConfigMap"), QStringLiteral("dev-capabilities"));
        QVERIFY2(configMap.is_object(), "the chart's ConfigMap was not rendered");
        QCOMPARE(QString::fromStdString(configMap["data"]["kubeVersion"].get<std::string>()), clusterVersion);
        QCOMPARE(QString::fromStdString(configMap["data"]["serviceMonitors"].get<std::string>()), QStringLiteral("true"));
        QVERIFY2(desired(*snapshot, QStringLiteral("ServiceMonitor"), QStringLiteral("dev")).is_object(),
                 "the cluster serves ServiceMonitors, so the chart renders one");
        engine.shutdown();
    }

    // The server's answers are hostile input: a /version that is not a version is refused.
    void aVersionThatIsNotOneIsRefused() {
        QCOMPARE(*ClusterCapabilitiesReader::kubeVersionFrom({{"gitVersion", "v1.32.0+k3s1"}}), QStringLiteral("v1.32.0+k3s1"));
        for (const char* bad : {"", "latest", "v1.32.0 --set x=y", "1.2.3.4.5", "v1.32.0-$(id)"})
            QVERIFY2(!ClusterCapabilitiesReader::kubeVersionFrom({{"gitVersion", bad}}), bad);
        QVERIFY(!ClusterCapabilitiesReader::kubeVersionFrom({{"major", "1"}}));
    }
};

QTEST_GUILESS_MAIN(TestEngineHelmCluster)
#include "tst_engine_helm_cluster.moc"
