#include "support/GitDaemon.h"

#include "support/GitFixture.h"
#include "support/ServerProcess.h"

namespace syncline::test {

GitDaemon::GitDaemon(QString basePath)
    : m_basePath(std::move(basePath)) {}

GitDaemon::~GitDaemon() {
    stopProcess(m_process);
}

bool GitDaemon::start(QString* error) {
    m_port = freeLocalPort();
    m_process.setProcessEnvironment(GitFixture::gitEnvironment());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("git"),
                    {QStringLiteral("daemon"), QStringLiteral("--listen=127.0.0.1"),
                     QStringLiteral("--port=%1").arg(m_port), QStringLiteral("--reuseaddr"),
                     QStringLiteral("--export-all"), QStringLiteral("--informative-errors"),
                     QStringLiteral("--base-path=") + m_basePath, m_basePath});
    if (waitUntilListening(m_port, m_process))
        return true;
    stopProcess(m_process);
    if (error)
        *error = QStringLiteral("git daemon did not start: ") + QString::fromUtf8(m_process.readAll());
    return false;
}

QString GitDaemon::url(const QString& relativePath) const {
    return QStringLiteral("git://127.0.0.1:%1/%2").arg(m_port).arg(relativePath);
}

} // namespace syncline::test
