// Applications × environments on the command line, as a user runs it: syncline.yaml version 2
// with two applications in staging and one in prod; `apps`, `environments`, `render`,
// `compare` per application; `sync` and `status` against a devcluster, per application and
// for a whole environment; and upgrading a version-1 file keeps what was deployed.
#include "support/CliRun.h"
#include "support/DevCluster.h"
#include "support/GitFixture.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <functional>

namespace {

using syncline::test::CliRun;
using syncline::test::DevCluster;
using syncline::test::GitFixture;

CliRun runSyncline(const GitFixture& repo, QStringList args) {
    args << QStringLiteral("--repo") << repo.path();
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.workDir = repo.path()});
}

QByteArray configMap(const char* name, const char* value) {
    return QByteArray("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ") + name +
           "\n  namespace: default\ndata:\n  value: \"" + value + "\"\n";
}

// web in staging and prod, db in staging only; staging runs on `kubeconfig` when given.
void writeApplications(const GitFixture& repo, const QString& kubeconfig = {}) {
    repo.writeFile(QStringLiteral("web/staging/web.yaml"), configMap("web", "2"));
    repo.writeFile(QStringLiteral("web/prod/web.yaml"), configMap("web", "1"));
    repo.writeFile(QStringLiteral("db/staging/db.yaml"), configMap("db", "on"));
    const QByteArray cluster =
        kubeconfig.isEmpty() ? QByteArray() : "    cluster:\n      kubeconfig: " + kubeconfig.toUtf8() + "\n";
    repo.writeFile(QStringLiteral("syncline.yaml"), "version: 2\n"
                                                    "environments:\n"
                                                    "  - name: staging\n" +
                                                        cluster +
                                                        "  - name: prod\n"
                                                        "applications:\n"
                                                        "  - name: web\n"
                                                        "    environments:\n"
                                                        "      staging: {path: web/staging}\n"
                                                        "      prod: {path: web/prod}\n"
                                                        "  - name: db\n"
                                                        "    environments:\n"
                                                        "      staging: {path: db/staging}\n"
                                                        "promotion: [staging, prod]\n");
}

QList<QJsonObject> jsonLines(const QString& text) {
    QList<QJsonObject> out;
    for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        out.append(QJsonDocument::fromJson(line.toUtf8()).object());
    return out;
}

} // namespace

class TestAppsCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void appsListsEachApplicationWhereItRuns() {
        GitFixture repo;
        writeApplications(repo);
        repo.commitAll(QStringLiteral("two applications"), 1'700'000'000);
        const CliRun text = runSyncline(repo, {QStringLiteral("apps")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains(QRegularExpression(QStringLiteral("\nweb +staging +web/staging +auto +direct\n"))),
                 qPrintable(text.out));
        QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("\nweb +prod +web/prod "))));
        QVERIFY(text.out.contains(QRegularExpression(QStringLiteral("\ndb +staging +db/staging "))));

        const QList<QJsonObject> json = jsonLines(runSyncline(repo, {QStringLiteral("apps"), QStringLiteral("--json")}).out);
        QCOMPARE(json.size(), 2);
        QCOMPARE(json[0].value(QStringLiteral("application")).toString(), QStringLiteral("web"));
        const QJsonArray web = json[0].value(QStringLiteral("environments")).toArray();
        QCOMPARE(web.size(), 2);
        QCOMPARE(web[0].toObject().value(QStringLiteral("environment")).toString(), QStringLiteral("staging"));
        QCOMPARE(web[1].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("web-prod"));

        const CliRun environments = runSyncline(repo, {QStringLiteral("environments")});
        QVERIFY2(environments.out.contains(QLatin1String("2 applications: web, db")), qPrintable(environments.out));
        QVERIFY(environments.out.contains(QLatin1String("promotion: staging -> prod")));
    }

    void renderAndCompareTakeAnApplication() {
        GitFixture repo;
        writeApplications(repo);
        repo.commitAll(QStringLiteral("two applications"), 1'700'000'000);
        const CliRun all = runSyncline(repo, {QStringLiteral("render"), QStringLiteral("--env"), QStringLiteral("staging")});
        QCOMPARE(all.exitCode, 0);
        QVERIFY2(all.out.contains(QLatin1String("# staging/web\n")) && all.out.contains(QLatin1String("# staging/db\n")),
                 qPrintable(all.out));
        const CliRun one = runSyncline(repo, {QStringLiteral("render"), QStringLiteral("--env"), QStringLiteral("staging"),
                                              QStringLiteral("--app"), QStringLiteral("db")});
        QCOMPARE(one.exitCode, 0);
        QVERIFY(one.out.contains(QLatin1String("name: db")));
        QVERIFY(!one.out.contains(QLatin1String("name: web")));
        const CliRun unknown = runSyncline(repo, {QStringLiteral("render"), QStringLiteral("--env"), QStringLiteral("prod"),
                                                  QStringLiteral("--app"), QStringLiteral("db")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("environment 'prod' has no application 'db' (it has: web)")),
                 qPrintable(unknown.err));

        // Two environments pair their applications by name; the one only staging runs is named.
        const CliRun compare = runSyncline(repo, {QStringLiteral("compare"), QStringLiteral("staging"), QStringLiteral("prod")});
        QCOMPARE(compare.exitCode, 1);
        QVERIFY2(compare.out.contains(QLatin1String("staging/web vs prod/web: 1 modified")), qPrintable(compare.out));
        QVERIFY2(compare.err.contains(QLatin1String("db runs only in staging")), qPrintable(compare.err));
    }

    // Promote without --app moves every application of the environment in one commit, which
    // one revert takes back; --each makes one commit per application.
    void promoteAllIsOneCommitUnlessEach() {
        GitFixture repo;
        for (const char* app : {"web", "api"}) {
            repo.writeFile(QStringLiteral("%1/staging/%1.yaml").arg(QLatin1String(app)), configMap(app, "2"));
            repo.writeFile(QStringLiteral("%1/prod/%1.yaml").arg(QLatin1String(app)), configMap(app, "1"));
        }
        repo.writeFile(QStringLiteral("syncline.yaml"),
                       "version: 2\n"
                       "environments: [{name: staging}, {name: prod}]\n"
                       "applications:\n"
                       "  - name: web\n"
                       "    promotable: [web.yaml]\n"
                       "    environments: {staging: {path: web/staging}, prod: {path: web/prod}}\n"
                       "  - name: api\n"
                       "    promotable: [api.yaml]\n"
                       "    environments: {staging: {path: api/staging}, prod: {path: api/prod}}\n"
                       "promotion: [staging, prod]\n");
        repo.commitAll(QStringLiteral("two applications"), 1'700'000'000);
        const CliRun together = runSyncline(
            repo, {QStringLiteral("promote"), QStringLiteral("staging"), QStringLiteral("prod"), QStringLiteral("--yes")});
        QVERIFY2(together.exitCode == 0, qPrintable(together.err));
        QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("--format=%s")}).trimmed(),
                 QStringLiteral("promote(prod): 2 applications from staging\ntwo applications"));
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("--name-only"), QStringLiteral("--format=")}).trimmed(),
                 QStringLiteral("api/prod/api.yaml\nweb/prod/web.yaml"));

        repo.git({QStringLiteral("reset"), QStringLiteral("--hard"), QStringLiteral("HEAD~1")});
        const CliRun each = runSyncline(repo, {QStringLiteral("promote"), QStringLiteral("staging"), QStringLiteral("prod"),
                                               QStringLiteral("--each"), QStringLiteral("--yes")});
        QVERIFY2(each.exitCode == 0, qPrintable(each.err));
        const QString subjects = repo.git({QStringLiteral("log"), QStringLiteral("--format=%s")});
        QVERIFY2(subjects.contains(QRegularExpression(QStringLiteral("^promote\\(api-prod\\): from api-staging@[0-9a-f]{7}\n"
                                                                     "promote\\(web-prod\\): from web-staging@[0-9a-f]{7}\n"
                                                                     "two applications\n$"))),
                 qPrintable(subjects));
    }

    void syncAndStatusWorkPerApplication() {
        DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        GitFixture repo;
        writeApplications(repo, cluster.kubeconfigPath());
        repo.commitAll(QStringLiteral("two applications"), 1'700'000'000);

        const CliRun web = runSyncline(repo, {QStringLiteral("sync"), QStringLiteral("staging"), QStringLiteral("--app"),
                                              QStringLiteral("web"), QStringLiteral("--yes")});
        QVERIFY2(web.exitCode == 0, qPrintable(web.out + web.err));
        QList<QJsonObject> status = jsonLines(runSyncline(repo, {QStringLiteral("status"), QStringLiteral("staging"),
                                                                 QStringLiteral("--json"), QStringLiteral("--yes")})
                                                  .out);
        QCOMPARE(status.size(), 2);
        QCOMPARE(status[0].value(QStringLiteral("application")).toString(), QStringLiteral("web"));
        QCOMPARE(status[0].value(QStringLiteral("environment")).toString(), QStringLiteral("staging"));
        QCOMPARE(status[0].value(QStringLiteral("sync")).toString(), QStringLiteral("Synced"));
        QCOMPARE(status[1].value(QStringLiteral("application")).toString(), QStringLiteral("db"));
        QCOMPARE(status[1].value(QStringLiteral("sync")).toString(), QStringLiteral("OutOfSync"));

        // The whole environment: every application, each with its own inventory.
        const CliRun all = runSyncline(repo, {QStringLiteral("sync"), QStringLiteral("staging"), QStringLiteral("--yes")});
        QVERIFY2(all.exitCode == 0, qPrintable(all.out + all.err));
        status = jsonLines(runSyncline(repo, {QStringLiteral("status"), QStringLiteral("--app"), QStringLiteral("db"),
                                              QStringLiteral("--json"), QStringLiteral("--yes")})
                               .out);
        QCOMPARE(status.size(), 1);
        QCOMPARE(status[0].value(QStringLiteral("sync")).toString(), QStringLiteral("Synced"));
        const CliRun diff = runSyncline(repo, {QStringLiteral("diff"), QStringLiteral("staging"), QStringLiteral("--yes")});
        QCOMPARE(diff.exitCode, 0);
        QVERIFY2(diff.out.contains(QLatin1String("# staging/web\n")), qPrintable(diff.out));
    }

    // Like `kubectl get -w`: a line per application at first, then one each time what a user
    // sees of it changes — here another process syncs db, and its line turns Synced as soon
    // as the watches see it.
    void statusWatchPrintsEachChange() {
        DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        GitFixture repo;
        writeApplications(repo, cluster.kubeconfigPath());
        repo.commitAll(QStringLiteral("two applications"), 1'700'000'000);
        QCOMPARE(runSyncline(repo, {QStringLiteral("clusters"), QStringLiteral("trust"), QStringLiteral("staging")}).exitCode, 0);

        QProcess watch;
        watch.start(QStringLiteral(SYNCLINE_BINARY),
                    {QStringLiteral("status"), QStringLiteral("staging"), QStringLiteral("--watch"), QStringLiteral("--json"),
                     QStringLiteral("--repo"), repo.path()});
        QVERIFY(watch.waitForStarted());
        QMap<QString, QString> syncOf;
        int lines = 0;
        auto readUntil = [&](const std::function<bool()>& done, int timeoutMs = 60'000) {
            QDeadlineTimer deadline(timeoutMs);
            while (!done() && !deadline.hasExpired()) {
                if (!watch.canReadLine() && !watch.waitForReadyRead(int(deadline.remainingTime())))
                    break;
                while (watch.canReadLine()) {
                    const QJsonObject line = QJsonDocument::fromJson(watch.readLine()).object();
                    syncOf[line.value(QStringLiteral("application")).toString()] = line.value(QStringLiteral("sync")).toString();
                    ++lines;
                }
            }
            return done();
        };
        QVERIFY2(readUntil([&] { return syncOf.size() == 2; }), qPrintable(QString::fromUtf8(watch.readAllStandardError())));
        QCOMPARE(syncOf.value(QStringLiteral("db")), QStringLiteral("OutOfSync"));
        const int before = lines;

        const CliRun sync = runSyncline(repo, {QStringLiteral("sync"), QStringLiteral("staging"), QStringLiteral("--app"),
                                               QStringLiteral("db"), QStringLiteral("--yes")});
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.out + sync.err));
        // Well before the 30 s periodic read: the watch on db's objects and inventory saw it.
        QVERIFY(readUntil([&] { return syncOf.value(QStringLiteral("db")) == QLatin1String("Synced"); }, 10'000));
        // Only what changed was printed again: db's line, not web's (still OutOfSync as before).
        QCOMPARE(lines, before + 1);
        watch.kill();
        watch.waitForFinished();
    }

    // One row per application, one column per environment in promotion order: what runs
    // where, and where it differs from the environment on its left.
    void matrixShowsApplicationsAcrossEnvironments() {
        DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        GitFixture repo;
        writeApplications(repo, cluster.kubeconfigPath());
        repo.writeFile(QStringLiteral("web/staging/deploy.yaml"),
                       "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\nspec:\n"
                       "  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n"
                       "    spec:\n      containers:\n        - name: web\n          image: registry.example/web:1.2.0\n");
        const QString commit = repo.commitAll(QStringLiteral("two applications"), 1'700'000'000).trimmed();
        const CliRun sync = runSyncline(repo, {QStringLiteral("sync"), QStringLiteral("staging"), QStringLiteral("--yes")});
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.out + sync.err));

        const CliRun run = runSyncline(repo, {QStringLiteral("matrix"), QStringLiteral("--json"), QStringLiteral("--yes")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QList<QJsonObject> rows = jsonLines(run.out);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[0].value(QStringLiteral("application")).toString(), QStringLiteral("web"));
        const QJsonArray web = rows[0].value(QStringLiteral("cells")).toArray();
        QCOMPARE(web.size(), 2);
        const QJsonObject staging = web[0].toObject(), prod = web[1].toObject();
        QCOMPARE(staging.value(QStringLiteral("environment")).toString(), QStringLiteral("staging"));
        QCOMPARE(staging.value(QStringLiteral("deployed")).toString(), commit);
        QCOMPARE(staging.value(QStringLiteral("images")).toArray().first().toString(),
                 QStringLiteral("registry.example/web:1.2.0"));
        QCOMPARE(staging.value(QStringLiteral("differsFromLeft")).toBool(), false);
        QCOMPARE(prod.value(QStringLiteral("deployed")).toString(), QString());
        // prod names no cluster here: its cell says why it is unknown, and differs from staging.
        QCOMPARE(prod.value(QStringLiteral("sync")).toString(), QStringLiteral("Unknown"));
        QVERIFY(!prod.value(QStringLiteral("error")).toString().isEmpty());
        QCOMPARE(prod.value(QStringLiteral("differsFromLeft")).toBool(), true);
        QCOMPARE(rows[1].value(QStringLiteral("cells")).toArray().size(), 1); // db runs in staging only

        const CliRun text = runSyncline(repo, {QStringLiteral("matrix"), QStringLiteral("--yes")});
        QVERIFY2(text.out.contains(QLatin1String(" registry.example/web:1.2.0")) && text.out.contains(QLatin1String("* unknown")),
                 qPrintable(text.out));
        QVERIFY2(text.out.contains(QRegularExpression(QStringLiteral("\ndb +Synced .* +- *\n"))), qPrintable(text.out));
    }

    void upgradingFromVersion1KeepsWhatWasDeployed() {
        DevCluster cluster;
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        GitFixture repo;
        writeApplications(repo, cluster.kubeconfigPath());
        repo.writeFile(QStringLiteral("syncline.yaml"), "version: 1\nenvironments:\n  - name: staging\n    path: web/staging\n"
                                                        "    cluster:\n      kubeconfig: " +
                                                            cluster.kubeconfigPath().toUtf8() + "\n");
        const QString deployed = repo.commitAll(QStringLiteral("one environment"), 1'700'000'000).trimmed();
        const CliRun sync = runSyncline(repo, {QStringLiteral("sync"), QStringLiteral("staging"), QStringLiteral("--yes")});
        QVERIFY2(sync.exitCode == 0, qPrintable(sync.out + sync.err));

        writeApplications(repo, cluster.kubeconfigPath());
        repo.commitAll(QStringLiteral("applications × environments"), 1'700'000'100);
        const QList<QJsonObject> status = jsonLines(runSyncline(repo, {QStringLiteral("status"), QStringLiteral("staging"),
                                                                       QStringLiteral("--json"), QStringLiteral("--yes")})
                                                        .out);
        QCOMPARE(status.size(), 2);
        // web, the first application of staging, runs what version 1 deployed, and owns it.
        const QJsonObject web = status[0];
        QCOMPARE(web.value(QStringLiteral("application")).toString(), QStringLiteral("web"));
        QVERIFY2(web.value(QStringLiteral("deployed")).toObject().value(QStringLiteral("commit")).toString() == deployed,
                 qPrintable(QString::fromUtf8(QJsonDocument(web).toJson())));
        QCOMPARE(web.value(QStringLiteral("sync")).toString(), QStringLiteral("Synced"));
        QVERIFY(status[1].value(QStringLiteral("deployed")).toObject().value(QStringLiteral("commit")).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAppsCli)
#include "tst_apps_cli.moc"
