// `syncline promote|revert|rollback`, run as a user would: the real binary, checked with
// the real git CLI.
#include "core/actions/ActionsFixture.h"
#include "support/CliRun.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::GitFixture;

namespace {

using Run = syncline::test::CliRun;

Run runSyncline(const QStringList& args, const QByteArray& input = {},
                const QProcessEnvironment& environment = GitFixture::gitEnvironment()) {
    return syncline::test::runCli(QStringLiteral(SYNCLINE_BINARY), args, {.environment = environment, .input = input});
}

QString state(const GitFixture& repo) {
    return repo.git({QStringLiteral("for-each-ref"), QStringLiteral("--format=%(refname) %(objectname)")}) +
           repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
}

} // namespace

class TestActionsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dryRunChangesNothing() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString before = state(repo);
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--dry-run"),
                               QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QLatin1String("promote(staging): from dev@")), qPrintable(run.out));
        QVERIFY(run.out.contains(QLatin1String("+  newTag: \"1.1.0\"")));
        QVERIFY(run.out.contains(QLatin1String("staging: 3 modified")));
        QVERIFY(run.out.contains(QLatin1String("dry run: nothing was changed")));
        QCOMPARE(state(repo), before);
    }

    void promptDeclinedByEndOfInput() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString before = state(repo);
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(state(repo), before);
        run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--repo"), repo.path()}, "y\n");
        QCOMPARE(run.exitCode, 0);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s")}).startsWith(QLatin1String("promote(staging)")));
    }

    void yesCommitsEachAction() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        const QString first = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed();
        const QString devBump = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--yes"),
                               QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("committed ")));
        run = runSyncline({QStringLiteral("revert"), devBump, QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")}).contains(QLatin1String("Syncline-Action: revert")));
        run = runSyncline({QStringLiteral("rollback"), QStringLiteral("staging"), first, QStringLiteral("--yes"), QStringLiteral("--sync"),
                           QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains(QLatin1String("sync: not available yet")));
        QVERIFY(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%B")}).contains(QStringLiteral("Syncline-Rollback-To: ") + first));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
    }

    void conflictExitsWithThree() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        repo.writeFile(QStringLiteral("base/api.yaml"), syncline::test::deploymentText("api", "x:bad"));
        const QString bad = repo.commitAll(QStringLiteral("bad"), 1700000200).trimmed();
        repo.writeFile(QStringLiteral("base/api.yaml"), syncline::test::deploymentText("api", "x:worse"));
        repo.commitAll(QStringLiteral("worse"), 1700000300);
        const QString before = state(repo);
        Run run = runSyncline({QStringLiteral("revert"), bad, QStringLiteral("--yes"), QStringLiteral("--repo"), repo.path()});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(QLatin1String("base/api.yaml")), qPrintable(run.err));
        QCOMPARE(state(repo), before);
    }

    void missingIdentityIsAFailure() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        repo.git({QStringLiteral("config"), QStringLiteral("--unset"), QStringLiteral("user.name")});
        repo.git({QStringLiteral("config"), QStringLiteral("--unset"), QStringLiteral("user.email")});
        const QString before = state(repo);
        QTemporaryDir home; // no ~/.gitconfig naming anyone either
        QProcessEnvironment env = GitFixture::gitEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
        for (const char* name : {"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"})
            env.remove(QString::fromLatin1(name));
        Run run = runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("--yes"),
                               QStringLiteral("--repo"), repo.path()},
                              {}, env);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains(QLatin1String("set user.name and user.email")), qPrintable(run.err));
        QCOMPARE(state(repo), before);
    }

    void usageErrorsExitWithTwo() {
        GitFixture repo;
        syncline::test::buildGitOpsRepository(repo);
        QCOMPARE(runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("--repo"), repo.path()}).exitCode, 2);
        QCOMPARE(runSyncline({QStringLiteral("promote"), QStringLiteral("dev"), QStringLiteral("nope"), QStringLiteral("--repo"), repo.path()}).exitCode, 2);
        Run help = runSyncline({QStringLiteral("revert"), QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains(QLatin1String("4 push rejected")));
    }
};

QTEST_GUILESS_MAIN(TestActionsCli)
#include "tst_actions_cli.moc"
