#include "support/ServerProcess.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace syncline::test {

quint16 freeLocalPort() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

bool waitUntilListening(quint16 port, const QProcess& process, int timeoutMs) {
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (process.state() == QProcess::NotRunning)
            return false;
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        // A refused connection fails at once; the wait only bounds a stalled handshake.
        if (socket.waitForConnected(int(qMin<qint64>(500, deadline.remainingTime())))) {
            socket.disconnectFromHost();
            return true;
        }
    }
    return false;
}

bool waitForOutputLine(QProcess& process, const QString& marker, int timeoutMs, QString* seen) {
    const QDeadlineTimer deadline(timeoutMs);
    QString text;
    bool found = false;
    while (!found && !deadline.hasExpired()) {
        text += QString::fromUtf8(process.readAll());
        found = text.contains(marker);
        if (found || process.state() == QProcess::NotRunning)
            break;
        process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
    if (!found)
        text += QString::fromUtf8(process.readAll());
    if (seen)
        *seen = text;
    return found;
}

void stopProcess(QProcess& process) {
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(-1);
    }
}

int runProgram(const QString& program, const QStringList& args, QString* output, const QProcessEnvironment& environment) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, args);
    process.closeWriteChannel();
    process.waitForFinished(-1);
    if (output)
        *output = QString::fromUtf8(process.readAll());
    return process.exitStatus() == QProcess::NormalExit && process.error() != QProcess::FailedToStart ? process.exitCode() : -1;
}

} // namespace syncline::test
