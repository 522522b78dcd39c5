// Credential providers: what they offer for which request and attempt, and how key
// files made by ssh-keygen are recognised.

#include "git/ChainCredentialProvider.h"
#include "git/RemoteUrl.h"
#include "git/SshCredentialProvider.h"
#include "git/TokenCredentialProvider.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::git;

namespace {

bool createKey(const QString& path, const QString& type, const QStringList& extra = {}, const QString& passphrase = {}) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("ssh-keygen"),
                  QStringList{QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-a"), QStringLiteral("1"),
                              QStringLiteral("-N"), passphrase, QStringLiteral("-f"), path} +
                      extra);
    process.waitForFinished(-1);
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        qWarning().noquote() << "ssh-keygen failed:" << process.readAll();
        return false;
    }
    return true;
}

CredentialRequest sshRequest() {
    return {QStringLiteral("ssh://git@git.example.com/r.git"), QStringLiteral("git"),
            CredentialKind::SshKey | CredentialKind::SshAgent};
}

} // namespace

class TestCredentialProviders : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recognisesKeyFiles();
    void sshStepsThroughKeysThenStops();
    void sshExplainsRsaOnlySetups();
    void tokenOnlySentOverHttpsOrLoopback();
    void tokenOnlySentToItsHost();
    void chainStepsThroughProviders();
    void describesWithoutSecrets();
    void remoteUrlRedactsEveryUserInfo();
    void remoteUrlSplitsLikeGitAndRefusesLineBreaks();

private:
    QTemporaryDir m_dir;
    QString key(const QString& name) const { return m_dir.filePath(name); }
};

void TestCredentialProviders::initTestCase() {
    QVERIFY(createKey(key(QStringLiteral("ed")), QStringLiteral("ed25519")));
    QVERIFY(createKey(key(QStringLiteral("ed_locked")), QStringLiteral("ed25519"), {}, QStringLiteral("secret words")));
    QVERIFY(createKey(key(QStringLiteral("ecdsa")), QStringLiteral("ecdsa")));
    QVERIFY(createKey(key(QStringLiteral("rsa")), QStringLiteral("rsa"), {QStringLiteral("-b"), QStringLiteral("2048")}));
    QVERIFY(createKey(key(QStringLiteral("rsa_pem")), QStringLiteral("rsa"),
                      {QStringLiteral("-b"), QStringLiteral("2048"), QStringLiteral("-m"), QStringLiteral("PEM")}));
    qunsetenv("SSH_AUTH_SOCK");
}

void TestCredentialProviders::recognisesKeyFiles() {
    auto info = SshCredentialProvider::inspectKeyFile(key(QStringLiteral("ed")));
    QVERIFY(info.readable);
    QVERIFY(!info.encrypted);
    QCOMPARE(info.keyType, QStringLiteral("ssh-ed25519"));
    info = SshCredentialProvider::inspectKeyFile(key(QStringLiteral("ed_locked")));
    QVERIFY(info.encrypted);
    QCOMPARE(info.keyType, QStringLiteral("ssh-ed25519"));
    QCOMPARE(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("ecdsa"))).keyType, QStringLiteral("ecdsa-sha2-nistp256"));
    QVERIFY(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("rsa"))).isRsa());
    QVERIFY(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("rsa_pem"))).isRsa());
    QVERIFY(!SshCredentialProvider::inspectKeyFile(key(QStringLiteral("missing"))).readable);
}

void TestCredentialProviders::sshStepsThroughKeysThenStops() {
    SshCredentialProvider ssh({.useAgent = true,                                    // SSH_AUTH_SOCK is unset: no agent is offered
                               .keyFiles = {{key(QStringLiteral("ed_locked")), {}}, // encrypted, no passphrase: skipped
                                            {key(QStringLiteral("ed")), {}},
                                            {key(QStringLiteral("ecdsa")), {}}}});
    const auto first = ssh.credential(sshRequest(), 1);
    const auto second = ssh.credential(sshRequest(), 2);
    QVERIFY(first && second);
    QCOMPARE(std::get<SshKeyCredential>(*first).privateKeyPath, key(QStringLiteral("ed")));
    QCOMPARE(std::get<SshKeyCredential>(*first).username, QStringLiteral("git"));
    QCOMPARE(std::get<SshKeyCredential>(*second).privateKeyPath, key(QStringLiteral("ecdsa")));
    QVERIFY(!ssh.credential(sshRequest(), 3));
    QVERIFY(ssh.exhaustedHint(sshRequest()).contains(QLatin1String("without a passphrase")));
    QVERIFY(!ssh.credential({QStringLiteral("https://h/r.git"), {}, CredentialKind::UserPassword}, 1));
}

