// Commits made by Syncline honour the repository's signing configuration: ssh signatures
// (ssh-keygen -Y sign) and OpenPGP (gpg), verified by the real `git verify-commit`; when
// signing is configured but cannot work, nothing is committed and the error says why.

#include "git/CommitSigner.h"
#include "git/CommitWriter.h"
#include "git/Repository.h"
#include "support/GitFixture.h"
#include "support/IsolationGuard.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::git;
using syncline::test::GitFixture;

namespace {

int run(const QString& program, const QStringList& args, QString* output, const QProcessEnvironment& env) {
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    process.waitForFinished(-1);
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

util::Result<ObjectId> commitChange(const GitFixture& fixture, const QByteArray& content) {
    const auto repository = test::openRepository(fixture.path());
    const auto tip = repository->resolveCommit(QStringLiteral("refs/heads/main"));
    CommitRequest request;
    request.branch = QStringLiteral("main");
    if (tip)
        request.expectedTip = *tip;
    request.edits = {FileEdit{QStringLiteral("env/prod/app.yaml"), content}};
    request.message = QStringLiteral("rollback(prod): to app:1");
    return CommitWriter::commit(*repository, request);
}

GitFixture repositoryWithOneCommit() {
    GitFixture fixture;
    fixture.writeFile(QStringLiteral("env/prod/app.yaml"), "image: app:2\n");
    fixture.commitAll(QStringLiteral("initial"), 1700000000);
    return fixture;
}

} // namespace

class TestSigning : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        // CommitWriter reads configuration like git does; keep the developer's out.
        qputenv("GIT_CONFIG_NOSYSTEM", "1");
        qputenv("GIT_CONFIG_GLOBAL", "/dev/null");
    }
    void unsignedWhenNotConfigured();
    void sshSignatureVerifiedByGit();
    void gpgSignatureVerifiedByGit();
    void refusesWhenSshKeyMissing();
    void refusesWhenProgramMissing();
    void refusesWhenSignerFails();
    void aBranchMovedWhileSigningIsNeverOverwritten();
};

void TestSigning::unsignedWhenNotConfigured() {
    const GitFixture fixture = repositoryWithOneCommit();
    const auto id = commitChange(fixture, "image: app:1\n");
    QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
    const QString raw = fixture.git({QStringLiteral("cat-file"), QStringLiteral("commit"), id->toHex()});
    QVERIFY2(!raw.contains(QLatin1String("gpgsig")), qPrintable(raw));
}

void TestSigning::sshSignatureVerifiedByGit() {
    const GitFixture fixture = repositoryWithOneCommit();
    QTemporaryDir keys;
    const QString key = keys.filePath(QStringLiteral("signing_ed25519"));
    QString output;
    QCOMPARE(run(QStringLiteral("ssh-keygen"),
                 {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                  QStringLiteral("-C"), QStringLiteral("ada"), QStringLiteral("-f"), key},
                 &output, QProcessEnvironment::systemEnvironment()),
             0);
    QFile pub(key + QStringLiteral(".pub"));
    QVERIFY(pub.open(QIODevice::ReadOnly));
    const QByteArray publicKey = pub.readAll().trimmed();
    const QString allowed = keys.filePath(QStringLiteral("allowed_signers"));
    QFile allowedFile(allowed);
    QVERIFY(allowedFile.open(QIODevice::WriteOnly));
    allowedFile.write("ada@example.com " + publicKey + '\n');
    allowedFile.close();
    fixture.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.format"), QStringLiteral("ssh")});
    fixture.git({QStringLiteral("config"), QStringLiteral("user.signingkey"), key});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.ssh.allowedSignersFile"), allowed});

    const auto id = commitChange(fixture, "image: app:1\n");
    QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
    QCOMPARE(fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), id->toHex());
    const QString raw = fixture.git({QStringLiteral("cat-file"), QStringLiteral("commit"), id->toHex()});
    QVERIFY2(raw.contains(QLatin1String("gpgsig -----BEGIN SSH SIGNATURE-----")), qPrintable(raw));
    QCOMPARE(fixture.gitStatus({QStringLiteral("verify-commit"), QStringLiteral("-v"), id->toHex()}, &output), 0);
    QVERIFY2(output.contains(QLatin1String("Good \"git\" signature for ada@example.com")), qPrintable(output));
    QCOMPARE(fixture.gitStatus({QStringLiteral("fsck"), QStringLiteral("--strict")}, &output), 0);
}

void TestSigning::gpgSignatureVerifiedByGit() {
    const QString gpg = QStandardPaths::findExecutable(QStringLiteral("gpg"));
    if (gpg.isEmpty())
        QSKIP("gpg is not installed (Debian package gnupg): OpenPGP signing not tested");
    QTemporaryDir home(QStringLiteral("/tmp/sl-gpg-XXXXXX")); // short: gpg-agent's socket path is limited
    QProcessEnvironment env = GitFixture::gitEnvironment();
    env.insert(QStringLiteral("GNUPGHOME"), home.path());
    QString output;
    QCOMPARE(run(gpg,
                 {QStringLiteral("--batch"), QStringLiteral("--pinentry-mode"), QStringLiteral("loopback"),
                  QStringLiteral("--passphrase"), QString(), QStringLiteral("--quick-generate-key"),
                  QStringLiteral("Ada Lovelace <ada@example.com>"), QStringLiteral("ed25519"), QStringLiteral("sign"),
                  QStringLiteral("never")},
                 &output, env),
             0);
    qputenv("GNUPGHOME", home.path().toUtf8()); // for the signer this process runs and for git below
    const GitFixture fixture = repositoryWithOneCommit();
    fixture.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
    // No user.signingkey: gpg picks the committer's key, as git does.
    const auto id = commitChange(fixture, "image: app:1\n");
    const bool ok = bool(id);
    QString verify;
    const int verified =
        ok ? fixture.gitStatus({QStringLiteral("verify-commit"), QStringLiteral("-v"), id->toHex()}, &verify) : -1;
    run(QStringLiteral("gpgconf"), {QStringLiteral("--kill"), QStringLiteral("gpg-agent")}, nullptr, env);
    qunsetenv("GNUPGHOME");
    QVERIFY2(ok, qPrintable(ok ? QString() : id.error().toString()));
    QCOMPARE(verified, 0);
    QVERIFY2(verify.contains(QLatin1String("Good signature from \"Ada Lovelace <ada@example.com>\"")), qPrintable(verify));
}

