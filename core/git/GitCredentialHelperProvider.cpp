#include "git/GitCredentialHelperProvider.h"

#include <QHostAddress>
#include <QProcess>
#include <QProcessEnvironment>
#include <QUrl>

namespace syncline::git {

namespace {

constexpr int HelperTimeoutMs = 60000; // a helper may show its own dialog

bool maySend(const QUrl& url) {
    if (url.scheme() == QLatin1String("https"))
        return true;
    if (url.scheme() != QLatin1String("http"))
        return false;
    const QHostAddress address(url.host());
    return url.host() == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
}

} // namespace

GitCredentialHelperProvider::GitCredentialHelperProvider(QString repositoryDir, QString gitProgram)
    : m_repositoryDir(std::move(repositoryDir))
    , m_git(std::move(gitProgram)) {}

QByteArray GitCredentialHelperProvider::describe(const CredentialRequest& request, const QString& username) {
    const QUrl url(request.url);
    QByteArray text = "protocol=" + url.scheme().toUtf8() + '\n';
    text += "host=" + (url.port() > 0 ? url.host() + QLatin1Char(':') + QString::number(url.port()) : url.host()).toUtf8() + '\n';
    const QString path = url.path().mid(1);
    if (!path.isEmpty())
        text += "path=" + path.toUtf8() + '\n';
    if (!username.isEmpty())
        text += "username=" + username.toUtf8() + '\n';
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
    if (!process.waitForFinished(HelperTimeoutMs)) {
        process.kill();
        process.waitForFinished(-1);
        return -1;
    }
    if (output)
        *output = process.readAllStandardOutput();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

std::optional<Credential> GitCredentialHelperProvider::credential(const CredentialRequest& request, int attempt) {
    if (attempt != 1 || !request.allowed.testFlag(CredentialKind::UserPassword))
        return std::nullopt;
    const QUrl url(request.url);
    if (!maySend(url)) {
        m_problem = QStringLiteral("the git credential helper is only used for https");
        return std::nullopt;
    }
    auto it = m_answers.find(request.url);
    if (it == m_answers.end()) {
        QByteArray output;
        std::optional<UserPasswordCredential> answer;
        if (runGit(QStringLiteral("fill"), describe(request, request.usernameFromUrl), &output) == 0) {
            UserPasswordCredential found;
            for (const QByteArray& line : output.split('\n')) {
                if (line.startsWith("username="))
                    found.username = QString::fromUtf8(line.mid(9));
                else if (line.startsWith("password="))
                    found.password = QString::fromUtf8(line.mid(9));
            }
            if (!found.password.isEmpty())
                answer = found;
        }
        if (!answer)
            m_problem = QStringLiteral("no credential helper had a password for %1 (git credential fill)").arg(url.host());
        it = m_answers.insert(request.url, answer);
    }
    if (!*it)
        return std::nullopt;
    return Credential(**it);
}

void GitCredentialHelperProvider::reportOutcome(const CredentialRequest& request, const Credential& credential,
                                                bool accepted) {
    const auto* userPassword = std::get_if<UserPasswordCredential>(&credential);
    if (!userPassword)
        return;
    const QByteArray input =
        describe(request, userPassword->username) + "password=" + userPassword->password.toUtf8() + '\n';
    runGit(accepted ? QStringLiteral("approve") : QStringLiteral("reject"), input, nullptr);
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
