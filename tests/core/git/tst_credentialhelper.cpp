// GitCredentialHelperProvider runs the user's own credential helper through
// `git credential fill/approve/reject`, checked with git's "store" helper and a local
// git-http-backend that requires Basic auth.

#include "git/ChainCredentialProvider.h"
#include "git/GitCredentialHelperProvider.h"
#include "git/Remote.h"
#include "git/Repository.h"
#include "support/GitFixture.h"
#include "support/HttpGitServer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCredentialHelper : public QObject {
    Q_OBJECT

    QTemporaryDir m_root;
    QString m_origin;

private Q_SLOTS:
    void initTestCase() {
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        qputenv("GIT_CONFIG_GLOBAL", "/dev/null");
        GitFixture upstream;
        upstream.writeFile(QStringLiteral("README"), "x\n");
        upstream.commitAll(QStringLiteral("initial"), 1700000000);
        m_origin = m_root.filePath(QStringLiteral("origin.git"));
        upstream.git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), upstream.path(), m_origin});
    }
    void fillFromHelperAndApprove();
    void refusedPasswordIsRejected();
    void withoutHelperNothingToOffer();
};

void TestCredentialHelper::fillFromHelperAndApprove() {
    const QString token = QStringLiteral("helper-token-39af");
    test::HttpGitServer server(m_root.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    GitFixture clone;
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("credentials"));
    QFile file(store);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("http://ada:%1@127.0.0.1:%2\n").arg(token).arg(server.port()).toUtf8());
    file.close();
    clone.git({QStringLiteral("config"), QStringLiteral("credential.helper"), QStringLiteral("store --file=") + store});
    clone.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), server.url(QStringLiteral("origin.git"))});

    GitCredentialHelperProvider helper(clone.path());
    ChainCredentialProvider chain({&helper});
    const auto repository = test::openRepository(clone.path());
    const auto fetched = Remote::fetch(*repository, QStringLiteral("origin"), FetchOptions{.credentials = &chain});
    QVERIFY2(fetched, qPrintable(fetched ? QString() : fetched.error().toString()));
    QCOMPARE(clone.git({QStringLiteral("rev-parse"), QStringLiteral("origin/main")}).trimmed(),
             GitFixture(m_origin).git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed());
    // approve kept the entry (store rewrites the file with it).
    QVERIFY(readAll(store).contains(token.toUtf8()));
}

void TestCredentialHelper::refusedPasswordIsRejected() {
    test::HttpGitServer server(m_root.path(), QStringLiteral("ada"), QStringLiteral("the-right-token"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    GitFixture clone;
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("credentials"));
    QFile file(store);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const QString wrong = QStringLiteral("stale-token-77c1");
    file.write(QStringLiteral("http://ada:%1@127.0.0.1:%2\n").arg(wrong).arg(server.port()).toUtf8());
    file.close();
    clone.git({QStringLiteral("config"), QStringLiteral("credential.helper"), QStringLiteral("store --file=") + store});
    clone.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), server.url(QStringLiteral("origin.git"))});

    GitCredentialHelperProvider helper(clone.path());
    const auto repository = test::openRepository(clone.path());
    const auto fetched = Remote::fetch(*repository, QStringLiteral("origin"), FetchOptions{.credentials = &helper});
    QVERIFY(!fetched);
    QCOMPARE(fetched.error().code, util::ErrorCode::Auth);
    QVERIFY2(!fetched.error().toString().contains(wrong), qPrintable(fetched.error().toString()));
    // The helper was told to forget the refused password, as git does.
    QVERIFY2(!readAll(store).contains(wrong.toUtf8()), readAll(store).constData());
}

void TestCredentialHelper::withoutHelperNothingToOffer() {
    GitFixture clone;
    GitCredentialHelperProvider helper(clone.path());
    const CredentialRequest request{QStringLiteral("https://git.example.com/repo.git"), {}, CredentialKind::UserPassword};
    QVERIFY(!helper.credential(request, 1)); // no helper, and git must not prompt on a terminal
    QVERIFY(!helper.exhaustedHint(request).isEmpty());
    // ssh requests are not the helper's business; plain http to other hosts neither.
    QVERIFY(!helper.credential({QStringLiteral("ssh://git@example.com/r.git"), {}, CredentialKind::SshKey}, 1));
    QVERIFY(!helper.credential({QStringLiteral("http://git.example.com/r.git"), {}, CredentialKind::UserPassword}, 1));
}

QTEST_GUILESS_MAIN(TestCredentialHelper)
#include "tst_credentialhelper.moc"
