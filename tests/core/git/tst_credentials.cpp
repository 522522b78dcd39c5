// Credential providers: what they offer for which request and attempt, and how key
// files made by ssh-keygen are recognised.

#include "git/ChainCredentialProvider.h"
#include "git/SshCredentialProvider.h"
#include "git/TokenCredentialProvider.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::git;

namespace {

bool createKey(const QString& path, const QString& type, const QStringList& extra = {},
               const QString& passphrase = {}) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("ssh-keygen"),
                  QStringList{QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-a"),
                              QStringLiteral("1"), QStringLiteral("-N"), passphrase, QStringLiteral("-f"),
                              path} +
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
    void chainStepsThroughProviders();
    void describesWithoutSecrets();

private:
    QTemporaryDir m_dir;
    QString key(const QString& name) const { return m_dir.filePath(name); }
};

void TestCredentialProviders::initTestCase() {
    QVERIFY(createKey(key(QStringLiteral("ed")), QStringLiteral("ed25519")));
    QVERIFY(createKey(key(QStringLiteral("ed_locked")), QStringLiteral("ed25519"), {},
                      QStringLiteral("secret words")));
    QVERIFY(createKey(key(QStringLiteral("ecdsa")), QStringLiteral("ecdsa")));
    QVERIFY(createKey(key(QStringLiteral("rsa")), QStringLiteral("rsa"),
                      {QStringLiteral("-b"), QStringLiteral("2048")}));
    QVERIFY(createKey(
        key(QStringLiteral("rsa_pem")), QStringLiteral("rsa"),
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
    QCOMPARE(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("ecdsa"))).keyType,
             QStringLiteral("ecdsa-sha2-nistp256"));
    QVERIFY(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("rsa"))).isRsa());
    QVERIFY(SshCredentialProvider::inspectKeyFile(key(QStringLiteral("rsa_pem"))).isRsa());
    QVERIFY(!SshCredentialProvider::inspectKeyFile(key(QStringLiteral("missing"))).readable);
}

void TestCredentialProviders::sshStepsThroughKeysThenStops() {
    SshCredentialProvider ssh(
        {.useAgent = true,                                    // SSH_AUTH_SOCK is unset: no agent is offered
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
    TokenCredentialProvider anyHost(QStringLiteral("ada"), QStringLiteral("tok"));
    const CredentialKinds userPassword = CredentialKind::UserPassword;
    QVERIFY(anyHost.credential({QStringLiteral("https://git.example.com/r.git"), {}, userPassword}, 1));
    QVERIFY(anyHost.credential({QStringLiteral("http://127.0.0.1:8080/r.git"), {}, userPassword}, 1));
    QVERIFY(!anyHost.credential({QStringLiteral("http://git.example.com/r.git"), {}, userPassword}, 1));
    QVERIFY(!anyHost.credential({QStringLiteral("http://127.evil.example/r.git"), {}, userPassword}, 1));
    QVERIFY(!anyHost.credential({QStringLiteral("https://git.example.com/r.git"), {}, userPassword},
                                2)); // no retry
    QVERIFY(!anyHost.credential({QStringLiteral("https://git.example.com/r.git"), {}, CredentialKind::SshKey},
                                1));

    TokenCredentialProvider scoped(QString(), QStringLiteral("tok"), QStringLiteral("git.example.com"));
    const auto answer = scoped.credential(
        {QStringLiteral("https://git.example.com/r.git"), QStringLiteral("bob"), userPassword}, 1);
    QVERIFY(answer);
    QCOMPARE(std::get<UserPasswordCredential>(*answer).username, QStringLiteral("bob"));
    QVERIFY(!scoped.credential({QStringLiteral("https://other.example.com/r.git"), {}, userPassword}, 1));
}

void TestCredentialProviders::chainStepsThroughProviders() {
    QTemporaryDir dir;
    const QString first = dir.filePath(QStringLiteral("a_ed25519"));
    const QString second = dir.filePath(QStringLiteral("b_ed25519"));
    QVERIFY(createKey(first, QStringLiteral("ed25519")));
    QVERIFY(createKey(second, QStringLiteral("ed25519")));
    SshCredentialProvider ssh(
        {.useAgent = false,
         .keyFiles = {{first, {}}, {dir.filePath(QStringLiteral("absent")), {}}, {second, {}}}});
    TokenCredentialProvider token(QStringLiteral("ada"), QStringLiteral("tok"));
    ChainCredentialProvider chain({&ssh, &token});

    const CredentialRequest request{QStringLiteral("https://git.example.com/r.git"), QStringLiteral("git"),
                                    CredentialKind::SshKey | CredentialKind::SshAgent |
                                        CredentialKind::UserPassword};
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
        describeCredential(
            SshKeyCredential{QStringLiteral("git"), QStringLiteral("/k"), {}, QStringLiteral("pass-456")});
    QVERIFY(!text.contains(QLatin1String("tok-123")));
    QVERIFY(!text.contains(QLatin1String("pass-456")));
    QVERIFY(text.contains(QLatin1String("/k")));
}

QTEST_GUILESS_MAIN(TestCredentialProviders)
#include "tst_credentials.moc"
