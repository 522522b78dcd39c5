// Every test runs in a scratch HOME with its own D-Bus session, however ctest is started
// (tst_windowgitaccess once wrote keys into the real ~/.ssh under plain ctest).
#include <QDir>
#include <QFileInfo>
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
};

QTEST_GUILESS_MAIN(TestIsolation)
#include "tst_isolation.moc"
