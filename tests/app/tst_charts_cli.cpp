// `syncline charts` as a user runs it: the allow-list of chart repositories is listed,
// added to (refusing a URL with a password, without printing it) and taken back; a render
// needing a host not allowed says how to allow it, and the host then shows as asked for.

#include "support/CliRun.h"
#include "support/GitFixture.h"
#include "support/RemoteChartWorkspace.h"
#include "support/TestTools.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

class TestChartsCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_config;

    test::CliRun runSyncline(const QStringList& args) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_config.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_config.filePath(QStringLiteral("cache")));
        // helm as users have it on PATH: the render reaches the chart step only with one.
        const test::TestTool helm = test::testTool(QStringLiteral("helm"));
        if (helm.found())
            environment.insert(QStringLiteral("PATH"),
                               QFileInfo(helm.path).path() + QLatin1Char(':') + environment.value(QStringLiteral("PATH")));
        return test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = environment});
    }

private Q_SLOTS:
    void chartRepositoriesAreAllowedListedAndForgotten() {
        auto run = runSyncline({QStringLiteral("charts")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.out, QStringLiteral("no chart repository is allowed: Syncline reaches none\n"));

        run = runSyncline(
            {QStringLiteral("charts"), QStringLiteral("allow"), QStringLiteral("https://ada:hunter2@charts.example.com")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QStringLiteral("holds a user name or password: refused")), qPrintable(run.err));
        QVERIFY(!run.err.contains(QStringLiteral("hunter2")));

        run = runSyncline(
            {QStringLiteral("charts"), QStringLiteral("allow"), QStringLiteral("OCI://Registry.Example.com/charts/")});
        QCOMPARE(run.exitCode, 0);
        run = runSyncline({QStringLiteral("charts"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("\"url\": \"oci://registry.example.com/charts\"")), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("\"allowed\": true")), qPrintable(run.out));

        run = runSyncline(
            {QStringLiteral("charts"), QStringLiteral("forget"), QStringLiteral("oci://registry.example.com/charts")});
        QCOMPARE(run.exitCode, 0);
        run = runSyncline({QStringLiteral("charts")});
        QCOMPARE(run.out, QStringLiteral("no chart repository is allowed: Syncline reaches none\n"));
    }

    void aRenderNeedingAHostNotAllowedSaysHowToAllowIt() {
        const test::TestTool helm = test::testTool(QStringLiteral("helm"));
        if (!helm.found())
            QSKIP(qPrintable(helm.whyMissing));
        const QString url = QStringLiteral("http://127.0.0.1:1/charts");
        test::GitFixture repo;
        test::commitRemoteChartWorkspace(repo, url);
        auto run = runSyncline(
            {QStringLiteral("render"), QStringLiteral("--env"), QStringLiteral("hello"), QStringLiteral("--repo"), repo.path()});
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains(QStringLiteral("chart hello from %1 — not allowed yet").arg(url)), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("syncline charts allow %1").arg(url)), qPrintable(run.err));
        run = runSyncline({QStringLiteral("charts")});
        QVERIFY2(run.out.startsWith(QStringLiteral("not allowed  %1").arg(url)), qPrintable(run.out));
    }
};

QTEST_GUILESS_MAIN(TestChartsCli)
#include "tst_charts_cli.moc"
