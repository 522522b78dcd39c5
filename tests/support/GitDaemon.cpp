#include "support/GitDaemon.h"

#include "support/GitFixture.h"
#include "support/ServerProcess.h"

#include <QDir>
#include <QFile>
#include <QMultiHash>

namespace syncline::test {

GitDaemon::GitDaemon(QString basePath) : m_basePath(std::move(basePath)) {}

GitDaemon::~GitDaemon() { stopProcess(m_process); }

bool GitDaemon::start(QString* error) {
    m_port = freeLocalPort();
    m_process.setProcessEnvironment(GitFixture::gitEnvironment());
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(QStringLiteral("git"),
                    {QStringLiteral("daemon"), QStringLiteral("--listen=127.0.0.1"), QStringLiteral("--port=%1").arg(m_port),
                     QStringLiteral("--reuseaddr"), QStringLiteral("--export-all"), QStringLiteral("--informative-errors"),
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

namespace {

// Parent pid of every process, read from /proc/<pid>/stat (the field after the command).
QMultiHash<qint64, qint64> childrenByParent() {
    QMultiHash<qint64, qint64> children;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool numeric = false;
        const qint64 pid = entry.toLongLong(&numeric);
        QFile stat(QStringLiteral("/proc/%1/stat").arg(entry));
        if (!numeric || !stat.open(QIODevice::ReadOnly))
            continue;
        const QByteArray text = stat.readAll();
        const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1)
            children.insert(fields.at(1).toLongLong(), pid);
    }
    return children;
}

QByteArray commandLine(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

bool GitDaemon::servingConnection() const {
    const auto children = childrenByParent();
    QList<qint64> pending{m_process.processId()};
    while (!pending.isEmpty()) {
        const auto descendants = children.values(pending.takeLast());
        for (const qint64 pid : descendants) {
            const QByteArray line = commandLine(pid);
            if (line.contains("-pack") || line.contains("--serve"))
                return true;
            pending.append(pid);
        }
    }
    return false;
}

} // namespace syncline::test
