#include "support/HelmRepositoryServer.h"

#include "support/ServerProcess.h"

#include <QRegularExpression>
#include <QStandardPaths>

namespace syncline::test {

namespace {

bool isRequestLine(const QString& line) { return line.startsWith(QLatin1String("REQUEST ")); }

} // namespace

HelmRepositoryServer::HelmRepositoryServer(QString folder) : m_folder(std::move(folder)), m_log(m_process, &isRequestLine) {}

bool HelmRepositoryServer::start(QString* why) {
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        *why = QStringLiteral("python3 is not on PATH: the Helm repository server cannot run");
        return false;
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(
        python,
        {qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/support/chart_repository_server.py"), m_folder});
    QString seen;
    if (!waitForOutputLine(m_process, QStringLiteral("LISTENING "), 20000, &seen)) {
        *why = QStringLiteral("the Helm repository server did not start: %1").arg(seen);
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("LISTENING (\\d+)"));
    m_port = quint16(listening.match(seen).captured(1).toUInt());
    m_log.setPort(m_port);
    return m_port != 0;
}

void HelmRepositoryServer::stop() { stopProcess(m_process); }

} // namespace syncline::test