void TestSigning::refusesWhenSshKeyMissing() {
    const GitFixture fixture = repositoryWithOneCommit();
    const QString before = fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
    fixture.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.format"), QStringLiteral("ssh")});
    auto id = commitChange(fixture, "image: app:1\n");
    QVERIFY(!id);
    QVERIFY2(id.error().message.contains(QLatin1String("user.signingkey")), qPrintable(id.error().toString()));
    QVERIFY2(id.error().message.contains(QLatin1String("nothing was committed")), qPrintable(id.error().toString()));
    fixture.git({QStringLiteral("config"), QStringLiteral("user.signingkey"), QStringLiteral("/nonexistent/key")});
    id = commitChange(fixture, "image: app:1\n");
    QVERIFY(!id);
    QVERIFY2(id.error().message.contains(QLatin1String("/nonexistent/key")), qPrintable(id.error().toString()));
    QCOMPARE(fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), before);
}

void TestSigning::refusesWhenProgramMissing() {
    const GitFixture fixture = repositoryWithOneCommit();
    const QString before = fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
    fixture.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.program"), QStringLiteral("/nonexistent/gpg")});
    const auto id = commitChange(fixture, "image: app:1\n");
    QVERIFY(!id);
    QVERIFY2(id.error().message.contains(QLatin1String("/nonexistent/gpg")), qPrintable(id.error().toString()));
    QCOMPARE(fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), before);
}

void TestSigning::refusesWhenSignerFails() {
    // A signer that exits with an error (wrong key, locked card, ...): refused, not unsigned.
    const GitFixture fixture = repositoryWithOneCommit();
    const QString before = fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed();
    fixture.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.program"), QStringLiteral("false")});
    const auto id = commitChange(fixture, "image: app:1\n");
    QVERIFY(!id);
    QVERIFY2(id.error().message.contains(QLatin1String("commit signing is configured")), qPrintable(id.error().toString()));
    QCOMPARE(fixture.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), before);
    QCOMPARE(SigningPolicy::fromConfig(*test::openRepository(fixture.path())).program, QStringLiteral("false"));
}

void TestSigning::aBranchMovedWhileSigningIsNeverOverwritten() {
    // Someone commits on the branch while Syncline's commit is being signed (the signer is
    // slow, asks for a passphrase...). The ref update is a compare-and-swap from the tip read
    // before: Syncline's commit must not replace theirs, and theirs must survive.
    const GitFixture fixture = repositoryWithOneCommit();
    QTemporaryDir keys;
    const QString key = keys.filePath(QStringLiteral("signing_ed25519"));
    QCOMPARE(run(QStringLiteral("ssh-keygen"),
                 {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                  QStringLiteral("-f"), key},
                 nullptr, QProcessEnvironment::systemEnvironment()),
             0);
    // The racing user: a real `git commit` in the same repository, then the real signer.
    const QString signer = keys.filePath(QStringLiteral("racing-signer.sh"));
    QFile script(signer);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\n"
                 "git -C \"$RACE_REPO\" -c user.name=Bo -c user.email=bo@example.com -c commit.gpgsign=false "
                 "commit -q --allow-empty -m 'theirs: committed meanwhile' >&2 || exit 3\n"
                 "exec ssh-keygen \"$@\"\n");
    script.close();
    QVERIFY(script.setPermissions(script.permissions() | QFileDevice::ExeOwner));
    qputenv("RACE_REPO", fixture.path().toUtf8());
    fixture.git({QStringLiteral("config"), QStringLiteral("commit.gpgsign"), QStringLiteral("true")});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.format"), QStringLiteral("ssh")});
    fixture.git({QStringLiteral("config"), QStringLiteral("gpg.ssh.program"), signer});
    fixture.git({QStringLiteral("config"), QStringLiteral("user.signingkey"), key});

    const auto id = commitChange(fixture, "image: app:1\n");
    qunsetenv("RACE_REPO");
    QVERIFY2(!id, "the commit replaced a branch that moved while it was being signed");
    QCOMPARE(id.error().code, util::ErrorCode::Conflict);
    QVERIFY2(id.error().message.contains(QLatin1String("changed by someone else meanwhile")), qPrintable(id.error().toString()));
    QCOMPARE(fixture.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%s"), QStringLiteral("main")})
                 .trimmed(),
             QStringLiteral("theirs: committed meanwhile"));
    QString output;
    QCOMPARE(fixture.gitStatus({QStringLiteral("fsck"), QStringLiteral("--strict")}, &output), 0);
}

QTEST_GUILESS_MAIN(TestSigning)
#include "tst_signing.moc"
