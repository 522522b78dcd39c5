#include "git/GitCredentialHelperProvider.h"

#include "git/RemoteUrl.h"

#include <QProcess>
#include <QProcessEnvironment>

namespace syncline::git {

namespace {

constexpr int kHelperTimeoutMs = 60000; // a helper may show its own dialog

} // namespace

GitCredentialHelperProvider::GitCredentialHelperProvider(QString repositoryDir, QString gitProgram)
    : m_repositoryDir(std::move(repositoryDir)), m_git(std::move(gitProgram)) {}

// As git describes a remote to its helpers: protocol, host[:port], path, username. git
// itself then drops the path for http(s) unless credential.useHttpPath is set. A value
// holding CR, LF or NUL is refused before any helper runs: it would add lines of its own
// to the protocol (a path "x%0Ahost=github.com" would ask for github.com's password).
util::Result<QByteArray> GitCredentialHelperProvider::describe(const CredentialRequest& request, const QString& username,
                                                               const QString& password) {
    const auto fields = RemoteUrl::credentialFields(request.url);
    if (!fields)
        return util::fail(fields.error());
    for (const QString& value : {username, password})
        if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r')) || value.contains(QChar(0)))
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("a user name or password holds a line break; not passed to git credential"),
                              RemoteUrl::redacted(request.url));
    QByteArray text = "protocol=" + fields->protocol.toUtf8() + '\n';
    text += "host=" + fields->host.toUtf8() + '\n';
    if (!fields->path.isEmpty())
        text += "path=" + fields->path.toUtf8() + '\n';
    if (!username.isEmpty())
        text += "username=" + username.toUtf8() + '\n';
    if (!password.isEmpty())
        text += "password=" + password.toUtf8() + '\n';
    return text;
}

int GitCredentialHelperProvider::runGit(const QString& action, const QByteArray& input, QByteArray* output) const {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    process.setProcessEnvironment(env);
    if (!m_repositoryDir.isEmpty())
        process.setWorkingDirectory(m_repositoryDir);
    process.start(m_git, {QStringLiteral("credential"), action});
    if (!process.waitForStarted(30000))
        return -1;
    process.write(input + '\n');
    process.closeWriteChannel();
    if (!process.waitForFinished(kHelperTimeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        return -1;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

std::optional<UserPasswordCredential> GitCredentialHelperProvider::fill(const CredentialRequest& request) {
    const auto input = describe(request, request.usernameFromUrl, {});
    if (!input) {
        m_problem = input.error().toString();
        return std::nullopt;
    }
    QByteArray output;
    if (runGit(QStringLiteral("fill"), *input, &output) == 0) {
        UserPasswordCredential found;
        for (QByteArray line : output.split('\n')) {
            if (line.endsWith('\r'))
                line.chop(1);
            if (line.startsWith("username="))
                found.username = QString::fromUtf8(line.mid(9));
            else if (line.startsWith("password="))
                found.password = QString::fromUtf8(line.mid(9));
        }
        if (!found.password.isEmpty())
            return found;
    }
    m_problem = QStringLiteral("no credential helper had a password for %1 (git credential fill)")
                    .arg(RemoteUrl::hostAndPort(request.url));
    return std::nullopt;
}

std::optional<Credential> GitCredentialHelperProvider::credential(const CredentialRequest& request, int attempt) {
    if (attempt != 1 || !request.allowed.testFlag(CredentialKind::UserPassword))
        return std::nullopt;
    if (!RemoteUrl::maySendSecrets(request.url)) {
        m_problem = QStringLiteral("the git credential helper is only used for https");
        return std::nullopt;
    }
    auto it = m_answers.find(request.url);
    if (it == m_answers.end())
        it = m_answers.insert(request.url, fill(request));
    if (!*it)
        return std::nullopt;
    return Credential(**it);
}

void GitCredentialHelperProvider::reportOutcome(const CredentialRequest& request, const Credential& credential, bool accepted) {
    const auto* userPassword = std::get_if<UserPasswordCredential>(&credential);
    if (!userPassword)
        return;
    if (const auto input = describe(request, userPassword->username, userPassword->password))
        runGit(accepted ? QStringLiteral("approve") : QStringLiteral("reject"), *input, nullptr);
    if (!accepted)
        m_problem = QStringLiteral("the password from the git credential helper was refused; the helper was told "
                                   "to forget it");
    m_answers.remove(request.url);
}

QString GitCredentialHelperProvider::exhaustedHint(const CredentialRequest& request) const {
    Q_UNUSED(request);
    return m_problem;
}

} // namespace syncline::git
