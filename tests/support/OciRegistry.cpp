#include "support/OciRegistry.h"

#include "support/ServerProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

namespace syncline::test {

namespace {

// The access log's lines: 127.0.0.1 - - [date] "GET /v2/… HTTP/1.1" 200 …
bool isRequestLine(const QString& line) {
    return line.contains(QLatin1String("\"GET /")) || line.contains(QLatin1String("\"HEAD /"));
}

// The port in the registry's `msg="listening on 127.0.0.1:<port>"` (the address it bound,
// as Go reports it); 0 when the log has no such line.
quint16 listeningPort(const QString& log) {
    static const QRegularExpression line(QStringLiteral("msg=\"listening on 127\\.0\\.0\\.1:([0-9]{1,5})\""));
    const QRegularExpressionMatch match = line.match(log);
    const uint port = match.hasMatch() ? match.captured(1).toUInt() : 0;
    return port <= 65535 ? quint16(port) : 0;
}

// Reads the registry's log until it says where it listens (a whole line: the port's last
// digit may come in a later read); 0 when it exits or 20 s pass first.
quint16 readListeningPort(QProcess& registry, QString* log) {
    const QDeadlineTimer deadline(20000);
    for (;;) {
        *log += QString::fromUtf8(registry.readAll());
        const quint16 port = listeningPort(*log);
        if (port != 0 || deadline.hasExpired() || registry.state() == QProcess::NotRunning)
            return port;
        registry.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
    }
}

} // namespace

OciRegistry::OciRegistry() : m_log(m_process, &isRequestLine) {}

bool OciRegistry::start(QString* why) {
    const QString program = QStandardPaths::findExecutable(QStringLiteral("docker-registry"));
    if (program.isEmpty()) {
        *why =
            QStringLiteral("docker-registry is not installed (Debian package docker-registry): no OCI registry to test against");
        return false;
    }
    // Port 0: the registry binds a port of the kernel's choice and logs it, so no port is
    // picked first and handed over (another process could take it in between).
    const QByteArray config = "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: " +
                              m_dir.filePath(QStringLiteral("storage")).toUtf8() + "\nhttp:\n  addr: 127.0.0.1:0\n";
    QFile file(m_dir.filePath(QStringLiteral("config.yml")));
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size()) {
        *why = QStringLiteral("cannot write the registry's configuration");
        return false;
    }
    file.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, {QStringLiteral("serve"), file.fileName()});
    QString log;
    m_port = readListeningPort(m_process, &log);
    if (m_port == 0) {
        *why = QStringLiteral("docker-registry did not say where it listens: %1").arg(log.right(2000));
        stop();
        return false;
    }
    m_log.setPort(m_port);
    return true;
}

void OciRegistry::stop() { stopProcess(m_process); }

} // namespace syncline::test
