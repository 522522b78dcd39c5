// Faults of the cluster during a Sync, against a real syncline-devcluster process: the
// cluster killed (SIGKILL) in the middle of the apply, and a token the cluster no longer
// accepts (401). Syncline does not crash, reports per object what was applied and what
// was not, records no revision, and a Sync once the cluster is back converges.
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/SyncResultText.h"
#include "reconcile/SyncRunner.h"
#include "support/DevCluster.h"
#include "support/TestManifests.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <set>

using namespace syncline;
using namespace syncline::reconcile;

namespace {

const char* kRevision = "3333333333333333333333333333333333333333";
constexpr int kConfigMaps = 40;

std::unique_ptr<kube::HttpKubeClient> clientFor(const QString& kubeconfig) {
    workspace::ClusterRef ref;
    ref.kubeconfig = kubeconfig;
    auto client = kube::HttpKubeClient::create(ref, std::make_shared<kube::InMemoryExecApprovals>());
    if (!client)
        qFatal("client: %s", qPrintable(client.error().toString()));
    return std::move(*client);
}

workspace::Environment environment(const test::DevCluster& cluster) {
    workspace::Environment env;
    env.name = QStringLiteral("faults");
    env.path = QStringLiteral("envs/faults");
    env.renderer = workspace::RendererChoice::Plain;
    env.cluster = {cluster.kubeconfigPath(), QStringLiteral("devcluster"), false};
    env.defaultNamespace = QStringLiteral("faults");
    return env;
}

manifest::RenderResult configMaps(const QString& value, int count = kConfigMaps) {
    manifest::RenderResult rendered;
    rendered.renderer = QStringLiteral("plain");
    for (int i = 0; i < count; ++i) {
        const auto body = test::configMapManifest(QStringLiteral("config-%1").arg(i, 2, 10, QLatin1Char('0')), value);
        rendered.objects.push_back(
            {manifest::ResourceKey::of(body), nlohmann::ordered_json(body), {QStringLiteral("c.yaml"), 1, 1}});
    }
    return rendered;
}

SyncResult sync(kube::KubeClient& client, const workspace::Environment& env, const manifest::RenderResult& rendered,
                const SyncRunner::Progress& progress = {}) {
    SyncRequest request;
    request.environment = env.name;
    return SyncRunner::run(client, env, rendered, *git::ObjectId::fromHex(QString::fromLatin1(kRevision)), request, progress,
                           util::CancellationToken{});
}

std::set<QString> withOutcome(const SyncResult& result, ObjectOutcome outcome) {
    std::set<QString> names;
    for (const auto& object : result.objects)
        if (object.outcome == outcome && object.key.kind == QLatin1String("ConfigMap"))
            names.insert(object.key.name);
    return names;
}

std::set<QString> configMapsOn(kube::KubeClient& client) {
    std::set<QString> names;
    auto items = client.list(QString(), QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("faults")}, {});
    if (!items)
        return {QStringLiteral("<list failed: ") + items.error().toString() + QLatin1Char('>')};
    for (const auto& item : *items)
        if (const auto name = QString::fromStdString(item["metadata"].value("name", std::string()));
            name.startsWith(QLatin1String("config-")))
            names.insert(name);
    return names;
}

QString text(const SyncResult& result) { return SyncResultText::report(result); }

// A small tmpfs mounted for the test and unmounted when it ends (needs root, or the
// capability to mount: otherwise the test says so and skips).
struct SmallDisk {
    QString path;
    bool mounted = false;
    QString why;

    explicit SmallDisk(const QString& dir) : path(dir) {
        QProcess mount;
        mount.start(QStringLiteral("mount"), {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                                              QStringLiteral("size=256k"), QStringLiteral("tmpfs"), path});
        mounted = mount.waitForFinished(30000) && mount.exitStatus() == QProcess::NormalExit && mount.exitCode() == 0;
        why = QString::fromUtf8(mount.readAllStandardError()).trimmed();
        if (mount.error() == QProcess::FailedToStart)
            why = QStringLiteral("mount could not be run");
    }
    ~SmallDisk() {
        if (mounted)
            QProcess::execute(QStringLiteral("umount"), {path});
    }
};

