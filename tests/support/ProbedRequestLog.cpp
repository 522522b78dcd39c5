#include "support/ProbedRequestLog.h"

#include <QDeadlineTimer>
#include <QTcpSocket>

namespace syncline::test {

namespace {

const QString kProbe = QStringLiteral("syncline-probe-");

} // namespace

ProbedRequestLog::ProbedRequestLog(QProcess& process, bool (*isRequest)(const QString& line))
    : m_process(process), m_isRequest(isRequest) {}

void ProbedRequestLog::readAvailable() { m_text += QString::fromUtf8(m_process.readAll()); }

bool ProbedRequestLog::settle(int timeoutMs) {
    const QString path = QStringLiteral("/v2/") + kProbe + QString::number(++m_probes);
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), m_port);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(QStringLiteral("GET %1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").arg(path).toLatin1());
    socket.waitForBytesWritten(timeoutMs);
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(timeoutMs))
        socket.readAll(); // the answer (404) ends the request; the log line follows it
    const QDeadlineTimer deadline(timeoutMs);
    for (readAvailable(); !m_text.contains(path) && !deadline.hasExpired(); readAvailable())
        if (!m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))) &&
            m_process.state() == QProcess::NotRunning)
            break;
    return m_text.contains(path);
}

QStringList ProbedRequestLog::requests() const {
    QStringList requests;
    for (const QString& line : m_text.split(QLatin1Char('\n')))
        if (m_isRequest(line) && !line.contains(kProbe))
            requests << line;
    return requests;
}

} // namespace syncline::test
