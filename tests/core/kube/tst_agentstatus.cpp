#include "kube/AgentStatus.h"
#include "manifest/YamlParser.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace syncline::kube;
using nlohmann::json;
using syncline::health::Health;
using syncline::health::SyncStatus;
using syncline::manifest::ResourceKey;

Q_DECLARE_METATYPE(syncline::health::Health)
Q_DECLARE_METATYPE(syncline::health::SyncStatus)

namespace {

const QString kDeployed = QStringLiteral("3f9c2d7a41b0e8c5d6f1a2b3c4d5e6f708192a3b");
const QString kNewer = QStringLiteral("5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c");
const QString kFluxApplied = QStringLiteral("8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d");
const QString kFluxAttempted = QStringLiteral("d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3");

QString fixtureDir() { return qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/agents"); }

json loadFixture(const QString& name) {
    QFile file(fixtureDir() + QLatin1Char('/') + name + QStringLiteral(".yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    auto documents = syncline::manifest::parseYamlStream(std::string_view(bytes.constData(), bytes.size()), file.fileName());
    if (!documents || documents->size() != 1)
        return {};
    return json(documents->front().value);
}

AgentStatus read(const QString& name) {
    const json object = loadFixture(name);
    if (!object.is_object())
        qFatal("cannot load %s", qPrintable(name));
    auto status = readAgentStatus(object);
    if (!status)
        qFatal("%s: %s", qPrintable(name), qPrintable(status.error().toString()));
    return *status;
}

} // namespace

class TestAgentStatus : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void everyFixtureIsChecked();
    void argoHistoryAndResources();
    void argoOperation();
    void fluxInventoryAndHistory();
    void fluxRevisions_data();
    void fluxRevisions();
    void fluxInventoryIds_data();
    void fluxInventoryIds();
    void newObjectsWithoutStatus();
    void wrongKindsAreErrors();
    void fluxReconcileRequest();
    void argoRefreshRequest();
    void argoSyncRequest();
};

void TestAgentStatus::fixtures_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<SyncStatus>("sync");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("attempted");
    QTest::addColumn<Health>("health");
    QTest::addColumn<QString>("message");

    QTest::newRow("argo synced") << "application-synced" << SyncStatus::Synced << kDeployed << kDeployed << Health::Healthy
                                 << "Argo CD reports Healthy";
    QTest::newRow("argo out of sync") << "application-outofsync" << SyncStatus::OutOfSync << kDeployed << kDeployed
                                      << Health::Healthy << "Argo CD reports Healthy";
    QTest::newRow("argo progressing") << "application-progressing" << SyncStatus::OutOfSync << kDeployed << kNewer
                                      << Health::Progressing << "Argo CD reports Progressing";
    QTest::newRow("argo failed") << "application-failed" << SyncStatus::OutOfSync << kDeployed << kNewer << Health::Degraded
                                 << "one or more objects failed to apply, reason: Deployment.apps \"api\" is invalid";
    QTest::newRow("flux ready") << "kustomization-ready" << SyncStatus::Synced << kFluxApplied << kFluxApplied << Health::Healthy
                                << QStringLiteral("ReconciliationSucceeded: Applied revision: main@sha1:") + kFluxApplied;
    QTest::newRow("flux progressing") << "kustomization-progressing" << SyncStatus::Unknown << kFluxApplied << kFluxAttempted
                                      << Health::Progressing
                                      << QStringLiteral("Progressing: Building manifests for revision main@sha1:") +
                                             kFluxAttempted;
    QTest::newRow("flux failed") << "kustomization-failed" << SyncStatus::OutOfSync << kFluxApplied << kFluxAttempted
                                 << Health::Degraded << "ReconciliationFailed: Deployment/shop-staging/api dry-run failed";
    QTest::newRow("flux out of sync") << "kustomization-outofsync" << SyncStatus::OutOfSync << kFluxApplied << kFluxAttempted
                                      << Health::Degraded
                                      << "DependencyNotReady: dependency 'flux-system/infrastructure' is not ready";
    QTest::newRow("flux suspended") << "kustomization-suspended" << SyncStatus::Synced << kFluxApplied << kFluxApplied
                                    << Health::Suspended << "Kustomization is suspended";
}

void TestAgentStatus::fixtures() {
    QFETCH(QString, fixture);
    QFETCH(SyncStatus, sync);
    QFETCH(QString, revision);
    QFETCH(QString, attempted);
    QFETCH(Health, health);
    QFETCH(QString, message);

    const AgentStatus status = read(fixture);
    QCOMPARE(status.agent, fixture.startsWith(QLatin1String("application")) ? Agent::ArgoCD : Agent::Flux);
    QCOMPARE(syncline::health::syncStatusName(status.sync), syncline::health::syncStatusName(sync));
    QCOMPARE(status.revision, revision);
    QCOMPARE(status.attemptedRevision, attempted);
    QCOMPARE(syncline::health::healthName(status.health.health), syncline::health::healthName(health));
    QVERIFY2(status.message.contains(message),
             qPrintable(QStringLiteral("message \"%1\" lacks \"%2\"").arg(status.message, message)));
    QVERIFY(!status.object.name.isEmpty());
    QVERIFY(status.reconciledAt.isValid());
}

void TestAgentStatus::everyFixtureIsChecked() {
    QStringList checked;
    checked << QStringLiteral("application-synced") << QStringLiteral("application-outofsync")
            << QStringLiteral("application-progressing") << QStringLiteral("application-failed")
            << QStringLiteral("kustomization-ready") << QStringLiteral("kustomization-progressing")
            << QStringLiteral("kustomization-failed") << QStringLiteral("kustomization-outofsync")
            << QStringLiteral("kustomization-suspended");
    const auto files = QDir(fixtureDir()).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    QCOMPARE(files.size(), checked.size());
    for (const QString& file : files)
        QVERIFY2(checked.contains(file.chopped(5)), qPrintable(file));
}

void TestAgentStatus::argoHistoryAndResources() {
    const AgentStatus status = read(QStringLiteral("application-synced"));
    QVERIFY(status.object == (ResourceKey{QStringLiteral("argoproj.io"), QStringLiteral("Application"), QStringLiteral("argocd"),
                                          QStringLiteral("shop-prod")}));
    QCOMPARE(status.sourceReference, QStringLiteral("main"));
    QCOMPARE(status.history.size(), std::size_t(2));
    QCOMPARE(status.history[0].id, QStringLiteral("12")); // newest first
    QCOMPARE(status.history[0].revision, kDeployed);
    QCOMPARE(status.history[0].deployedAt, QDateTime(QDate(2026, 11, 27), QTime(16, 2, 52), Qt::UTC));
    QCOMPARE(status.history[1].id, QStringLiteral("11"));
    QCOMPARE(status.history[1].revision, QStringLiteral("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"));
    QCOMPARE(status.reconciledAt, QDateTime(QDate(2026, 11, 28), QTime(2, 31, 4), Qt::UTC));
    QCOMPARE(status.resources.size(), std::size_t(3));
    QVERIFY(status.resources[0] ==
            (ResourceKey{{}, QStringLiteral("Service"), QStringLiteral("shop-prod"), QStringLiteral("api")}));
    QVERIFY(status.resources[1] == (ResourceKey{QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop-prod"),
                                                QStringLiteral("api")}));
    QVERIFY(status.resources[2] ==
            (ResourceKey{
                QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("ClusterRole"), {}, QStringLiteral("shop:reader")}));
}

void TestAgentStatus::argoOperation() {
    AgentStatus status = read(QStringLiteral("application-synced"));
    QVERIFY(status.operation.has_value());
    QCOMPARE(status.operation->phase, QStringLiteral("Succeeded"));
    QVERIFY(!status.operation->isRunning());
    QVERIFY(!status.operation->failed());
    QCOMPARE(status.operation->finishedAt, QDateTime(QDate(2026, 11, 27), QTime(16, 2, 52), Qt::UTC));

    status = read(QStringLiteral("application-progressing"));
    QVERIFY(status.operation->isRunning()); // Syncline must not send a second sync now
    QCOMPARE(status.operation->revision, kNewer);
    QVERIFY(!status.operation->finishedAt.isValid());

    status = read(QStringLiteral("application-failed"));
    QVERIFY(status.operation->failed());
    QVERIFY(status.operation->message.contains(QStringLiteral("(retried 5 times)")));

    // A comparison error is what the user must read when no operation failed.
    json application = loadFixture(QStringLiteral("application-outofsync"));
    application["status"]["conditions"] =
        json::array({{{"type", "ComparisonError"},
                      {"message", "Failed to load target state: rpc error: code = Unknown desc = kustomize build failed"},
                      {"lastTransitionTime", "2026-11-28T02:30:00Z"}}});
    auto withError = readArgoApplication(application);
    QVERIFY(withError.has_value());
    QCOMPARE(
        withError->message,
        QStringLiteral("ComparisonError: Failed to load target state: rpc error: code = Unknown desc = kustomize build failed"));
}

void TestAgentStatus::fluxInventoryAndHistory() {
    const AgentStatus status = read(QStringLiteral("kustomization-ready"));
    QVERIFY(status.object == (ResourceKey{QStringLiteral("kustomize.toolkit.fluxcd.io"), QStringLiteral("Kustomization"),
                                          QStringLiteral("flux-system"), QStringLiteral("shop-staging")}));
    QCOMPARE(status.sourceReference, QStringLiteral("main@sha1:") + kFluxApplied);
    QCOMPARE(status.reconciledAt, QDateTime(QDate(2026, 11, 28), QTime(2, 10, 7), Qt::UTC));
    const std::vector<ResourceKey> expected = {
        {{}, QStringLiteral("Namespace"), {}, QStringLiteral("shop-staging")},
        {{}, QStringLiteral("Service"), QStringLiteral("shop-staging"), QStringLiteral("api")},
        {QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop-staging"), QStringLiteral("api")},
        {QStringLiteral("autoscaling"), QStringLiteral("HorizontalPodAutoscaler"), QStringLiteral("shop-staging"),
         QStringLiteral("api")},
        {QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("ClusterRole"), {}, QStringLiteral("shop:reader")},
    };
    QCOMPARE(status.resources.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QVERIFY2(status.resources[i] == expected[i], qPrintable(status.resources[i].toString()));

    QCOMPARE(status.history.size(), std::size_t(2));
    QCOMPARE(status.history[0].revision, kFluxApplied);
    QCOMPARE(status.history[0].result, QStringLiteral("ReconciliationSucceeded"));
    QCOMPARE(status.history[0].deployedAt, QDateTime(QDate(2026, 11, 28), QTime(2, 10, 7), Qt::UTC));
    QVERIFY(status.history[0].id.startsWith(QLatin1String("sha256:43ad78c9")));
    QCOMPARE(status.history[1].revision, QStringLiteral("67e2c98a60dc92283531412a9e604dd4bae005a9"));
    QVERIFY(!status.operation.has_value());
}

void TestAgentStatus::fluxRevisions_data() {
    QTest::addColumn<QString>("flux");
    QTest::addColumn<QString>("sha");
    QTest::newRow("branch") << QStringLiteral("main@sha1:") + kFluxApplied << kFluxApplied;
    QTest::newRow("branch with slash") << QStringLiteral("release/2.x@sha1:") + kFluxApplied << kFluxApplied;
    QTest::newRow("tag") << QStringLiteral("v1.0.1@sha1:") + kFluxApplied << kFluxApplied;
    QTest::newRow("commit only") << QStringLiteral("sha1:") + kFluxApplied << kFluxApplied;
    QTest::newRow("legacy") << QStringLiteral("main/") + kFluxApplied << kFluxApplied;
    QTest::newRow("bare") << kFluxApplied << kFluxApplied;
    QTest::newRow("oci digest") << "latest@sha256:43ad78c94b26"
                                << "43ad78c94b26";
    QTest::newRow("empty") << QString() << QString();
}

void TestAgentStatus::fluxRevisions() {
    QFETCH(QString, flux);
    QFETCH(QString, sha);
    QCOMPARE(revisionFromFlux(flux), sha);
}

void TestAgentStatus::fluxInventoryIds_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("key"); // ResourceKey::toString
    QTest::newRow("core") << "shop_api__Service" << true << "Service shop/api";
    QTest::newRow("apps") << "shop_api_apps_Deployment" << true << "apps/Deployment shop/api";
    QTest::newRow("cluster scoped") << "_shop__Namespace" << true << "Namespace shop";
    QTest::newRow("rbac colon") << "_system__controller__job_rbac.authorization.k8s.io_ClusterRole" << true
                                << "rbac.authorization.k8s.io/ClusterRole system:controller:job";
    QTest::newRow("no separators") << "shop-api" << false << "";
    QTest::newRow("three fields") << "shop_api_Service" << false << "";
    QTest::newRow("no name") << "shop__apps_Deployment" << false << "";
    QTest::newRow("no kind") << "shop_api_apps_" << false << "";
    QTest::newRow("stray underscore") << "shop_a_b_apps_Deployment" << false << "";
}

void TestAgentStatus::fluxInventoryIds() {
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QFETCH(QString, key);
    const auto parsed = parseFluxInventoryId(id);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(parsed->toString(), key);
}

void TestAgentStatus::newObjectsWithoutStatus() {
    json application = loadFixture(QStringLiteral("application-synced"));
    application.erase("status");
    auto argo = readArgoApplication(application);
    QVERIFY(argo.has_value());
    QCOMPARE(argo->sync, SyncStatus::Unknown);
    QCOMPARE(argo->health.health, Health::Progressing);
    QVERIFY(argo->revision.isEmpty());
    QVERIFY(argo->history.empty());
    QVERIFY(!argo->operation.has_value());

    json kustomization = loadFixture(QStringLiteral("kustomization-ready"));
    kustomization.erase("status");
    auto flux = readFluxKustomization(kustomization);
    QVERIFY(flux.has_value());
    QCOMPARE(flux->sync, SyncStatus::Unknown);
    QCOMPARE(flux->health.health, Health::Progressing);
    QCOMPARE(flux->health.message, QStringLiteral("Waiting for the controller to report status"));
    QVERIFY(flux->resources.empty());

    // Odd types inside status do not throw.
    kustomization["status"] = {{"conditions", "none"}, {"inventory", {{"entries", {1, "x", {{"id", 5}}}}}}, {"history", 3}};
    flux = readFluxKustomization(kustomization);
    QVERIFY(flux.has_value());
    QVERIFY(flux->resources.empty());
}

void TestAgentStatus::wrongKindsAreErrors() {
    auto status = readArgoApplication(loadFixture(QStringLiteral("kustomization-ready")));
    QVERIFY(!status.has_value());
    QCOMPARE(status.error().code, syncline::util::ErrorCode::InvalidArgument);
    QVERIFY2(status.error().toString().contains(QStringLiteral(
                 "expected an Argo CD Application (argoproj.io), found kustomize.toolkit.fluxcd.io/v1 Kustomization")),
             qPrintable(status.error().toString()));
    QVERIFY(!readFluxKustomization(loadFixture(QStringLiteral("application-synced"))).has_value());
    QVERIFY(!readAgentStatus(json{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}}).has_value());
    QVERIFY(!readAgentStatus(json()).has_value());
    // An ApplicationSet is not an Application.
    QVERIFY(!readAgentStatus(json{{"apiVersion", "argoproj.io/v1alpha1"}, {"kind", "ApplicationSet"}}).has_value());
}

void TestAgentStatus::fluxReconcileRequest() {
    const QDateTime now(QDate(2026, 11, 28), QTime(2, 41, 7, 250), Qt::UTC);
    const json patch = syncline::kube::fluxReconcileRequest(now);
    QVERIFY(patch ==
            json::parse(R"({"metadata":{"annotations":{"reconcile.fluxcd.io/requestedAt":"2026-11-28T02:41:07.250Z"}}})"));
    // Two clicks in the same second still differ, so Flux reconciles again.
    QVERIFY(syncline::kube::fluxReconcileRequest(now.addMSecs(1)) != patch);

    // As the server merges it: the annotation replaces the old request, the rest stays.
    json live = loadFixture(QStringLiteral("kustomization-ready"));
    const json before = live;
    live.merge_patch(patch);
    QVERIFY(live["metadata"]["annotations"]["reconcile.fluxcd.io/requestedAt"] == "2026-11-28T02:41:07.250Z");
    QVERIFY(live["spec"] == before["spec"]);
    QVERIFY(live["metadata"]["finalizers"] == before["metadata"]["finalizers"]);
}

void TestAgentStatus::argoRefreshRequest() {
    QVERIFY(syncline::kube::argoRefreshRequest() ==
            json::parse(R"({"metadata":{"annotations":{"argocd.argoproj.io/refresh":"normal"}}})"));
    QVERIFY(syncline::kube::argoRefreshRequest(ArgoRefresh::Hard) ==
            json::parse(R"({"metadata":{"annotations":{"argocd.argoproj.io/refresh":"hard"}}})"));
}

void TestAgentStatus::argoSyncRequest() {
    QVERIFY((syncline::kube::argoSyncRequest(ArgoSyncOptions{.revision = kNewer, .prune = true}) ==
             json::parse(R"({"operation":{"initiatedBy":{"username":"syncline"},
                             "sync":{"revision":"5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c","prune":true}}})")));
    // No revision: Argo CD syncs to the Application's targetRevision.
    QVERIFY(syncline::kube::argoSyncRequest() ==
            json::parse(R"({"operation":{"initiatedBy":{"username":"syncline"},"sync":{}}})"));
    QVERIFY(syncline::kube::argoSyncRequest(
                ArgoSyncOptions{.username = QStringLiteral("jane")})["operation"]["initiatedBy"]["username"] == "jane");
}

QTEST_GUILESS_MAIN(TestAgentStatus)
#include "tst_agentstatus.moc"