void TestCredentialProviders::sshExplainsRsaOnlySetups() {
    SshCredentialProvider rsaOnly({.useAgent = false, .keyFiles = {{key(QStringLiteral("rsa")), {}}}});
    QVERIFY(rsaOnly.credential(sshRequest(), 1)); // still offered: older servers accept it
    QVERIFY(rsaOnly.exhaustedHint(sshRequest()).contains(QLatin1String("libssh2 1.10")));
    SshCredentialProvider mixed(
        {.useAgent = false, .keyFiles = {{key(QStringLiteral("rsa")), {}}, {key(QStringLiteral("ed")), {}}}});
    QVERIFY(!mixed.exhaustedHint(sshRequest()).contains(QLatin1String("libssh2")));
}

void TestCredentialProviders::tokenOnlySentOverHttpsOrLoopback() {
    TokenCredentialProvider token(
        QStringLiteral("ada"), QStringLiteral("tok"),
        {QStringLiteral("git.example.com"), QStringLiteral("127.0.0.1:8080"), QStringLiteral("127.evil.example")});
    const CredentialKinds userPassword = CredentialKind::UserPassword;
    QVERIFY(token.credential({QStringLiteral("https://git.example.com/r.git"), {}, userPassword}, 1));
    QVERIFY(token.credential({QStringLiteral("http://127.0.0.1:8080/r.git"), {}, userPassword}, 1));
    QVERIFY(!token.credential({QStringLiteral("http://git.example.com/r.git"), {}, userPassword}, 1));
    QVERIFY(!token.credential({QStringLiteral("http://127.evil.example/r.git"), {}, userPassword}, 1));
    QVERIFY(!token.credential({QStringLiteral("https://git.example.com/r.git"), {}, userPassword},
                              2)); // no retry
    QVERIFY(!token.credential({QStringLiteral("https://git.example.com/r.git"), {}, CredentialKind::SshKey}, 1));
    QVERIFY(
        token.exhaustedHint({QStringLiteral("http://git.example.com/r.git"), {}, userPassword}).contains(QLatin1String("https")));
}

// SYNCLINE_GIT_TOKEN's rule: only the host (and port) it was given for, never another
// https host; without a host it goes nowhere.
void TestCredentialProviders::tokenOnlySentToItsHost() {
    const CredentialKinds userPassword = CredentialKind::UserPassword;
    TokenCredentialProvider scoped(QString(), QStringLiteral("tok"), {QStringLiteral("git.example.com")});
    const auto answer =
        scoped.credential({QStringLiteral("https://git.example.com/r.git"), QStringLiteral("bob"), userPassword}, 1);
    QVERIFY(answer);
    QCOMPARE(std::get<UserPasswordCredential>(*answer).username, QStringLiteral("bob"));
    QVERIFY(scoped.credential({QStringLiteral("https://GIT.example.com:443/r.git"), {}, userPassword}, 1));
    QVERIFY(!scoped.credential({QStringLiteral("https://git.example.com:8443/r.git"), {}, userPassword}, 1));
    QVERIFY(!scoped.credential({QStringLiteral("https://other.example.com/r.git"), {}, userPassword}, 1));
    QVERIFY(!scoped.credential({QStringLiteral("https://git.example.com.evil.example/r.git"), {}, userPassword}, 1));
    QVERIFY(!scoped.credential({QStringLiteral("https://git.example.com@evil.example/r.git"), {}, userPassword}, 1));
    const QString hint = scoped.exhaustedHint({QStringLiteral("https://other.example.com/r.git"), {}, userPassword});
    QVERIFY2(hint.contains(QLatin1String("only sent to git.example.com")), qPrintable(hint));

    TokenCredentialProvider withPort(QString(), QStringLiteral("tok"), {QStringLiteral("127.0.0.1:8080")});
    QVERIFY(withPort.credential({QStringLiteral("http://127.0.0.1:8080/r.git"), {}, userPassword}, 1));
    QVERIFY(!withPort.credential({QStringLiteral("http://127.0.0.1:8081/r.git"), {}, userPassword}, 1));
    QVERIFY(!withPort.credential({QStringLiteral("http://127.0.0.1/r.git"), {}, userPassword}, 1));

    TokenCredentialProvider nowhere(QString(), QStringLiteral("tok"), {});
    QVERIFY(!nowhere.credential({QStringLiteral("https://git.example.com/r.git"), {}, userPassword}, 1));
    QVERIFY(!nowhere.exhaustedHint({QStringLiteral("https://git.example.com/r.git"), {}, userPassword}).isEmpty());
}

void TestCredentialProviders::chainStepsThroughProviders() {
    QTemporaryDir dir;
    const QString first = dir.filePath(QStringLiteral("a_ed25519"));
    const QString second = dir.filePath(QStringLiteral("b_ed25519"));
    QVERIFY(createKey(first, QStringLiteral("ed25519")));
    QVERIFY(createKey(second, QStringLiteral("ed25519")));
    SshCredentialProvider ssh(
        {.useAgent = false, .keyFiles = {{first, {}}, {dir.filePath(QStringLiteral("absent")), {}}, {second, {}}}});
    TokenCredentialProvider token(QStringLiteral("ada"), QStringLiteral("tok"), {QStringLiteral("git.example.com")});
    ChainCredentialProvider chain({&ssh, &token});

    const CredentialRequest request{QStringLiteral("https://git.example.com/r.git"), QStringLiteral("git"),
                                    CredentialKind::SshKey | CredentialKind::SshAgent | CredentialKind::UserPassword};
    const auto one = chain.credential(request, 1);
    const auto two = chain.credential(request, 2);
    const auto three = chain.credential(request, 3);
    QVERIFY(one && two && three);
    QCOMPARE(std::get<SshKeyCredential>(*one).privateKeyPath, first);
    QCOMPARE(std::get<SshKeyCredential>(*two).privateKeyPath, second);
    QCOMPARE(std::get<UserPasswordCredential>(*three).username, QStringLiteral("ada"));
    QVERIFY(!chain.credential(request, 4));
}

