// The demo and the engine-backed commands (status, diff, sync) as a user runs them: the
// real binary, the demo's own devclusters, results read back through the same commands.
#include "support/CliRun.h"
#include "support/DemoClusterProcesses.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace {

using Run = syncline::test::CliRun;

Run runSyncline(const QStringList& args, const QString& workDir = {}) {
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.workDir = workDir});
}

} // namespace

class TestEngineCli : public QObject {
    Q_OBJECT

private:
    // Each function gets its own demo (a fresh folder, its own clusters), so it passes alone
    // and in any order: `tst_engine_cli <function>`.
    std::unique_ptr<QTemporaryDir> m_root;
    std::vector<std::unique_ptr<syncline::app::DevClusterLauncher>> m_clusters;

    QString workspace() const { return m_root->filePath(QStringLiteral("workspace")); }

    // Every ref of the workspace repository and what HEAD is, from git itself.
    QString refsAndHead() const {
        QProcess git;
        git.start(QStringLiteral("git"), {QStringLiteral("-C"), workspace(), QStringLiteral("for-each-ref"),
                                          QStringLiteral("--format=%(refname) %(objectname)")});
        git.waitForFinished(30000);
        QProcess head;
        head.start(QStringLiteral("git"),
                   {QStringLiteral("-C"), workspace(), QStringLiteral("symbolic-ref"), QStringLiteral("HEAD")});
        head.waitForFinished(30000);
        return QString::fromUtf8(git.readAllStandardOutput() + head.readAllStandardOutput());
    }

    Run runDemo() { return runSyncline({QStringLiteral("demo"), m_root->path(), QStringLiteral("--no-window")}); }

    // The demo's clusters, as the window would start them (same data, same kubeconfigs).
    void startClusters() {
        const QString error =
            syncline::test::startDemoClusters(m_root->path(), QStringLiteral(SYNCLINE_DEVCLUSTER_BINARY), m_clusters);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    // The demo deployed, its clusters started again (on new ports) and trusted as the user
    // would with --yes.
    void deployDemoAndTrustClusters() {
        const Run demo = runDemo();
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.out + demo.err));
        startClusters();
        if (QTest::currentTestFailed())
            return;
        const Run trusted =
            runSyncline({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--yes")}, workspace());
        // The snapshots' "error" fields are on stdout: both streams, to tell which cluster failed.
        QVERIFY2(trusted.exitCode == 0, qPrintable(trusted.out + trusted.err));
    }

    QMap<QString, QJsonObject> status() {
        const Run run = runSyncline({QStringLiteral("status"), QStringLiteral("--json")}, workspace());
        QMap<QString, QJsonObject> byName;
        if (run.exitCode != 0)
            qWarning("status: %s%s", qPrintable(run.out), qPrintable(run.err));
        for (const QString& line : run.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QJsonObject object = QJsonDocument::fromJson(line.toUtf8()).object();
            byName.insert(object.value(QStringLiteral("environment")).toString(), object);
        }
        return byName;
    }

private Q_SLOTS:
    void init() {
        m_root = std::make_unique<QTemporaryDir>();
        QVERIFY(m_root->isValid());
    }

    void cleanup() {
        m_clusters.clear();
        m_root.reset();
    }

    void demoDeploysThreeEnvironmentsAtDifferentRevisions() {
        const Run demo = runDemo();
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.err));
        QVERIFY2(demo.out.contains(QLatin1String("dev: deployed")), qPrintable(demo.out));
        QVERIFY(demo.out.contains(QLatin1String("staging: deployed")));
        QVERIFY(demo.out.contains(QLatin1String("promote(staging): from dev@api 1.1.0")));
        QVERIFY(demo.out.contains(QLatin1String("prod: deployed")));
        // Its clusters stopped with it, and their state stayed on disk.
        QVERIFY(QFile::exists(m_root->filePath(QStringLiteral("clusters/prod.kubeconfig"))));

