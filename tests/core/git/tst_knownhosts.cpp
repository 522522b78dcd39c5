// KnownHosts against keys and hashed entries made by OpenSSH's own ssh-keygen.

#include "git/KnownHosts.h"
#include "support/IsolationGuard.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::git;

namespace {

int sshKeygen(const QStringList& args, QString* output = nullptr) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("ssh-keygen"), args);
    process.waitForFinished(-1);
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace

class TestKnownHosts : public QObject {
    Q_OBJECT

private:
    struct Key {
        QString type;
        QString base64;
        QByteArray blob;
        QString pubFile;
    };
    Key makeKey(const QString& name, const QString& type);
    QString write(const QString& name, const QString& content);
    QString line(const QString& hosts, const Key& key) const {
        return hosts + QLatin1Char(' ') + key.type + QLatin1Char(' ') + key.base64 + QLatin1Char('\n');
    }

    QTemporaryDir m_dir;
    Key m_server;
    Key m_impostor;
    Key m_ecdsa;

private Q_SLOTS:
    void initTestCase();
    void plainHostOnDefaultPort();
    void bracketedHostWithPort();
    void wildcardsAndNegation();
    void hashedEntriesFromSshKeygen();
    void changedKeyOfSameType();
    void otherKeyTypeIsUnknownNotChanged();
    void revokedKeyRefusedEvenIfListed();
    void readsAllFilesAndToleratesMissingOnes();
    void ignoresCommentsAndCertAuthorities();
    void fingerprintMatchesOpenSsh();
    void addHostCommand();
};

TestKnownHosts::Key TestKnownHosts::makeKey(const QString& name, const QString& type) {
    const QString path = m_dir.filePath(name);
    QString output;
    if (sshKeygen({QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), QString(), QStringLiteral("-f"), path},
                  &output) != 0)
        QTest::qFail(qPrintable(output), __FILE__, __LINE__);
    QFile pub(path + QStringLiteral(".pub"));
    if (!pub.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> parts = pub.readAll().split(' ');
    return Key{QString::fromLatin1(parts.value(0)), QString::fromLatin1(parts.value(1)), QByteArray::fromBase64(parts.value(1)),
               pub.fileName()};
}

QString TestKnownHosts::write(const QString& name, const QString& content) {
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(content.toUtf8());
    return path;
}

void TestKnownHosts::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_server = makeKey(QStringLiteral("server"), QStringLiteral("ed25519"));
    m_impostor = makeKey(QStringLiteral("impostor"), QStringLiteral("ed25519"));
    m_ecdsa = makeKey(QStringLiteral("ecdsa"), QStringLiteral("ecdsa"));
    QCOMPARE(KnownHosts::keyType(m_server.blob), QStringLiteral("ssh-ed25519"));
    QCOMPARE(KnownHosts::keyType(m_ecdsa.blob), QStringLiteral("ecdsa-sha2-nistp256"));
    QVERIFY(KnownHosts::keyType(QByteArray("\xff\xff")).isEmpty());
}

void TestKnownHosts::plainHostOnDefaultPort() {
    const KnownHosts hosts({write(QStringLiteral("plain"), line(QStringLiteral("git.example.com,10.0.0.5"), m_server))});
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_server.blob).status, HostKeyStatus::Match);
    QCOMPARE(hosts.check(QStringLiteral("GIT.Example.com"), 22, m_server.blob).status, HostKeyStatus::Match);
    QCOMPARE(hosts.check(QStringLiteral("10.0.0.5"), 22, m_server.blob).status, HostKeyStatus::Match);
    // On another port OpenSSH looks up "[host]:port", which this entry does not name.
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 2222, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(hosts.check(QStringLiteral("other.example.com"), 22, m_server.blob).status, HostKeyStatus::Unknown);
}

void TestKnownHosts::bracketedHostWithPort() {
    const KnownHosts hosts({write(QStringLiteral("port"), line(QStringLiteral("[git.example.com]:2222"), m_server))});
    const HostKeyCheck check = hosts.check(QStringLiteral("git.example.com"), 2222, m_server.blob);
    QCOMPARE(check.status, HostKeyStatus::Match);
    QVERIFY(check.knownAt.endsWith(QLatin1String("port:1")));
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 2223, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(KnownHosts::lookupName(QStringLiteral("Host"), 22), QStringLiteral("host"));
    QCOMPARE(KnownHosts::lookupName(QStringLiteral("host"), 2222), QStringLiteral("[host]:2222"));
}

