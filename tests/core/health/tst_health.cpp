#include "health/HealthAssessor.h"
#include "health/SyncStatus.h"
#include "manifest/YamlParser.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <map>
#include <vector>

using namespace syncline::health;
using nlohmann::json;

Q_DECLARE_METATYPE(syncline::health::Health)

namespace {

QString fixtureDir() { return qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/health"); }

struct Expected {
    Health health;
    const char* message; // a fragment the message must contain: what the user reads
};

// Every fixture under tests/data/health, with the verdict a user must see. The health
// is also the second word of the file name (<kind>-<health>[-<detail>].yaml); both are
// checked so neither can drift.
const std::map<QString, Expected>& expectations() {
    static const std::map<QString, Expected> table = {
        {QStringLiteral("deployment-healthy"), {Health::Healthy, "3 of 3 replicas available"}},
        {QStringLiteral("deployment-progressing-generation"),
         {Health::Progressing, "Waiting for rollout to finish: observed generation 4 is older than generation 5"}},
        {QStringLiteral("deployment-progressing-rollout"), {Health::Progressing, "1 out of 3 new replicas have been updated"}},
        {QStringLiteral("deployment-progressing-old-replicas"), {Health::Progressing, "1 old replicas are pending termination"}},
        {QStringLiteral("deployment-progressing-unavailable"), {Health::Progressing, "2 of 3 updated replicas are available"}},
        {QStringLiteral("deployment-degraded-deadline"),
         {Health::Degraded,
          "Deployment \"api\" exceeded its progress deadline: ReplicaSet \"api-5c8b7f9d4e\" has timed out progressing."}},
        {QStringLiteral("deployment-suspended-paused"), {Health::Suspended, "Deployment is paused"}},
        {QStringLiteral("deployment-progressing-deleting"), {Health::Progressing, "Pending deletion"}},

        {QStringLiteral("statefulset-healthy"), {Health::Healthy, "3 of 3 pods ready at revision postgres-6b8f9d7c54"}},
        {QStringLiteral("statefulset-progressing-generation"),
         {Health::Progressing, "Waiting for the StatefulSet spec update to be observed (observed generation 3, generation 4)"}},
        {QStringLiteral("statefulset-progressing-ready"), {Health::Progressing, "Waiting for 2 pods to be ready (1 of 3 ready)"}},
        {QStringLiteral("statefulset-progressing-revision"),
         {Health::Progressing, "Waiting for rolling update to complete: 1 of 3 pods at revision postgres-7f5d4c8b96"}},
        {QStringLiteral("statefulset-progressing-partition"),
         {Health::Progressing, "Waiting for partitioned roll out to finish: 0 out of 1 new pods have been updated"}},
        {QStringLiteral("statefulset-healthy-partition"),
         {Health::Healthy, "Partitioned roll out complete: 1 new pods have been updated (partition 2)"}},
        {QStringLiteral("statefulset-healthy-ondelete"), {Health::Healthy, "OnDelete update strategy"}},

        {QStringLiteral("daemonset-healthy"), {Health::Healthy, "5 of 5 pods available"}},
        {QStringLiteral("daemonset-progressing-generation"),
         {Health::Progressing, "observed generation 2 is older than generation 3"}},
        {QStringLiteral("daemonset-progressing-updated"),
         {Health::Progressing,
          "Waiting for daemon set \"node-exporter\" rollout to finish: 2 out of 5 new pods have been updated"}},
        {QStringLiteral("daemonset-progressing-unavailable"), {Health::Progressing, "3 of 5 updated pods are available"}},

        {QStringLiteral("replicaset-healthy"), {Health::Healthy, "3 of 3 replicas available"}},
        {QStringLiteral("replicaset-progressing"), {Health::Progressing, "1 out of 3 new replicas are available"}},
        {QStringLiteral("replicaset-degraded-failure"),
         {Health::Degraded, "FailedCreate: pods \"api-7d9f8c6b5d-\" is forbidden: exceeded quota"}},

        {QStringLiteral("pod-healthy-running"), {Health::Healthy, "Pod is running and ready"}},
        {QStringLiteral("pod-healthy-succeeded"), {Health::Healthy, "Pod has completed successfully"}},
        {QStringLiteral("pod-progressing-notready"), {Health::Progressing, "Pod is running but not ready yet"}},
        {QStringLiteral("pod-progressing-pending"),
         {Health::Progressing, "Pod is pending: Unschedulable: 0/3 nodes are available: 3 Insufficient cpu."}},
        {QStringLiteral("pod-progressing-hook"), {Health::Progressing, "Pod is running to completion"}},
        {QStringLiteral("pod-degraded-crashloop"),
         {Health::Degraded, "container \"api\" is waiting: CrashLoopBackOff (back-off 5m0s restarting failed container=api"}},
        {QStringLiteral("pod-degraded-imagepull"),
         {Health::Degraded, "container \"api\" is waiting: ImagePullBackOff (Back-off pulling image "
                            "\"registry.example.com/shop/api:1.15.0-typo\")"}},
        {QStringLiteral("pod-degraded-init-crashloop"), {Health::Degraded, "container \"migrate\" is waiting: CrashLoopBackOff"}},
        {QStringLiteral("pod-degraded-restarted"), {Health::Degraded, "container \"api\" restarted: OOMKilled (exit code 137)"}},
        {QStringLiteral("pod-degraded-failed"), {Health::Degraded, "container \"migrate\" was OOMKilled"}},

        {QStringLiteral("job-healthy-complete"), {Health::Healthy, "Job completed: 1 succeeded"}},
        {QStringLiteral("job-degraded-failed"),
         {Health::Degraded, "Job failed: BackoffLimitExceeded: Job has reached the specified backoff limit"}},
        {QStringLiteral("job-progressing-running"), {Health::Progressing, "Job is running: 1 active, 0 succeeded, 1 failed"}},
        {QStringLiteral("job-suspended"), {Health::Suspended, "Job is suspended"}},

        {QStringLiteral("cronjob-healthy"),
         {Health::Healthy, "Last run succeeded at 2026-11-27T02:01:37Z (schedule \"0 2 * * *\")"}},
        {QStringLiteral("cronjob-suspended"), {Health::Suspended, "CronJob is suspended"}},
        {QStringLiteral("cronjob-degraded-lastfailed"),
         {Health::Degraded, "The job scheduled at 2026-11-28T02:00:00Z did not succeed (last success: 2026-11-27T02:01:37Z)"}},
        {QStringLiteral("cronjob-progressing-active"), {Health::Progressing, "1 job(s) running"}},

        {QStringLiteral("service-healthy-clusterip"), {Health::Healthy, "ClusterIP service"}},
        {QStringLiteral("service-healthy-loadbalancer"), {Health::Healthy, "Load balancer at 203.0.113.10"}},
        {QStringLiteral("service-progressing-loadbalancer"),
         {Health::Progressing, "Waiting for the load balancer to get an address"}},
        {QStringLiteral("ingress-healthy"), {Health::Healthy, "Ingress at a1b2c3d4e5f6-1234567890.eu-west-1.elb.amazonaws.com"}},
        {QStringLiteral("ingress-progressing"), {Health::Progressing, "Waiting for the ingress controller to assign an address"}},

        {QStringLiteral("persistentvolumeclaim-healthy-bound"),
         {Health::Healthy, "Bound to volume pvc-0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a"}},
        {QStringLiteral("persistentvolumeclaim-progressing-pending"),
         {Health::Progressing, "Waiting for a volume to be bound (storage class gp3)"}},
        {QStringLiteral("persistentvolumeclaim-degraded-lost"),
         {Health::Degraded, "The bound volume pvc-0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f3a is lost"}},

        {QStringLiteral("horizontalpodautoscaler-healthy"), {Health::Healthy, "3 replicas (desired 3, range 2-10)"}},
        {QStringLiteral("horizontalpodautoscaler-healthy-limited"),
         {Health::Healthy, "limited: TooManyReplicas: the desired replica count is more than the maximum replica count"}},
        {QStringLiteral("horizontalpodautoscaler-healthy-v1"), {Health::Healthy, "2 replicas (desired 2, range 1-5)"}},
        {QStringLiteral("horizontalpodautoscaler-degraded-metrics"),
         {Health::Degraded, "FailedGetResourceMetric: the HPA was unable to compute the replica count"}},
        {QStringLiteral("horizontalpodautoscaler-progressing-new"), {Health::Progressing, "Waiting to Autoscale"}},

        {QStringLiteral("application-healthy"), {Health::Healthy, "Argo CD reports Healthy"}},
        {QStringLiteral("application-degraded"), {Health::Degraded, "Deployment \"api\" exceeded its progress deadline"}},
        {QStringLiteral("application-degraded-syncfailed"), {Health::Degraded, "one or more objects failed to apply"}},
        {QStringLiteral("application-progressing"), {Health::Progressing, "Argo CD reports Progressing"}},
        {QStringLiteral("application-missing"), {Health::Missing, "Argo CD reports Missing"}},
        {QStringLiteral("application-suspended"), {Health::Suspended, "Argo CD reports Suspended"}},

        {QStringLiteral("kustomization-healthy"),
         {Health::Healthy, "ReconciliationSucceeded: Applied revision: main@sha1:8c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"}},
        {QStringLiteral("kustomization-progressing"), {Health::Progressing, "Progressing: Detecting drift for revision"}},
        {QStringLiteral("kustomization-degraded"), {Health::Degraded, "HealthCheckFailed: health check failed after 30.004s"}},
        {QStringLiteral("kustomization-suspended"), {Health::Suspended, "Kustomization is suspended"}},

        {QStringLiteral("certificate-healthy"), {Health::Healthy, "Ready: Certificate is up to date and has not expired"}},
        {QStringLiteral("certificate-degraded"), {Health::Degraded, "Failed: The certificate request has failed to complete"}},
        {QStringLiteral("certificate-progressing-issuing"),
         {Health::Progressing, "DoesNotExist: Issuing certificate as Secret does not exist"}},
        {QStringLiteral("certificate-progressing-generation"),
         {Health::Progressing, "Certificate generation is 2, but latest observed generation is 1"}},
        {QStringLiteral("widget-degraded-stalled"),
         {Health::Degraded, "InvalidSize: size \"large\" is not offered in region eu-west-1"}},
        {QStringLiteral("widget-progressing-reconciling"), {Health::Progressing, "Provisioning: creating 2 of 3 replicas"}},
        {QStringLiteral("widget-healthy-nostatus"), {Health::Healthy, "Resource is current"}},
        {QStringLiteral("customresourcedefinition-healthy"), {Health::Healthy, "CRD is established"}},
        {QStringLiteral("customresourcedefinition-degraded-names"),
         {Health::Degraded, "PluralConflict: \"widgets\" is already in use"}},

        {QStringLiteral("configmap-healthy"), {Health::Healthy, "Resource is current"}},
        {QStringLiteral("secret-healthy"), {Health::Healthy, "Resource is current"}},
        {QStringLiteral("clusterrole-healthy"), {Health::Healthy, "Resource is current"}},
        {QStringLiteral("namespace-healthy"), {Health::Healthy, "Resource is current"}},
    };
    return table;
}

QStringList fixtureNames() {
    QStringList names;
    const auto files = QDir(fixtureDir()).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    for (const QString& file : files)
        names << file.chopped(5);
    return names;
}

nlohmann::ordered_json loadFixture(const QString& name) {
    QFile file(fixtureDir() + QLatin1Char('/') + name + QStringLiteral(".yaml"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray bytes = file.readAll();
    auto documents = syncline::manifest::parseYamlStream(std::string_view(bytes.constData(), bytes.size()), file.fileName());
    if (!documents || documents->size() != 1)
        return {};
    return documents->front().value;
}

std::optional<Health> healthNamed(const QString& word) {
    for (Health health :
         {Health::Healthy, Health::Progressing, Health::Suspended, Health::Degraded, Health::Missing, Health::Unknown}) {
        if (healthName(health).toLower() == word)
            return health;
    }
    return std::nullopt;
}

json deploymentWithStatus(json status) {
    return json{{"apiVersion", "apps/v1"},
                {"kind", "Deployment"},
                {"metadata", {{"name", "api"}, {"namespace", "shop"}, {"generation", 2}}},
                {"spec", {{"replicas", 2}}},
                {"status", std::move(status)}};
}

} // namespace

class TestHealth : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtures_data();
    void fixtures();
    void everyFixtureIsChecked();
    void orderedAndPlainJsonAgree();
    void deploymentWithoutStatusIsProgressing();
    void fieldsOfTheWrongTypeDoNotThrow();
    void notAnObjectIsUnknown();
    void missingComesFromTheCaller();
    void aggregateIsTheWorst();
    void worstStatusKeepsItsMessage();
    void orderingMatchesTheProduct();
    void syncStatusNames();
};

void TestHealth::fixtures_data() {
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<Health>("health");
    QTest::addColumn<QString>("message");
    for (const auto& [name, expected] : expectations())
        QTest::newRow(qPrintable(name)) << name << expected.health << QString::fromUtf8(expected.message);
}

void TestHealth::fixtures() {
    QFETCH(QString, fixture);
    QFETCH(Health, health);
    QFETCH(QString, message);

    const auto object = loadFixture(fixture);
    QVERIFY2(object.is_object(), qPrintable(QStringLiteral("cannot load %1.yaml").arg(fixture)));

    // The file name states the verdict too: <kind>-<health>[-detail].
    const auto nameHealth = healthNamed(fixture.section(QLatin1Char('-'), 1, 1));
    QVERIFY2(nameHealth.has_value(), qPrintable(QStringLiteral("%1: name has no health word").arg(fixture)));
    QCOMPARE(healthName(*nameHealth), healthName(health));

    const HealthStatus status = assessHealth(object);
    QCOMPARE(healthName(status.health), healthName(health));
    QVERIFY2(status.message.contains(message),
             qPrintable(QStringLiteral("message \"%1\" lacks \"%2\"").arg(status.message, message)));
}

void TestHealth::everyFixtureIsChecked() {
    const QStringList names = fixtureNames();
    QVERIFY2(names.size() >= 60, qPrintable(QStringLiteral("only %1 fixtures found in %2").arg(names.size()).arg(fixtureDir())));
    for (const QString& name : names)
        QVERIFY2(expectations().count(name) == 1, qPrintable(QStringLiteral("%1.yaml has no expectation").arg(name)));
    for (const auto& [name, expected] : expectations())
        QVERIFY2(names.contains(name), qPrintable(QStringLiteral("expectation for missing fixture %1.yaml").arg(name)));
}

void TestHealth::orderedAndPlainJsonAgree() {
    for (const QString& name : fixtureNames()) {
        const auto ordered = loadFixture(name);
        QCOMPARE(assessHealth(json(ordered)), assessHealth(ordered));
    }
}

void TestHealth::deploymentWithoutStatusIsProgressing() {
    // Just created: the controller has not written status yet.
    json deployment = deploymentWithStatus(json::object());
    deployment.erase("status");
    const auto status = assessHealth(deployment);
    QCOMPARE(status.health, Health::Progressing);
    QVERIFY(status.message.contains(QStringLiteral("observed generation 0 is older than generation 2")));
}

void TestHealth::fieldsOfTheWrongTypeDoNotThrow() {
    // A hand-edited or half-converted object: strings where numbers belong, a list as status.
    auto status = assessHealth(deploymentWithStatus({{"observedGeneration", "2"}, {"conditions", "none"}}));
    QCOMPARE(status.health, Health::Progressing);
    status = assessHealth(deploymentWithStatus(json::array({1, 2})));
    QCOMPARE(status.health, Health::Progressing);
    const json pod = {{"apiVersion", "v1"},
                      {"kind", "Pod"},
                      {"metadata", {{"name", "p"}}},
                      {"status", {{"phase", 3}, {"containerStatuses", {{{"state", "odd"}}, 7}}}}};
    QCOMPARE(assessHealth(pod).health, Health::Progressing);
    const json hpa = {
        {"apiVersion", "autoscaling/v1"},
        {"kind", "HorizontalPodAutoscaler"},
        {"metadata", {{"name", "h"}, {"annotations", {{"autoscaling.alpha.kubernetes.io/conditions", "[{not json"}}}}}};
    QCOMPARE(assessHealth(hpa), (HealthStatus{Health::Progressing, QStringLiteral("Waiting to Autoscale")}));
}

void TestHealth::notAnObjectIsUnknown() {
    QCOMPARE(assessHealth(json()).health, Health::Unknown);
    QCOMPARE(assessHealth(json::array()).health, Health::Unknown);
    QCOMPARE(assessHealth(json{{"metadata", {{"name", "x"}}}}).health, Health::Unknown);
}

void TestHealth::missingComesFromTheCaller() {
    QCOMPARE(missingHealth().health, Health::Missing);
    QVERIFY(!missingHealth().message.isEmpty());
    // No live object ever reads as Missing by itself (only Argo CD's own verdict does).
    for (const QString& name : fixtureNames()) {
        if (!name.startsWith(QLatin1String("application-")))
            QVERIFY2(assessHealth(loadFixture(name)).health != Health::Missing, qPrintable(name));
    }
}

void TestHealth::aggregateIsTheWorst() {
    QCOMPARE(aggregateHealth(std::vector<Health>{}), Health::Healthy);
    QCOMPARE(aggregateHealth(std::vector<Health>{Health::Healthy, Health::Progressing, Health::Healthy}), Health::Progressing);
    QCOMPARE(aggregateHealth(std::vector<Health>{Health::Suspended, Health::Progressing}), Health::Suspended);
    QCOMPARE(aggregateHealth(std::vector<Health>{Health::Degraded, Health::Missing, Health::Healthy}), Health::Missing);

    std::vector<HealthStatus> statuses;
    for (const QString& name : {QStringLiteral("deployment-healthy"), QStringLiteral("pod-degraded-crashloop"),
                                QStringLiteral("job-progressing-running")})
        statuses.push_back(assessHealth(loadFixture(name)));
    QCOMPARE(aggregateHealth(statuses), Health::Degraded);
    statuses.push_back(missingHealth());
    QCOMPARE(aggregateHealth(statuses), Health::Missing);
}

void TestHealth::worstStatusKeepsItsMessage() {
    QCOMPARE(worstStatus(std::vector<HealthStatus>{}), (HealthStatus{Health::Healthy, {}}));
    const std::vector<HealthStatus> statuses = {
        {Health::Healthy, QStringLiteral("fine")},
        {Health::Degraded, QStringLiteral("first failure")},
        {Health::Progressing, QStringLiteral("rolling")},
        {Health::Degraded, QStringLiteral("second failure")},
    };
    QCOMPARE(worstStatus(statuses), statuses[1]);
}

void TestHealth::orderingMatchesTheProduct() {
    const std::vector<Health> order = {Health::Healthy,  Health::Progressing, Health::Suspended,
                                       Health::Degraded, Health::Missing,     Health::Unknown};
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
        QVERIFY(isWorse(order[i + 1], order[i]));
        QVERIFY(!isWorse(order[i], order[i + 1]));
        QCOMPARE(worst(order[i], order[i + 1]), order[i + 1]);
    }
}

void TestHealth::syncStatusNames() {
    for (SyncStatus status : {SyncStatus::Synced, SyncStatus::OutOfSync, SyncStatus::Unknown})
        QCOMPARE(syncStatusFromName(syncStatusName(status)), status);
    QCOMPARE(syncStatusFromName(QStringLiteral("synced")), SyncStatus::Unknown);
    QVERIFY(isWorse(SyncStatus::OutOfSync, SyncStatus::Synced));
    QCOMPARE(worst(SyncStatus::Unknown, SyncStatus::Synced), SyncStatus::Unknown);
}

QTEST_GUILESS_MAIN(TestHealth)
#include "tst_health.moc"