        // Re-running reuses everything: nothing is deployed again.
        const Run again = runDemo();
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(!again.out.contains(QLatin1String("deployed")), qPrintable(again.out));
    }

    void statusShowsWhatRunsWhere() {
        const Run demo = runDemo();
        QVERIFY2(demo.exitCode == 0, qPrintable(demo.out + demo.err));
        startClusters();
        // The clusters came back on new ports: what the demo trusted no longer matches, and
        // without a terminal nothing is contacted until the user trusts them again.
        const Run refused = runSyncline({QStringLiteral("status")}, workspace());
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QLatin1String("cluster for 'dev' changed since you trusted it (server ")),
                 qPrintable(refused.err));
        QVERIFY(refused.err.contains(QLatin1String("run `syncline clusters trust dev`")));
        QVERIFY(refused.out.isEmpty());
        const Run trusted =
            runSyncline({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--yes")}, workspace());
        QVERIFY2(trusted.exitCode == 0, qPrintable(trusted.err));
        for (const char* env : {"dev", "staging", "prod"})
            QVERIFY2(trusted.err.contains(
                         QStringLiteral("trusting the cluster of '%1' for this repository (--yes):").arg(QLatin1String(env))),
                     qPrintable(trusted.err));
        QVERIFY(trusted.err.contains(QLatin1String("context:    demo-prod")));

        const auto environments = status();
        QCOMPARE(environments.size(), 3);
        QCOMPARE(environments[QStringLiteral("dev")][QStringLiteral("sync")].toString(), QStringLiteral("Synced"));
        QCOMPARE(environments[QStringLiteral("dev")][QStringLiteral("commitsBehind")].toInt(), 0);
        const QJsonObject staging = environments[QStringLiteral("staging")];
        QCOMPARE(staging[QStringLiteral("sync")].toString(), QStringLiteral("OutOfSync"));
        QVERIFY(staging[QStringLiteral("commitsBehind")].toInt() > 0);
        QCOMPARE(staging[QStringLiteral("deployed")].toObject()[QStringLiteral("summary")].toString(),
                 QStringLiteral("promote(staging): from dev@api 1.1.0"));
        QCOMPARE(staging[QStringLiteral("reachability")].toString(), QStringLiteral("reachable"));
        // The cluster's address, as the kubeconfig names it.
        QVERIFY2(staging[QStringLiteral("server")].toString().startsWith(QLatin1String("https://127.0.0.1:")),
                 qPrintable(staging[QStringLiteral("server")].toString()));
        // prod runs v1.0.0; origin/main since has the bad worker commit the demo reverts.
        QCOMPARE(environments[QStringLiteral("prod")][QStringLiteral("sync")].toString(), QStringLiteral("OutOfSync"));
        QCOMPARE(
            environments[QStringLiteral("prod")][QStringLiteral("deployed")].toObject()[QStringLiteral("summary")].toString(),
            QStringLiteral("promote(prod): from staging@api 1.1.0"));
        // The demo deployed prod twice: the inventory remembers the revision before v1.0.0.
        QProcess git;
        git.start(QStringLiteral("git"), {QStringLiteral("-C"), workspace(), QStringLiteral("log"), QStringLiteral("-1"),
                                          QStringLiteral("--format=%H"), QStringLiteral("--grep=prod: run 3 api replicas")});
        QVERIFY(git.waitForFinished());
        const QString before = QString::fromUtf8(git.readAllStandardOutput()).trimmed();
        QCOMPARE(before.size(), 40);
        QCOMPARE(
            environments[QStringLiteral("prod")][QStringLiteral("deployed")].toObject()[QStringLiteral("previous")].toString(),
            before);
        QVERIFY(
            !environments[QStringLiteral("staging")][QStringLiteral("deployed")].toObject().contains(QStringLiteral("previous")));
    }

    // Settings ▸ Diff options' ignore rules (the user's QSettings, shared with the window)
    // apply to every environment on the command line too, and `syncline settings` shows them.
    void aUserIgnoreRuleHidesTheDriftInDiff() {
        deployDemoAndTrustClusters();
        if (QTest::currentTestFailed())
            return;
        const QString image = QStringLiteral("registry.example.com/shop/api:1.2.0");
        QVERIFY(runSyncline({QStringLiteral("diff"), QStringLiteral("staging")}, workspace()).out.contains(image));
        QSettings user(QStringLiteral("Syncline"), QStringLiteral("syncline"));
        user.setValue(QStringLiteral("diff/ignoreRules"),
                      QStringLiteral("- group: apps\n  kind: Deployment\n  name: api\n"
                                     "  jsonPointers:\n"
                                     "    - /spec/template/spec/containers/name=api/image\n"));
        user.sync();
        const Run ignored = runSyncline({QStringLiteral("diff"), QStringLiteral("staging")}, workspace());
        QVERIFY2(!ignored.out.contains(image), qPrintable(ignored.out));
        QVERIFY2(ignored.err.contains(QLatin1String("1 ignore rule(s) of your own apply too")), qPrintable(ignored.err));
        const Run settings = runSyncline({QStringLiteral("settings"), QStringLiteral("--json")});
        QCOMPARE(settings.exitCode, 0);
        const QJsonObject rule = QJsonDocument::fromJson(settings.out.toUtf8())
                                     .object()[QStringLiteral("diff")]
                                     .toObject()[QStringLiteral("ignoreRules")]
                                     .toArray()
                                     .first()
                                     .toObject();
        QCOMPARE(rule[QStringLiteral("jsonPointers")].toArray().first().toString(),
                 QStringLiteral("/spec/template/spec/containers/name=api/image"));
        user.remove(QStringLiteral("diff"));
        user.sync();
        QVERIFY(runSyncline({QStringLiteral("diff"), QStringLiteral("staging")}, workspace()).out.contains(image));
    }

    void diffThenSyncBringsStagingUpToDate() {
        deployDemoAndTrustClusters();
        if (QTest::currentTestFailed())
            return;
        const Run before = runSyncline({QStringLiteral("diff"), QStringLiteral("staging")}, workspace());
        QCOMPARE(before.exitCode, 1); // differences, like kubectl diff
        QVERIFY2(before.out.contains(QLatin1String("+        image: registry.example.com/shop/api:1.2.0")),
                 qPrintable(before.out));
        QVERIFY(before.out.contains(QLatin1String("Modified apps/Deployment shop-staging/api")));

        // A dry run changes nothing: the difference is still there after it.
        const Run dryRun =
            runSyncline({QStringLiteral("sync"), QStringLiteral("staging"), QStringLiteral("--dry-run")}, workspace());
        QVERIFY2(dryRun.exitCode == 0, qPrintable(dryRun.out + dryRun.err));
        QVERIFY2(dryRun.out.contains(QLatin1String("Dry run of staging at ")) &&
                     dryRun.out.contains(QLatin1String(": nothing was changed")),
                 qPrintable(dryRun.out));
        QCOMPARE(runSyncline({QStringLiteral("diff"), QStringLiteral("staging")}, workspace()).exitCode, 1);

        const QString refsBefore = refsAndHead();
        QVERIFY2(refsBefore.contains(QLatin1String("refs/heads/main ")), qPrintable(refsBefore));
        const Run sync = runSyncline({QStringLiteral("sync"), QStringLiteral("staging")}, workspace());
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.out + sync.err));
        QCOMPARE(refsAndHead(), refsBefore); // a Sync deploys; it never moves a branch, tag or HEAD
        QVERIFY2(sync.out.contains(QRegularExpression(QStringLiteral("^applied +apps/Deployment shop-staging/api$"),
                                                      QRegularExpression::MultilineOption)),
                 qPrintable(sync.out));
        QVERIFY(sync.out.contains(QLatin1String("Synced staging to ")));

        const Run after = runSyncline({QStringLiteral("diff"), QStringLiteral("staging")}, workspace());
        QCOMPARE(after.exitCode, 0);
        const auto environments = status();
        QCOMPARE(environments[QStringLiteral("staging")][QStringLiteral("sync")].toString(), QStringLiteral("Synced"));
        QCOMPARE(environments[QStringLiteral("staging")][QStringLiteral("commitsBehind")].toInt(), 0);

        // Syncing again changes nothing on the cluster, and says so.
        const Run again = runSyncline({QStringLiteral("sync"), QStringLiteral("staging")}, workspace());
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        QVERIFY2(again.out.contains(QRegularExpression(QStringLiteral("^unchanged +apps/Deployment shop-staging/api$"),
                                                       QRegularExpression::MultilineOption)),
                 qPrintable(again.out));
        QVERIFY2(!again.out.contains(QRegularExpression(QStringLiteral("^applied "), QRegularExpression::MultilineOption)),
                 qPrintable(again.out));
    }

    void statusShowsWarningsAboutTheCluster() {
        // Someone breaks dev's inventory ConfigMap: status still answers, and says what it
        // could not read.
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
            QSKIP("kubectl is not installed: it breaks the inventory here, so the status warning was NOT checked");
        deployDemoAndTrustClusters();
        if (QTest::currentTestFailed())
            return;
        QProcess kubectl;
        kubectl.start(QStringLiteral("kubectl"),
                      {QStringLiteral("--kubeconfig"), m_root->filePath(QStringLiteral("clusters/dev.kubeconfig")),
                       QStringLiteral("-n"), QStringLiteral("shop-dev"), QStringLiteral("patch"), QStringLiteral("configmap"),
                       QStringLiteral("syncline-inventory-dev"), QStringLiteral("--type=merge"), QStringLiteral("-p"),
                       QStringLiteral(R"({"data":{"revision":"not-a-commit"}})")});
        QVERIFY(kubectl.waitForFinished(30'000));
        QVERIFY2(kubectl.exitCode() == 0, kubectl.readAllStandardError().constData());

        const Run text = runSyncline({QStringLiteral("status"), QStringLiteral("dev")}, workspace());
        QVERIFY2(text.out.contains(
                     QRegularExpression(QStringLiteral("^    warning: .*data.revision \"not-a-commit\" is not a full commit id"),
                                        QRegularExpression::MultilineOption)),
                 qPrintable(text.out + text.err));
        const QJsonArray warnings = status()[QStringLiteral("dev")][QStringLiteral("warnings")].toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).toString().contains(QLatin1String("data.revision \"not-a-commit\"")),
                 qPrintable(warnings.at(0).toString()));

        // A sync writes a good inventory again: the warning goes.
        const Run sync = runSyncline({QStringLiteral("sync"), QStringLiteral("dev")}, workspace());
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.out + sync.err));
        QVERIFY(status()[QStringLiteral("dev")][QStringLiteral("warnings")].toArray().isEmpty());
    }

    void badInputIsNamed() {
        deployDemoAndTrustClusters();
        if (QTest::currentTestFailed())
            return;
        const Run unknown = runSyncline({QStringLiteral("sync"), QStringLiteral("qa")}, workspace());
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("qa")), qPrintable(unknown.err));
        const Run badKey = runSyncline(
            {QStringLiteral("sync"), QStringLiteral("dev"), QStringLiteral("--only"), QStringLiteral("nonsense")}, workspace());
        QCOMPARE(badKey.exitCode, 2);

        // A cluster that went away: status says so for that environment and exits 1.
        m_clusters[2]->kill();
        const Run down = runSyncline({QStringLiteral("status")}, workspace());
        QCOMPARE(down.exitCode, 1);
        QVERIFY2(down.out.contains(QLatin1String("prod")) && down.out.contains(QLatin1String("error:")), qPrintable(down.out));
        QVERIFY(down.out.contains(QLatin1String("Synced"))); // dev and staging still answer
    }
};

QTEST_GUILESS_MAIN(TestEngineCli)
#include "tst_engine_cli.moc"
