#include "support/SshAgent.h"

#include "support/ServerProcess.h"

namespace syncline::test {

SshAgent::~SshAgent() { stopProcess(m_process); }

bool SshAgent::start(QString* error) {
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("ssh-agent"), {QStringLiteral("-D"), QStringLiteral("-a"), socketPath()});
    // The agent prints "SSH_AUTH_SOCK=..." once its socket is bound.
    QString log;
    if (waitForOutputLine(m_process, QStringLiteral("SSH_AUTH_SOCK="), 10000, &log))
        return true;
    stopProcess(m_process);
    if (error)
        *error = QStringLiteral("ssh-agent did not start: ") + log;
    return false;
}

bool SshAgent::add(const QString& privateKeyFile, QString* error) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("SSH_AUTH_SOCK"), socketPath());
    QString output;
    const int rc = runProgram(QStringLiteral("ssh-add"), {privateKeyFile}, &output, environment);
    if (rc != 0 && error)
        *error = QStringLiteral("ssh-add failed: ") + output;
    return rc == 0;
}

} // namespace syncline::test
