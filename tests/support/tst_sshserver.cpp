// The ssh:// test server (tests/support/SshServer) holds its port from the moment the
// kernel picks it: the listening socket is this process's own, not an sshd's that was
// handed a port chosen earlier (which another process could take in between). Each
// connection gets its own sshd, which accepts an authorized key and refuses any other.
#include "support/ListeningSocket.h"
#include "support/ServerProcess.h"
#include "support/SshServer.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::SshServer;

using syncline::test::listeningInode;
using syncline::test::openInThisProcess;

class TestSshServer : public QObject {
    Q_OBJECT

private:
    // Runs `echo served` over ssh with `key`, checking the server's host key; its output.
    QString login(const SshServer& server, const QString& key, const QString& knownHosts, int* exitCode) {
        QString output;
        *exitCode = syncline::test::runProgram(
            QStringLiteral("ssh"),
            {QStringLiteral("-F"), QStringLiteral("/dev/null"), QStringLiteral("-i"), key, QStringLiteral("-o"),
             QStringLiteral("IdentitiesOnly=yes"), QStringLiteral("-o"), QStringLiteral("BatchMode=yes"), QStringLiteral("-o"),
             QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"),
             QStringLiteral("UserKnownHostsFile=") + knownHosts, QStringLiteral("-o"), QStringLiteral("LogLevel=ERROR"),
             QStringLiteral("-p"), QString::number(server.port()), SshServer::currentUser() + QStringLiteral("@127.0.0.1"),
             QStringLiteral("echo served")},
            &output);
        return output;
    }

private Q_SLOTS:
    void init() {
        if (!SshServer::isAvailable())
            QSKIP("/usr/sbin/sshd is not installed (Debian package openssh-server)");
    }

    void listensOnASocketOfItsOwn() {
        SshServer server;
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.port() != 0);
        const QString inode = listeningInode(server.port());
        QVERIFY2(!inode.isEmpty(), "nothing listens on the server's port");
        QVERIFY2(openInThisProcess(inode), "the port is held by another process, not bound by the test itself");
    }

    void servesEachConnectionAnAuthorizedKeyOnly() {
        if (QStandardPaths::findExecutable(QStringLiteral("ssh")).isEmpty())
            QSKIP("ssh is not installed (Debian package openssh-client)");
        QTemporaryDir keys;
        const QString authorized = keys.filePath(QStringLiteral("authorized"));
        const QString stranger = keys.filePath(QStringLiteral("stranger"));
        QString error;
        QVERIFY2(SshServer::createKey(authorized, QStringLiteral("ed25519"), {}, &error), qPrintable(error));
        QVERIFY2(SshServer::createKey(stranger, QStringLiteral("ed25519"), {}, &error), qPrintable(error));
        SshServer server;
        QVERIFY2(server.start(&error), qPrintable(error));
        QVERIFY(server.authorize(authorized + QStringLiteral(".pub")));
        const QString knownHosts = keys.filePath(QStringLiteral("known_hosts"));
        QFile hosts(knownHosts);
        QVERIFY(hosts.open(QIODevice::WriteOnly));
        hosts.write(server.knownHostsLine().toUtf8() + '\n');
        hosts.close();

        int exitCode = -1;
        for (int connection = 0; connection < 2; ++connection) { // one sshd each
            const QString output = login(server, authorized, knownHosts, &exitCode);
            QCOMPARE(exitCode, 0);
            QCOMPARE(output, QStringLiteral("served\n"));
        }
        const QString refused = login(server, stranger, knownHosts, &exitCode);
        QCOMPARE(exitCode, 255); // ssh's own failure, not the command's
        QVERIFY2(refused.contains(QLatin1String("Permission denied")), qPrintable(refused));
    }
};

QTEST_GUILESS_MAIN(TestSshServer)
#include "tst_sshserver.moc"
