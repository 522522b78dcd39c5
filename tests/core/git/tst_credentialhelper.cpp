// GitCredentialHelperProvider runs the user's own credential helper through
// `git credential fill/approve/reject`, checked with git's "store" helper, a recording
// helper script and a local git-http-backend that requires Basic auth. git itself is the
// oracle for what a helper is told, and for refusing a URL with a line break in it.

#include "git/ChainCredentialProvider.h"
#include "git/GitCredentialHelperProvider.h"
#include "git/Pusher.h"
#include "git/Remote.h"
#include "git/Repository.h"
#include "support/GitFixture.h"
#include "support/HttpGitServer.h"

#include <QFile>
#include <QProcess>
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

// A credential helper that appends what git tells it to `log` ("op=get", the lines, "--")
// and answers every "get" with ada / `password` — whatever host it is asked about.
QString writeRecordingHelper(const QTemporaryDir& dir, const QString& log, const QString& password) {
    const QString path = dir.filePath(QStringLiteral("recording-helper"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QStringLiteral("#!/bin/sh\n"
                              "{ echo \"op=$1\"; cat; echo --; } >> '%1'\n"
                              "if [ \"$1\" = get ]; then echo username=ada; echo 'password=%2'; fi\n")
                   .arg(log, password)
                   .toUtf8());
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

// `git credential <action>` in `dir` with `input`; returns the exit code (-1: did not run).
int gitCredential(const QString& dir, const QString& action, const QByteArray& input, QString* errorOutput = nullptr) {
    QProcess git;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    git.setProcessEnvironment(env);
    git.setWorkingDirectory(dir);
    git.start(QStringLiteral("git"), {QStringLiteral("credential"), action});
    git.write(input);
    git.closeWriteChannel();
    if (!git.waitForFinished(60000) || git.exitStatus() != QProcess::NormalExit)
        return -1;
    if (errorOutput)
        *errorOutput = QString::fromUtf8(git.readAllStandardError());
    return git.exitCode();
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
    void helperIsToldWhatGitTellsIt();
    void hostileRemotePathNeverReachesHelper();
    void lineBreaksAreRefusedWithoutRunningGit();
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
    clone.git(
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), server.url(QStringLiteral("origin.git"))});

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
    clone.git(
        {QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), server.url(QStringLiteral("origin.git"))});

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

// What the helper hears from us is what it hears when git itself is given the remote's URL:
// protocol, host with port, the URL's user name, and no path unless credential.useHttpPath.
void TestCredentialHelper::helperIsToldWhatGitTellsIt() {
    const QString token = QStringLiteral("helper-token-5b20");
    test::HttpGitServer server(m_root.path(), QStringLiteral("ada"), token);
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("helper.log"));
    GitFixture clone;
    clone.git({QStringLiteral("config"), QStringLiteral("credential.helper"), writeRecordingHelper(dir, log, token)});
    const QString url = QStringLiteral("http://ada@127.0.0.1:%1/origin.git").arg(server.port());
    clone.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), url});
    const auto repository = test::openRepository(clone.path());

    const auto firstGet = [&] { // what the helper read for the first "get"
        const QByteArray all = readAll(log);
        return all.left(all.indexOf("--"));
    };
    for (const bool useHttpPath : {false, true}) {
        clone.git({QStringLiteral("config"), QStringLiteral("credential.useHttpPath"),
                   useHttpPath ? QStringLiteral("true") : QStringLiteral("false")});
        QFile::remove(log);
        QCOMPARE(gitCredential(clone.path(), QStringLiteral("fill"), QByteArray("url=" + url.toUtf8() + "\n\n")), 0);
        const QByteArray gitSays = firstGet();
        QFile::remove(log);
        GitCredentialHelperProvider helper(clone.path());
        const auto fetched = Remote::fetch(*repository, QStringLiteral("origin"), FetchOptions{.credentials = &helper});
        QVERIFY2(fetched, qPrintable(fetched ? QString() : fetched.error().toString()));
        const QByteArray weSay = firstGet();
        QCOMPARE(weSay, gitSays);
        QVERIFY2(weSay.contains(QByteArray("protocol=http\nhost=127.0.0.1:" + QByteArray::number(server.port()) + "\n")),
                 weSay.constData());
        QVERIFY2(weSay.contains("username=ada\n"), weSay.constData());
        QCOMPARE(weSay.contains("path=origin.git\n"), useHttpPath);
    }
}

