#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace syncline::test {

// A private ssh-agent (foreground, own socket) for tests; keys are added with ssh-add.
class SshAgent {
public:
    SshAgent() = default;
    ~SshAgent(); // stops the agent and waits for it

    SshAgent(const SshAgent&) = delete;
    SshAgent& operator=(const SshAgent&) = delete;

    // Returns once the agent announced its socket; false + `error` otherwise.
    bool start(QString* error);
    bool add(const QString& privateKeyFile, QString* error);
    QString socketPath() const { return m_dir.filePath(QStringLiteral("agent.sock")); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
};

} // namespace syncline::test