void TestCredentialProviders::describesWithoutSecrets() {
    const QString text =
        describeCredential(UserPasswordCredential{QStringLiteral("ada"), QStringLiteral("tok-123")}) +
        describeCredential(SshKeyCredential{QStringLiteral("git"), QStringLiteral("/k"), {}, QStringLiteral("pass-456")});
    QVERIFY(!text.contains(QLatin1String("tok-123")));
    QVERIFY(!text.contains(QLatin1String("pass-456")));
    QVERIFY(text.contains(QLatin1String("/k")));
}

void TestCredentialProviders::remoteUrlRedactsEveryUserInfo() {
    const QString secret = QStringLiteral("SECRET123");
    const QStringList urls{QStringLiteral("https://SECRET123@git.example.com/r.git"),
                           QStringLiteral("https://ada:SECRET123@git.example.com/r.git"),
                           QStringLiteral("https://ada:pa@SECRET123@git.example.com/r.git"),
                           QStringLiteral("http://SECRET123:x-oauth-basic@127.0.0.1:8080/r.git")};
    for (const QString& url : urls) {
        const QString shown = RemoteUrl::redacted(url);
        QVERIFY2(!shown.contains(secret) && shown.contains(QLatin1String("://***@")), qPrintable(shown));
        QVERIFY2(!RemoteUrl::redactText(QStringLiteral("failed for ") + url + QStringLiteral(": 401")).contains(secret),
                 qPrintable(url));
    }
    QCOMPARE(RemoteUrl::redacted(QStringLiteral("https://git.example.com/a@b.git")),
             QStringLiteral("https://git.example.com/a@b.git")); // an '@' in the path is no user-info
    QCOMPARE(RemoteUrl::redacted(QStringLiteral("http://h/x\nhost=y")), QStringLiteral("http://h/x%0Ahost=y"));
    QCOMPARE(RemoteUrl::redactText(QStringLiteral("one https://t@h/r\ntwo")), QStringLiteral("one https://***@h/r\ntwo"));
}

void TestCredentialProviders::remoteUrlSplitsLikeGitAndRefusesLineBreaks() {
    const auto fields = RemoteUrl::credentialFields(QStringLiteral("https://ada%40corp@git.example.com:8443//team/r.git/"));
    QVERIFY(fields);
    QCOMPARE(fields->protocol, QStringLiteral("https"));
    QCOMPARE(fields->host, QStringLiteral("git.example.com:8443"));
    QCOMPARE(fields->path, QStringLiteral("team/r.git"));
    QCOMPARE(fields->username, QStringLiteral("ada@corp"));
    QCOMPARE(RemoteUrl::hostAndPort(QStringLiteral("https://t@[::1]:9/r")), QStringLiteral("[::1]:9"));
    QVERIFY(RemoteUrl::isOnHost(QStringLiteral("http://[::1]:9/r"), QStringLiteral("[::1]:9")));
    QVERIFY(RemoteUrl::maySendSecrets(QStringLiteral("http://[::1]:9/r")));
    QVERIFY(!RemoteUrl::maySendSecrets(QStringLiteral("http://127.0.0.1@evil.example/r")));

    const QStringList hostile{QStringLiteral("https://h/r%0Ahost=github.com"),
                              QStringLiteral("https://h/r%0d%0Ahost=x"),
                              QStringLiteral("https://h/r%00"),
                              QStringLiteral("https://u%0Ahost=x@h/r"),
                              QStringLiteral("https://h%0A/r"),
                              QStringLiteral("https://h/r\nhost=github.com")};
    for (const QString& url : hostile) {
        const auto refused = RemoteUrl::credentialFields(url);
        QVERIFY2(!refused, qPrintable(url));
        QCOMPARE(refused.error().code, syncline::util::ErrorCode::InvalidArgument);
        QVERIFY2(refused.error().message.contains(QLatin1String("line break")), qPrintable(refused.error().message));
        QVERIFY(!refused.error().toString().contains(QLatin1Char('\n')));
    }
    const auto path = RemoteUrl::credentialFields(QStringLiteral("https://h/r%0Ahost=github.com"));
    QVERIFY2(path.error().message.contains(QLatin1String("path component")), qPrintable(path.error().message));
}

QTEST_GUILESS_MAIN(TestCredentialProviders)
#include "tst_credentials.moc"
