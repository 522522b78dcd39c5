// The git:// test server (tests/support/GitDaemon) holds its port from the moment the
// kernel picks it: the listening socket is this process's own, not a child's that was
// handed a port chosen earlier (which another process could take in between). It serves
// a clone and says when no connection is being served any more.
#include "support/GitDaemon.h"
#include "support/GitFixture.h"
#include "support/ListeningSocket.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using syncline::test::GitDaemon;
using syncline::test::GitFixture;
using syncline::test::listeningInode;
using syncline::test::openInThisProcess;

class TestGitDaemon : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listensOnASocketOfItsOwn() {
        QTemporaryDir served;
        GitDaemon daemon(served.path());
        QString error;
        QVERIFY2(daemon.start(&error), qPrintable(error));
        QVERIFY(daemon.port() != 0);
        const QString inode = listeningInode(daemon.port());
        QVERIFY2(!inode.isEmpty(), "nothing listens on the daemon's port");
        QVERIFY2(openInThisProcess(inode), "the port is held by another process, not bound by the test itself");
    }

    void servesACloneAndThenNoConnection() {
        QTemporaryDir served;
        GitFixture source;
        source.writeFile(QStringLiteral("README"), "served over git://\n");
        source.commitAll(QStringLiteral("first"), 1'700'000'000);
        source.git(
            {QStringLiteral("clone"), QStringLiteral("--bare"), source.path(), served.filePath(QStringLiteral("origin.git"))});
        GitDaemon daemon(served.path());
        QString error;
        QVERIFY2(daemon.start(&error), qPrintable(error));
        QTemporaryDir target;
        const QString clone = target.filePath(QStringLiteral("clone"));
        source.git({QStringLiteral("clone"), daemon.url(QStringLiteral("origin.git")), clone});
        QFile readme(clone + QStringLiteral("/README"));
        QVERIFY2(readme.open(QIODevice::ReadOnly), qPrintable(clone));
        QCOMPARE(readme.readAll(), QByteArray("served over git://\n"));
        QTRY_VERIFY(!daemon.servingConnection());
    }
};

QTEST_GUILESS_MAIN(TestGitDaemon)
#include "tst_gitdaemon.moc"
