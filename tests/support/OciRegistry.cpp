#include "support/OciRegistry.h"

#include "support/ServerProcess.h"

#include <QFile>
#include <QStandardPaths>

namespace syncline::test {

namespace {

// The access log's lines: 127.0.0.1 - - [date] "GET /v2/… HTTP/1.1" 200 …
bool isRequestLine(const QString& line) {
    return line.contains(QLatin1String("\"GET /")) || line.contains(QLatin1String("\"HEAD /"));
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
    m_port = freeLocalPort();
    const QByteArray config = "version: 0.1\nlog:\n  level: info\nstorage:\n  filesystem:\n    rootdirectory: " +
                              m_dir.filePath(QStringLiteral("storage")).toUtf8() +
                              "\nhttp:\n  addr: 127.0.0.1:" + QByteArray::number(m_port) + "\n";
    QFile file(m_dir.filePath(QStringLiteral("config.yml")));
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size()) {
        *why = QStringLiteral("cannot write the registry's configuration");
        return false;
    }
    file.close();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, {QStringLiteral("serve"), file.fileName()});
    if (!waitUntilListening(m_port, m_process, 20000)) {
        *why = QStringLiteral("docker-registry did not start: %1").arg(QString::fromUtf8(m_process.readAll()));
        return false;
    }
    m_log.setPort(m_port);
    return true;
}

void OciRegistry::stop() { stopProcess(m_process); }

} // namespace syncline::test
