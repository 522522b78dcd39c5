// Faults of the cluster during a Sync, against a real syncline-devcluster process: the
// cluster killed (SIGKILL) in the middle of the apply, a token the cluster no longer
// accepts (401) — static, or from an exec credential plugin, expiring mid-Sync (the
// devcluster's token file rotated at a chosen object) — and a full data directory.
// Syncline does not crash, reports per object what was applied and what was not, records
// no revision, and a Sync once the cluster is back (or the user signed in) converges.
#include "kube/ExecApprovals.h"
#include "kube/ExecFingerprint.h"
#include "kube/HttpKubeClient.h"
#include "kube/Inventory.h"
#include "reconcile/ClusterReader.h"
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
#include <optional>
#include <set>

using namespace syncline;
using namespace syncline::reconcile;

namespace {

const char* kRevision = "3333333333333333333333333333333333333333";
// Test-only: the devcluster ends after this many bytes of its first list answer's body.
const char* kExitAfterListBytes = "SYNCLINE_DEVCLUSTER_TEST_EXIT_AFTER_LIST_BYTES";
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

// A token the exec plugin hands out and the devcluster accepts: each is a file the test
// rewrites (replaced whole, as a rotation does) at the moment it chooses.
void writeToken(const QString& path, const QString& token) {
    QFile file(path + QStringLiteral(".new"));
    if (!file.open(QIODevice::WriteOnly) || file.write(token.toUtf8() + '\n') < 0)
        qFatal("cannot write %s", qPrintable(file.fileName()));
    file.close();
    QFile::remove(path);
    if (!QFile::rename(file.fileName(), path))
        qFatal("cannot replace %s", qPrintable(path));
}

// A cluster whose user is an exec credential plugin (client.authentication.k8s.io/v1) that
// hands out the token in `issued` and counts its runs in `runs`, like a cloud CLI whose
// login session gives a new token once the old one expired.
struct ExecLogin {
    QTemporaryDir dir;
    QString issued = dir.filePath(QStringLiteral("issued-token"));
    QString runs = dir.filePath(QStringLiteral("runs"));
    QString plugin = dir.filePath(QStringLiteral("get-token.sh"));
    QString kubeconfig = dir.filePath(QStringLiteral("kubeconfig"));

    bool write(const QUrl& server) {
        QFile script(plugin);
        if (!script.open(QIODevice::WriteOnly))
            return false;
        script.write(QStringLiteral("#!/bin/sh\necho run >> '%1'\n"
                                    "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                                    "\"status\":{\"token\":\"%s\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}' "
                                    "\"$(cat '%2')\"\n")
                         .arg(runs, issued)
                         .toUtf8());
        script.close();
        script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QFile config(kubeconfig);
        if (!config.open(QIODevice::WriteOnly))
            return false;
        config.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: rotating\n"
                                    "clusters:\n- name: rotating\n  cluster: {server: '%1'}\n"
                                    "contexts:\n- name: rotating\n  context: {cluster: rotating, user: sso}\n"
                                    "users:\n- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                                    "      command: '%2'\n      interactiveMode: Never\n")
                         .arg(server.toString(), plugin)
                         .toUtf8());
        return true;
    }
    workspace::ClusterRef ref() const { return {kubeconfig, QStringLiteral("rotating"), false}; }
    int runCount() const {
        QFile file(runs);
        return file.open(QIODevice::ReadOnly) ? int(file.readAll().count('\n')) : 0;
    }
    // A client with the plugin approved, as `syncline clusters approve-exec` leaves it.
    std::unique_ptr<kube::HttpKubeClient> client() const {
        auto connection = kube::ClusterConnection::resolve(ref());
        if (!connection || !connection->exec)
            qFatal("kubeconfig: %s", connection ? "no exec user" : qPrintable(connection.error().toString()));
        auto approvals = std::make_shared<kube::InMemoryExecApprovals>();
        approvals->approve(*kube::ExecFingerprint::of(*connection->exec, connection->clusterKey()));
        return std::make_unique<kube::HttpKubeClient>(*connection, approvals);
    }
};

const QString kFirstToken = QStringLiteral("exec-token-first-7a1c");
const QString kSecondToken = QStringLiteral("exec-token-second-8b2d");
const QString kThirdToken = QStringLiteral("exec-token-third-9c3e");

bool mentionsAToken(const QString& text) {
    return text.contains(kFirstToken) || text.contains(kSecondToken) || text.contains(kThirdToken);
}

