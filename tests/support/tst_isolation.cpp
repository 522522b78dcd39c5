// Every test runs in a scratch HOME with its own D-Bus session, however ctest is started
// (tst_windowgitaccess once wrote keys into the real ~/.ssh under plain ctest).
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

class TestIsolation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void homeIsAScratchFolderNotTheUsersHome() {
        const QString home = qEnvironmentVariable("HOME");
        QVERIFY2(!home.isEmpty(), "HOME is not set");
        const passwd* account = getpwuid(getuid());
        QVERIFY(account != nullptr);
        const QString realHome = QFileInfo(QString::fromLocal8Bit(account->pw_dir)).canonicalFilePath();
        QVERIFY2(QFileInfo(home).canonicalFilePath() != realHome,
                 qPrintable(QStringLiteral("HOME is the user's own home %1").arg(realHome)));
        QVERIFY2(home.contains(QStringLiteral("syncline-test-home")), qPrintable(home));
    }

    void configAndRuntimeFoldersAreInsideTheScratchHome() {
        const QString scratch = QFileInfo(qEnvironmentVariable("HOME")).absolutePath();
        for (const char* name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            QVERIFY2(qEnvironmentVariable(name).startsWith(scratch), name);
    }

    void ownSessionBusAndNoAgent() {
        QVERIFY2(qEnvironmentVariableIsSet("DBUS_SESSION_BUS_ADDRESS"), "no private session bus");
        QVERIFY2(!qEnvironmentVariableIsSet("SSH_AUTH_SOCK"), "the user's ssh-agent is reachable");
    }

    // A test that writes under HOME, started by hand with the user's own HOME, refuses to
    // run before touching anything.
    void aTestStartedOutsideTheWrapperRefusesToRun() {
        const passwd* account = getpwuid(getuid());
        QVERIFY(account != nullptr);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("SYNCLINE_TEST_ISOLATED"));
        environment.insert(QStringLiteral("HOME"), QString::fromLocal8Bit(account->pw_dir));
        QProcess test;
        test.setProcessEnvironment(environment);
        test.start(QStringLiteral(GUARDED_TEST_BINARY), QStringList());
        QVERIFY(test.waitForFinished(60000));
        QCOMPARE(test.exitCode(), 2);
        QVERIFY2(test.readAllStandardError().contains("refusing to run outside a scratch HOME"), "no refusal message");
        QVERIFY(test.readAllStandardOutput().isEmpty()); // no test function ran
    }
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"