// A remote path with "%0Ahost=github.com" would add a second host line to what git
// credential reads, and the helper would hand out github.com's password to our server.
// Nothing reaches the helper; fetch and push fail naming the remote; git refuses it too.
void TestCredentialHelper::hostileRemotePathNeverReachesHelper() {
    test::HttpGitServer server(m_root.path(), QStringLiteral("ada"), QStringLiteral("github-password"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("helper.log"));
    GitFixture clone;
    clone.writeFile(QStringLiteral("README"), "mine\n");
    clone.commitAll(QStringLiteral("local"), 1700000100);
    clone.git({QStringLiteral("config"), QStringLiteral("credential.helper"),
               writeRecordingHelper(dir, log, QStringLiteral("github-password"))});
    const QString hostile = server.url(QStringLiteral("origin.git%0Ahost=github.com"));
    clone.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"), hostile});
    const auto repository = test::openRepository(clone.path());
    GitCredentialHelperProvider helper(clone.path());

    const auto fetched = Remote::fetch(*repository, QStringLiteral("origin"), FetchOptions{.credentials = &helper});
    QVERIFY(!fetched);
    const QString fetchError = fetched.error().toString();
    QCOMPARE(fetched.error().code, util::ErrorCode::InvalidArgument);
    QVERIFY2(fetchError.startsWith(QStringLiteral("origin (") + hostile + QLatin1Char(')')), qPrintable(fetchError));
    QVERIFY2(fetchError.contains(QLatin1String("line break")) && fetchError.contains(QLatin1String("path component")),
             qPrintable(fetchError));

    PushRequest push;
    push.branch = QStringLiteral("main");
    push.credentials = &helper;
    const auto pushed = Pusher::push(*repository, push);
    QVERIFY(!pushed);
    QCOMPARE(pushed.error().code, util::ErrorCode::InvalidArgument);
    QVERIFY2(pushed.error().toString().contains(QLatin1String("line break")), qPrintable(pushed.error().toString()));

    QVERIFY2(!readAll(log).contains("host=github.com"), readAll(log).constData());
    QVERIFY2(!QFile::exists(log), readAll(log).constData()); // the helper never ran
    QCOMPARE(server.authorizedRequests(), 0);
    QVERIFY(!server.receivedAuthorization(QStringLiteral("github-password")));

    // The oracle: git itself refuses the URL and runs no helper either.
    QString gitError;
    QVERIFY(gitCredential(clone.path(), QStringLiteral("fill"), QByteArray("url=" + hostile.toUtf8() + "\n\n"), &gitError) != 0);
    QVERIFY2(gitError.contains(QLatin1String("newline")), qPrintable(gitError));
    QVERIFY(!QFile::exists(log));
}

// CR and NUL as well as LF, in any part of the URL; the provider refuses on its own too.
void TestCredentialHelper::lineBreaksAreRefusedWithoutRunningGit() {
    QTemporaryDir dir;
    const QString log = dir.filePath(QStringLiteral("helper.log"));
    GitFixture clone;
    clone.git({QStringLiteral("config"), QStringLiteral("credential.helper"),
               writeRecordingHelper(dir, log, QStringLiteral("github-password"))});
    const QStringList hostile{QStringLiteral("https://git.example.com/r.git%0D%0Ahost=github.com"),
                              QStringLiteral("https://git.example.com/r.git%00host=github.com"),
                              QStringLiteral("https://ada%0Ahost=github.com@git.example.com/r.git"),
                              QStringLiteral("https://git.example.com%0Ahost=github.com/r.git")};
    for (const QString& url : hostile) {
        GitCredentialHelperProvider helper(clone.path());
        const CredentialRequest request{url, {}, CredentialKind::UserPassword};
        QVERIFY2(!helper.credential(request, 1), qPrintable(url));
        QVERIFY2(helper.exhaustedHint(request).contains(QLatin1String("line break")), qPrintable(helper.exhaustedHint(request)));
        helper.reportOutcome(request, UserPasswordCredential{QStringLiteral("ada"), QStringLiteral("p")}, false);
    }
    GitCredentialHelperProvider helper(clone.path());
    const CredentialRequest fine{QStringLiteral("https://git.example.com/r.git"), {}, CredentialKind::UserPassword};
    helper.reportOutcome(fine, UserPasswordCredential{QStringLiteral("ada\nhost=github.com"), QStringLiteral("p")}, true);
    QVERIFY2(!QFile::exists(log), readAll(log).constData());
    QVERIFY(helper.credential(fine, 1)); // the same helper answers a clean URL
    QVERIFY(readAll(log).contains("host=git.example.com\n"));
}

QTEST_GUILESS_MAIN(TestCredentialHelper)
#include "tst_credentialhelper.moc"