// A devcluster that accepts the token in `accepted` (its --token-file, which a test rotates)
// and an ExecLogin whose plugin reaches it; both start at kFirstToken.
struct ExecCluster {
    ExecLogin login;
    QString accepted = login.dir.filePath(QStringLiteral("accepted-token"));
    QTemporaryDir data;
    std::optional<test::DevCluster> cluster;

    bool start(QString* error) {
        writeToken(accepted, kFirstToken);
        writeToken(login.issued, kFirstToken);
        cluster.emplace(test::DevClusterOptions{.tokenFile = accepted, .dataDir = data.path()});
        if (!cluster->start(error))
            return false;
        *error = QStringLiteral("cannot write the plugin or its kubeconfig");
        return login.write(cluster->url());
    }
    workspace::Environment environment() const {
        auto env = ::environment(*cluster);
        env.cluster = login.ref();
        return env;
    }
};

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

    // The token an exec plugin gave expires on the cluster after 10 of 40 objects (the
    // devcluster's token file is rotated; the plugin's login now hands out the new one):
    // the next apply gets a 401, Syncline runs the approved plugin once more, repeats that
    // apply with the new token and the Sync completes — every object applied once, none
    // failed, the revision recorded, no token in the report.
    void execTokenExpiringMidSyncIsRenewedByThePlugin() {
        ExecCluster exec;
        QString error;
        QVERIFY2(exec.start(&error), qPrintable(error));
        ExecLogin& login = exec.login;
        const QString& accepted = exec.accepted;
        auto client = login.client();
        const auto env = exec.environment();
        const SyncResult renewed = sync(*client, env, configMaps(QStringLiteral("one")), [&](int done, int) {
            if (done == 10) {
                writeToken(login.issued, kSecondToken);
                writeToken(accepted, kSecondToken);
            }
        });
        QVERIFY2(renewed.succeeded() && renewed.recordedDeployed, qPrintable(text(renewed)));
        QCOMPARE(withOutcome(renewed, ObjectOutcome::Applied).size(), std::size_t(kConfigMaps));
        QCOMPARE(login.runCount(), 2);
        QCOMPARE(configMapsOn(*client).size(), std::size_t(kConfigMaps));
        QVERIFY2(!mentionsAToken(text(renewed)), qPrintable(text(renewed)));
    }

    // The plugin keeps handing out the token the cluster now refuses (its login expired
    // too): after the one re-run the Sync stops — the applied objects stay applied, the
    // rest are Skipped with the cluster named and what to do (sign in with the plugin's
    // tool), no token shown. Once signed in, the same client syncs the rest.
    void execPluginGivingARejectedTokenStopsTheSync() {
        ExecCluster exec;
        QString error;
        QVERIFY2(exec.start(&error), qPrintable(error));
        ExecLogin& login = exec.login;
        const QString& accepted = exec.accepted;
        auto client = login.client();
        const auto env = exec.environment();
        const SyncResult stopped = sync(*client, env, configMaps(QStringLiteral("one")), [&](int done, int) {
            if (done == 10)
                writeToken(accepted, kSecondToken);
        });
        const QString report = text(stopped);
        QVERIFY2(stopped.error && stopped.error->code == util::ErrorCode::Auth, qPrintable(report));
        QVERIFY(!stopped.recordedDeployed);
        const auto applied = withOutcome(stopped, ObjectOutcome::Applied);
        QCOMPARE(applied.size(), std::size_t(10));
        QCOMPARE(withOutcome(stopped, ObjectOutcome::Failed).size(), std::size_t(1));
        QCOMPARE(withOutcome(stopped, ObjectOutcome::Skipped).size(), std::size_t(kConfigMaps - 11));
        QCOMPARE(login.runCount(), 2); // asked once more, not once per object
        QVERIFY2(report.contains(QLatin1String("cluster rotating rejected the credentials")), qPrintable(report));
        QVERIFY2(report.contains(QLatin1String("the exec credential plugin was run again and its new credential was "
                                               "rejected too: sign in again with the tool behind it (") +
                                 login.plugin + QLatin1Char(')')),
                 qPrintable(report));
        QVERIFY2(!mentionsAToken(report), qPrintable(report));

        writeToken(login.issued, kSecondToken); // the user signed in again
        QCOMPARE(configMapsOn(*client), applied);
        const SyncResult rest = sync(*client, env, configMaps(QStringLiteral("one")));
        QVERIFY2(rest.succeeded() && rest.recordedDeployed, qPrintable(text(rest)));
        QCOMPARE(configMapsOn(*client).size(), std::size_t(kConfigMaps));
        QCOMPARE(login.runCount(), 3);
    }

    // The devcluster's --token-file is read again when it is replaced: the old token is
    // refused from the next request on, the new one accepted; while the file is gone,
    // every token is refused (never: no token needed).
    void aRotatedTokenFileTakesEffectAtTheNextRequest() {
        QTemporaryDir dir;
        const QString accepted = dir.filePath(QStringLiteral("accepted-token"));
        writeToken(accepted, kFirstToken);
        test::DevCluster cluster({.tokenFile = accepted, .dataDir = dir.filePath(QStringLiteral("data"))});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QFile written(cluster.kubeconfigPath());
        QVERIFY(written.open(QIODevice::ReadOnly));
        const QByteArray firstConfig = written.readAll();
        QVERIFY(firstConfig.contains(kFirstToken.toUtf8()));
        const QString secondPath = dir.filePath(QStringLiteral("second.kubeconfig"));
        QFile second(secondPath);
        QVERIFY(second.open(QIODevice::WriteOnly));
        second.write(QByteArray(firstConfig).replace(kFirstToken.toUtf8(), kSecondToken.toUtf8()));
        second.close();
        auto first = clientFor(cluster.kubeconfigPath());
        auto renewed = clientFor(secondPath);
        const auto listed = [](kube::KubeClient& client) {
            auto items = client.list(QString(), QStringLiteral("Namespace"), {}, {});
            return items ? QStringLiteral("ok") : items.error().toString();
        };
        QCOMPARE(listed(*first), QStringLiteral("ok"));

        writeToken(accepted, kSecondToken);
        QVERIFY2(listed(*first).contains(QLatin1String("401")), qPrintable(listed(*first)));
        QCOMPARE(listed(*renewed), QStringLiteral("ok"));

        QVERIFY(QFile::remove(accepted));
        QVERIFY2(listed(*renewed).contains(QLatin1String("401")), qPrintable(listed(*renewed)));
        writeToken(accepted, kSecondToken);
        QCOMPARE(listed(*renewed), QStringLiteral("ok"));
    }

    // The devcluster ends (as if killed) after writing 1500 bytes of the ConfigMap list a
    // refresh reads (a test-only cut at a byte, not a moment): the read fails with an error
    // naming the cluster, the list and the server, marks it unreachable and shows no partial
    // list; nothing is lost: the refresh after a restart reads all 40 objects.
    void devclusterKilledWhileSendingAList() {
        QTemporaryDir data;
        const test::DevClusterOptions options{.token = QStringLiteral("list-token"), .dataDir = data.path()};
        auto cluster = std::make_unique<test::DevCluster>(options);
        QString error;
        QVERIFY2(cluster->start(&error), qPrintable(error));
        const manifest::RenderResult rendered = configMaps(QStringLiteral("one"));
        QVERIFY2(sync(*clientFor(cluster->kubeconfigPath()), environment(*cluster), rendered).succeeded(), "first sync");
        cluster->stop();

        qputenv(kExitAfterListBytes, "1500"); // read by the server at start-up only
        cluster = std::make_unique<test::DevCluster>(options);
        const bool started = cluster->start(&error);
        qunsetenv(kExitAfterListBytes);
        QVERIFY2(started, qPrintable(error));
        auto client = clientFor(cluster->kubeconfigPath());
        const ClusterObservation cut = ClusterReader::observe(*client, environment(*cluster), rendered.objects, {});
        QVERIFY2(cut.error, "the cut list was read as complete");
        const QString said = cut.error->toString();
        QVERIFY2(said.startsWith(QLatin1String("devcluster: list ConfigMap in faults: ")) &&
                     said.contains(cluster->url().toString()),
                 qPrintable(said));
        QCOMPARE(cut.error->code, util::ErrorCode::Network);
        QCOMPARE(cut.cluster.reachability, ClusterReachability::Unreachable);
        QVERIFY2(cut.live.empty(), "a partial list is not shown as the cluster's state");
        QTRY_VERIFY(!cluster->isRunning());

        cluster->kill(); // reaped; then the same data on a new process
        cluster = std::make_unique<test::DevCluster>(options);
        QVERIFY2(cluster->start(&error), qPrintable(error));
        auto again = clientFor(cluster->kubeconfigPath());
        const ClusterObservation read = ClusterReader::observe(*again, environment(*cluster), rendered.objects, {});
        QVERIFY2(!read.error, qPrintable(read.error ? read.error->toString() : QString()));
        QCOMPARE(read.cluster.reachability, ClusterReachability::Reachable);
        QCOMPARE(configMapsOn(*again).size(), std::size_t(kConfigMaps));
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