void TestKnownHosts::wildcardsAndNegation() {
    const KnownHosts hosts(
        {write(QStringLiteral("wild"), line(QStringLiteral("*.example.org,!evil.example.org,git?.example.net"), m_server))});
    QCOMPARE(hosts.check(QStringLiteral("a.example.org"), 22, m_server.blob).status, HostKeyStatus::Match);
    QCOMPARE(hosts.check(QStringLiteral("evil.example.org"), 22, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(hosts.check(QStringLiteral("git1.example.net"), 22, m_server.blob).status, HostKeyStatus::Match);
    QCOMPARE(hosts.check(QStringLiteral("git12.example.net"), 22, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(hosts.check(QStringLiteral("example.org"), 22, m_server.blob).status, HostKeyStatus::Unknown);
}

void TestKnownHosts::hashedEntriesFromSshKeygen() {
    const QString path = write(QStringLiteral("hashed"), line(QStringLiteral("git.example.com"), m_server) +
                                                             line(QStringLiteral("[git.example.com]:2200"), m_server));
    QString output;
    QCOMPARE(sshKeygen({QStringLiteral("-H"), QStringLiteral("-f"), path}, &output), 0);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray content = file.readAll();
    QVERIFY2(content.startsWith("|1|") && !content.contains("example"), content.constData());

    const KnownHosts hosts({path});
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_server.blob).status, HostKeyStatus::Match);
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 2200, m_server.blob).status, HostKeyStatus::Match);
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 2201, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(hosts.check(QStringLiteral("git.example.org"), 22, m_server.blob).status, HostKeyStatus::Unknown);
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_impostor.blob).status, HostKeyStatus::Changed);
}

void TestKnownHosts::changedKeyOfSameType() {
    const KnownHosts hosts(
        {write(QStringLiteral("changed"), QStringLiteral("# comment\n") + line(QStringLiteral("git.example.com"), m_server))});
    const HostKeyCheck check = hosts.check(QStringLiteral("git.example.com"), 22, m_impostor.blob);
    QCOMPARE(check.status, HostKeyStatus::Changed);
    QVERIFY2(check.knownAt.endsWith(QLatin1String("changed:2")), qPrintable(check.knownAt));
    QCOMPARE(check.fingerprint, KnownHosts::fingerprint(m_impostor.blob));
}

void TestKnownHosts::otherKeyTypeIsUnknownNotChanged() {
    // Like ssh: a host known only by its ed25519 key presenting an ecdsa key is not known.
    const KnownHosts hosts({write(QStringLiteral("types"), line(QStringLiteral("git.example.com"), m_server))});
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_ecdsa.blob).status, HostKeyStatus::Unknown);
}

void TestKnownHosts::revokedKeyRefusedEvenIfListed() {
    const KnownHosts hosts(
        {write(QStringLiteral("revoked"), line(QStringLiteral("git.example.com"), m_server) + QStringLiteral("@revoked * ") +
                                              m_server.type + QLatin1Char(' ') + m_server.base64 + QLatin1Char('\n'))});
    const HostKeyCheck check = hosts.check(QStringLiteral("git.example.com"), 22, m_server.blob);
    QCOMPARE(check.status, HostKeyStatus::Revoked);
    QVERIFY(check.knownAt.endsWith(QLatin1String("revoked:2")));
}

void TestKnownHosts::readsAllFilesAndToleratesMissingOnes() {
    const KnownHosts hosts({m_dir.filePath(QStringLiteral("does-not-exist")), write(QStringLiteral("empty"), {}),
                            write(QStringLiteral("second"), line(QStringLiteral("git.example.com"), m_server))});
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_server.blob).status, HostKeyStatus::Match);
}

void TestKnownHosts::ignoresCommentsAndCertAuthorities() {
    const KnownHosts hosts({write(
        QStringLiteral("ca"), QStringLiteral("\n   \n# git.example.com ") + m_server.type + QLatin1Char(' ') + m_server.base64 +
                                  QStringLiteral("\n@cert-authority ") + line(QStringLiteral("git.example.com"), m_server) +
                                  QStringLiteral("git.example.com ssh-ed25519 not*base64\n"))});
    QCOMPARE(hosts.check(QStringLiteral("git.example.com"), 22, m_server.blob).status, HostKeyStatus::Unknown);
}

void TestKnownHosts::fingerprintMatchesOpenSsh() {
    QString output;
    QCOMPARE(
        sshKeygen({QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"), QStringLiteral("-f"), m_server.pubFile},
                  &output),
        0);
    QCOMPARE(KnownHosts::fingerprint(m_server.blob), output.split(QLatin1Char(' ')).value(1));
}

void TestKnownHosts::addHostCommand() {
    QCOMPARE(KnownHosts::addHostCommand(QStringLiteral("git.example.com"), 2222),
             QStringLiteral("ssh-keyscan -p 2222 git.example.com >> ~/.ssh/known_hosts"));
}

QTEST_GUILESS_MAIN(TestKnownHosts)
#include "tst_knownhosts.moc"
