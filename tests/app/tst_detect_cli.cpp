// `syncline detect`, run as a user would: the real binary on a scratch repository holding
// the Flux monorepo fixture (tests/data/detect/flux-monorepo), read from Git.
#include "support/CliRun.h"
#include "support/GitFixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::GitFixture;

namespace {

syncline::test::CliRun runSyncline(const QStringList& args) {
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = GitFixture::gitEnvironment()});
}

void commitFixture(GitFixture& repo, const QString& name) {
    repo.writeFolder(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/detect/") + name);
    repo.commitAll(QStringLiteral("fixture ") + name, 1700000000);
}

QJsonObject applicationAt(const QJsonArray& applications, const QString& application, const QString& environment) {
    for (const QJsonValue& value : applications)
        if (value[QStringLiteral("application")] == application && value[QStringLiteral("environment")] == environment)
            return value.toObject();
    return {};
}

} // namespace

class TestDetectCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectJsonListsApplicationsAndWhatWasNotUnderstood() {
        GitFixture repo;
        commitFixture(repo, QStringLiteral("flux-monorepo"));
        const auto run = runSyncline({QStringLiteral("detect"), QStringLiteral("--repo"), repo.path(), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(run.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + run.out));
        QCOMPARE(document[QStringLiteral("branch")].toString(), QStringLiteral("main"));
        const QJsonArray applications = document[QStringLiteral("applications")].toArray();
        QCOMPARE(applications.size(), 8); // podinfo's chart from a Helm repository included

        const QJsonObject apps = applicationAt(applications, QStringLiteral("apps"), QStringLiteral("production"));
        QCOMPARE(apps[QStringLiteral("path")].toString(), QStringLiteral("apps/production"));
        QCOMPARE(apps[QStringLiteral("renderer")].toString(), QStringLiteral("kustomize"));
        QCOMPARE(apps[QStringLiteral("mode")].toString(), QStringLiteral("flux"));
        QCOMPARE(apps[QStringLiteral("agent")].toString(), QStringLiteral("apps"));
        QCOMPARE(apps[QStringLiteral("dependsOn")].toArray(), QJsonArray{QStringLiteral("infra-configs")});
        QCOMPARE(apps[QStringLiteral("substitutions")][QStringLiteral("cluster_domain")].toString(),
                 QStringLiteral("production.internal"));
        QVERIFY(apps[QStringLiteral("why")].toString().startsWith(
            QStringLiteral("Flux Kustomization apps in clusters/production/apps.yaml")));

        const QJsonObject chart = applicationAt(applications, QStringLiteral("internal-api"), QStringLiteral("default"));
        QCOMPARE(chart[QStringLiteral("renderer")].toString(), QStringLiteral("helm"));
        QCOMPARE(chart[QStringLiteral("helm")][QStringLiteral("releaseName")].toString(),
                 QStringLiteral("internal-internal-api"));

        // A chart from a Helm repository: an application, rendered once the user allows the host.
        const QJsonObject remote = applicationAt(applications, QStringLiteral("podinfo"), QStringLiteral("default"));
        QCOMPARE(remote[QStringLiteral("renderer")].toString(), QStringLiteral("helm"));
        QCOMPARE(remote[QStringLiteral("helm")][QStringLiteral("chartRepository")][QStringLiteral("url")].toString(),
                 QStringLiteral("https://stefanprodan.github.io/podinfo"));
        QCOMPARE(remote[QStringLiteral("helm")][QStringLiteral("chartRepository")][QStringLiteral("chart")].toString(),
                 QStringLiteral("podinfo"));
    }

    void detectTableSaysWhy() {
        GitFixture repo;
        commitFixture(repo, QStringLiteral("argocd-app-of-apps"));
        const auto run = runSyncline({QStringLiteral("detect"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        const QStringList lines = run.out.split(QLatin1Char('\n'));
        QVERIFY2(lines.value(1).startsWith(QStringLiteral("APPLICATION")), qPrintable(run.out));
        QVERIFY2(!lines
                      .filter(QRegularExpression(QStringLiteral("^helm-guestbook +default +helm-guestbook +helm +argocd +Argo CD "
                                                                "Application of the app-of-apps chart apps")))
                      .isEmpty(),
                 qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("not understood (")));
        QVERIFY(run.out.contains(
            QStringLiteral("  argocd/external.yaml: Argo CD Application sock-shop: source is another repository")));
        // Not a repository: a clear error, exit 1.
        QTemporaryDir empty;
        const auto failed = runSyncline({QStringLiteral("detect"), QStringLiteral("--repo"), empty.path()});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(failed.err.startsWith(QStringLiteral("syncline detect: ")));
    }
};

QTEST_GUILESS_MAIN(TestDetectCli)
#include "tst_detect_cli.moc"
