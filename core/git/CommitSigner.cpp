#include "git/CommitSigner.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/Repository.h"
#include "git/SignedCommit.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryFile>

namespace syncline::git {

using namespace detail;

namespace {

constexpr int kSignTimeoutMs = 120000; // gpg may ask for a passphrase through pinentry

QString configValue(git_config* config, const char* name) {
    git_buf out = GIT_BUF_INIT;
    if (git_config_get_string_buf(&out, config, name) < 0) {
        git_error_clear();
        return {};
    }
    QString value = QString::fromUtf8(out.ptr, qsizetype(out.size));
    git_buf_dispose(&out);
    return value;
}

QString expandHome(const QString& path) {
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

QString formatName(SigningFormat format) {
    switch (format) {
    case SigningFormat::OpenPgp:
        return QStringLiteral("openpgp");
    case SigningFormat::Ssh:
        return QStringLiteral("ssh");
    case SigningFormat::X509:
        return QStringLiteral("x509");
    }
    return {};
}

struct Run {
    bool started = false;
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runSigner(const QString& program, const QStringList& args, const QByteArray& input) {
    QProcess process;
    process.start(program, args);
    Run run;
    if (!process.waitForStarted(30000))
        return run;
    run.started = true;
    process.write(input);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(kSignTimeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(-1);
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// The last line of a program's complaint, for an error message (it names files and keys,
// never their content).
QString lastLine(const QByteArray& text) {
    const QList<QByteArray> lines = text.trimmed().split('\n');
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const QByteArray line = it->trimmed();
        if (!line.isEmpty() && !line.startsWith("[GNUPG:]"))
            return QString::fromUtf8(line);
    }
    return {};
}

util::Unexpected refuse(const QString& reason) {
    return util::fail(util::ErrorCode::InvalidArgument,
                      QStringLiteral("commit signing is configured (commit.gpgsign) but %1; nothing was committed. "
                                     "Fix the signing setup, or turn signing off for this repository "
                                     "(git config commit.gpgsign false).")
                          .arg(reason),
                      QStringLiteral("commit signing"));
}

util::Result<QByteArray> signOpenPgp(const SigningPolicy& policy, const QByteArray& buffer, const QString& committer) {
    const QString key = policy.key.isEmpty() ? committer : policy.key;
    const Run run = runSigner(policy.program, {QStringLiteral("--status-fd=2"), QStringLiteral("-bsau"), key}, buffer);
    if (!run.started)
        return refuse(QStringLiteral("the signing program \"%1\" could not be started").arg(policy.program));
    if (!run.finished)
        return refuse(QStringLiteral("%1 did not finish signing in time").arg(policy.program));
    if (run.exitCode != 0 || !run.err.contains("[GNUPG:] SIG_CREATED ") || !run.out.contains("-----BEGIN PGP SIGNATURE-----"))
        return refuse(QStringLiteral("%1 could not sign with the key \"%2\" (%3)").arg(policy.program, key, lastLine(run.err)));
    return run.out;
}

util::Result<QByteArray> signSsh(const SigningPolicy& policy, const QByteArray& buffer) {
    if (policy.key.isEmpty())
        return refuse(QStringLiteral("gpg.format is ssh and user.signingkey names no key"));
    QString keyFile = expandHome(policy.key);
    QStringList args{QStringLiteral("-Y"), QStringLiteral("sign"), QStringLiteral("-n"), QStringLiteral("git")};
    QTemporaryFile literal(QDir::tempPath() + QStringLiteral("/syncline-signing-key-XXXXXX.pub"));
    // A literal public key ("key::ssh-ed25519 AAAA...", or the older bare form): the
    // private half lives in ssh-agent.
    if (keyFile.startsWith(QLatin1String("key::")) || keyFile.startsWith(QLatin1String("ssh-")) ||
        keyFile.startsWith(QLatin1String("ecdsa-")) || keyFile.startsWith(QLatin1String("sk-"))) {
        const QString material = keyFile.startsWith(QLatin1String("key::")) ? keyFile.mid(5) : keyFile;
        if (!literal.open())
            return refuse(QStringLiteral("a temporary file for the public key could not be written"));
        literal.write(material.toUtf8() + '\n');
        literal.flush();
        keyFile = literal.fileName();
        args << QStringLiteral("-U");
    } else if (!QFile::exists(keyFile)) {
        return refuse(QStringLiteral("the signing key file %1 (user.signingkey) does not exist").arg(keyFile));
    }
    args << QStringLiteral("-f") << keyFile;
    const Run run = runSigner(policy.program, args, buffer);
    if (!run.started)
        return refuse(QStringLiteral("the signing program \"%1\" could not be started").arg(policy.program));
    if (!run.finished)
        return refuse(QStringLiteral("%1 did not finish signing in time").arg(policy.program));
    if (run.exitCode != 0 || !run.out.contains("-----BEGIN SSH SIGNATURE-----"))
        return refuse(QStringLiteral("%1 could not sign with %2 (%3)")
                          .arg(policy.program,
                               policy.key.startsWith(QLatin1String("key::")) ? QStringLiteral("the key in ssh-agent") : keyFile,
                               lastLine(run.err)));
    return run.out;
}

} // namespace

SigningPolicy SigningPolicy::fromConfig(const Repository& repository) {
    SigningPolicy policy;
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, repository.raw()) < 0) {
        git_error_clear();
        return policy;
    }
    ConfigPtr config(raw);
    int sign = 0;
    if (git_config_get_bool(&sign, raw, "commit.gpgsign") < 0) {
        git_error_clear();
        sign = 0;
    }
    policy.sign = sign != 0;
    const QString format = configValue(raw, "gpg.format").toLower();
    if (format == QLatin1String("ssh"))
        policy.format = SigningFormat::Ssh;
    else if (format == QLatin1String("x509"))
        policy.format = SigningFormat::X509;
    policy.key = configValue(raw, "user.signingkey");
    switch (policy.format) {
    case SigningFormat::OpenPgp:
        policy.program = configValue(raw, "gpg.openpgp.program");
        if (policy.program.isEmpty())
            policy.program = configValue(raw, "gpg.program");
        if (policy.program.isEmpty())
            policy.program = QStringLiteral("gpg");
        break;
    case SigningFormat::Ssh:
        policy.program = configValue(raw, "gpg.ssh.program");
        if (policy.program.isEmpty())
            policy.program = QStringLiteral("ssh-keygen");
        break;
    case SigningFormat::X509:
        policy.program = configValue(raw, "gpg.x509.program");
        if (policy.program.isEmpty())
            policy.program = QStringLiteral("gpgsm");
        break;
    }
    // A gpg.format Git does not know makes git itself refuse; so do we (in sign()).
    if (!format.isEmpty() && format != QLatin1String("openpgp") && format != QLatin1String("ssh") &&
        format != QLatin1String("x509"))
        policy.program.clear();
    policy.program = expandHome(policy.program);
    return policy;
}

util::Result<QByteArray> CommitSigner::sign(const SigningPolicy& policy, const QByteArray& commitBuffer,
                                            const QString& committerIdent) {
    if (policy.program.isEmpty())
        return refuse(QStringLiteral("gpg.format names a signature format Git does not know"));
    switch (policy.format) {
    case SigningFormat::OpenPgp:
        return signOpenPgp(policy, commitBuffer, committerIdent);
    case SigningFormat::Ssh:
        return signSsh(policy, commitBuffer);
    case SigningFormat::X509:
        break;
    }
    return refuse(
        QStringLiteral("gpg.format %1 (X.509 via gpgsm) is not supported by Syncline yet").arg(formatName(policy.format)));
}

} // namespace syncline::git

namespace syncline::git::detail {

util::Result<git_oid> createCommit(const Repository& repository, const git_signature* author, const git_signature* committer,
                                   const QByteArray& message, const git_tree* tree, size_t parentCount,
                                   const git_commit** parents, bool allowSigning) {
    git_repository* repo = repository.raw();
    git_oid id;
    const SigningPolicy policy = SigningPolicy::fromConfig(repository);
    if (!policy.sign || !allowSigning) {
        if (int rc = git_commit_create(&id, repo, nullptr, author, committer, nullptr, message.constData(), tree, parentCount,
                                       parents);
            rc < 0)
            return util::fail(gitError(rc, QStringLiteral("create commit")));
        return id;
    }
    git_buf buffer = GIT_BUF_INIT;
    if (int rc =
            git_commit_create_buffer(&buffer, repo, author, committer, nullptr, message.constData(), tree, parentCount, parents);
        rc < 0)
        return util::fail(gitError(rc, QStringLiteral("create commit")));
    const QByteArray content(buffer.ptr, qsizetype(buffer.size));
    git_buf_dispose(&buffer);
    const QString ident =
        QString::fromUtf8(committer->name) + QStringLiteral(" <") + QString::fromUtf8(committer->email) + QLatin1Char('>');
    const util::Result<QByteArray> signature = CommitSigner::sign(policy, content, ident);
    if (!signature)
        return util::fail(signature.error());
    if (int rc = git_commit_create_with_signature(&id, repo, content.constData(), signature->constData(), nullptr); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("create signed commit")));
    return id;
}

} // namespace syncline::git::detail