// 16 objects of 24 KiB: about ten fit in 256 KiB (each failed write is retried, as a 500).
constexpr int kBigConfigMaps = 16;
manifest::RenderResult bigConfigMaps() { return configMaps(QString(24 * 1024, QLatin1Char('x')), kBigConfigMaps); }

} // namespace

class TestFaultsCluster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // SIGKILL of the devcluster after 10 of 40 objects: the sync stops at the first failed
    // write (it does not retry every remaining object against a dead address), every object
    // has an outcome,
    // the ones reported applied are the ones on the cluster when it is back, nothing is
    // recorded as deployed; a Sync against the restarted cluster applies the rest.
    void devclusterKilledMidSync() {
        QTemporaryDir data;
        test::DevClusterOptions options{.token = QStringLiteral("faults-token"), .dataDir = data.path()};
        auto cluster = std::make_unique<test::DevCluster>(options);
        QString error;
        QVERIFY2(cluster->start(&error), qPrintable(error));
        auto client = clientFor(cluster->kubeconfigPath());
        const auto env = environment(*cluster);
        const qint64 pid = cluster->processId();
        const SyncResult cut = sync(*client, env, configMaps(QStringLiteral("one")), [pid](int done, int) {
            if (done == 10)
                ::kill(pid_t(pid), SIGKILL); // the cluster goes away mid-apply
        });
        QVERIFY2(cut.error, qPrintable(text(cut)));
        QVERIFY(!cut.recordedDeployed);
        QCOMPARE(cut.objects.size(), std::size_t(kConfigMaps));
        const auto applied = withOutcome(cut, ObjectOutcome::Applied);
        QVERIFY2(applied.size() >= 10 && applied.size() < std::size_t(kConfigMaps), qPrintable(text(cut)));
        // The first write to the dead cluster fails naming the connection; the rest are not
        // tried one by one (4 attempts with back-off each: a minute for these 30).
        QCOMPARE(withOutcome(cut, ObjectOutcome::Failed).size(), std::size_t(1));
        QCOMPARE(withOutcome(cut, ObjectOutcome::Skipped).size(), kConfigMaps - applied.size() - 1);
        QCOMPARE(cut.error->code, util::ErrorCode::Network);

        cluster->kill(); // reaps the process
        cluster = std::make_unique<test::DevCluster>(options);
        QVERIFY2(cluster->start(&error), qPrintable(error));
        auto again = clientFor(cluster->kubeconfigPath());
        QCOMPARE(configMapsOn(*again), applied);
        QVERIFY(!again->get(kube::inventoryKey(env.name, env.defaultNamespace), {}) ||
                kube::fromConfigMap(*again->get(kube::inventoryKey(env.name, env.defaultNamespace), {}))->revision !=
                    QString::fromLatin1(kRevision));

        const SyncResult converged = sync(*again, environment(*cluster), configMaps(QStringLiteral("one")));
        QVERIFY2(converged.succeeded() && converged.recordedDeployed, qPrintable(text(converged)));
        QCOMPARE(configMapsOn(*again).size(), std::size_t(kConfigMaps));
    }

    // The cluster stops accepting the token (it expired, or was rotated): every request is a
    // 401. The sync fails naming the rejection, applies and records nothing, and the token
    // is not in the error; with the new token the same Sync applies everything.
    void aRejectedTokenAppliesNothingAndANewTokenSyncs() {
        QTemporaryDir data;
        test::DevCluster cluster({.token = QStringLiteral("the-new-token"), .dataDir = data.path()});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        const QString stale = data.filePath(QStringLiteral("stale.kubeconfig"));
        QFile kubeconfig(cluster.kubeconfigPath());
        QVERIFY(kubeconfig.open(QIODevice::ReadOnly));
        QByteArray staleText = kubeconfig.readAll();
        QVERIFY(staleText.contains("the-new-token"));
        staleText.replace("the-new-token", "an-expired-token-1f2e");
        QFile out(stale);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(staleText);
        out.close();

        auto expired = clientFor(stale);
        auto env = environment(cluster);
        env.cluster.kubeconfig = stale;
        const SyncResult rejected = sync(*expired, env, configMaps(QStringLiteral("one")));
        QVERIFY(rejected.error);
        QCOMPARE(rejected.error->code, util::ErrorCode::Auth);
        QVERIFY(!rejected.recordedDeployed);
        QVERIFY2(withOutcome(rejected, ObjectOutcome::Applied).empty(), qPrintable(text(rejected)));
        QVERIFY2(text(rejected).contains(QLatin1String("401")), qPrintable(text(rejected)));
        QVERIFY2(!text(rejected).contains(QLatin1String("an-expired-token-1f2e")), qPrintable(text(rejected)));
        auto fresh = clientFor(cluster.kubeconfigPath());
        QCOMPARE(configMapsOn(*fresh), std::set<QString>{});

        const SyncResult retried = sync(*fresh, environment(cluster), configMaps(QStringLiteral("one")));
        QVERIFY2(retried.succeeded(), qPrintable(text(retried)));
        QCOMPARE(configMapsOn(*fresh).size(), std::size_t(kConfigMaps));
    }

    // The devcluster's data directory fills up (a 256 KiB tmpfs, 16 objects of 24 KiB): the
    // writes that do not fit fail with an error naming the object, the devcluster keeps
    // answering reads, and the Sync reports per object without recording the revision.
    void aFullDataDirectoryRefusesWritesAndKeepsServingReads() {
        QTemporaryDir scratch;
        const QString mountPoint = scratch.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(mountPoint));
        SmallDisk disk(mountPoint);
        if (!disk.mounted)
            QSKIP(qPrintable(
                QStringLiteral("a small tmpfs could not be mounted (%1): the full-disk case was NOT checked").arg(disk.why)));
        QString error;
        std::set<QString> acknowledged;
        {
            test::DevCluster cluster({.token = QStringLiteral("disk-token"), .dataDir = mountPoint});
            QVERIFY2(cluster.start(&error), qPrintable(error));
            auto client = clientFor(cluster.kubeconfigPath());
            const auto env = environment(cluster);
            const SyncResult full = sync(*client, env, bigConfigMaps());
            QVERIFY2(full.error, qPrintable(text(full)));
            QVERIFY(!full.recordedDeployed);
            const auto applied = withOutcome(full, ObjectOutcome::Applied);
            QVERIFY2(!applied.empty() && applied.size() < std::size_t(kBigConfigMaps), qPrintable(text(full)));
            bool namedFailure = false;
            for (const auto& object : full.objects)
                if (object.outcome == ObjectOutcome::Failed)
                    namedFailure = namedFailure || text(full).contains(object.key.name);
            QVERIFY2(namedFailure, qPrintable(text(full)));
            QVERIFY2(cluster.isRunning(), qPrintable(text(full)));
            QVERIFY2(text(full).contains(QLatin1String("was not stored: the data directory could not take it")),
                     qPrintable(text(full)));
            // Reads still work, and show what the sync said it applied.
            QCOMPARE(configMapsOn(*client), applied);
            acknowledged = applied;
            cluster.kill();
        }
        // What was acknowledged survives a restart (from a copy of the data, on a disk with room).
        const QString copy = scratch.filePath(QStringLiteral("copy"));
        QCOMPARE(QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-a"), mountPoint, copy}), 0);
        test::DevCluster restarted({.token = QStringLiteral("disk-token"), .dataDir = copy});
        QVERIFY2(restarted.start(&error), qPrintable(error));
        QCOMPARE(configMapsOn(*clientFor(restarted.kubeconfigPath())), acknowledged);
    }
};

QTEST_GUILESS_MAIN(TestFaultsCluster)
#include "tst_faults_cluster.moc"
