#pragma once

#include <QDir>
#include <QFile>
#include <QString>

namespace syncline::test {

// Whether this test process itself holds the socket listening on 127.0.0.1:`port` — the
// promise of the test servers that bind their own port (InetdListener): a port handed to
// a child process could be taken by another process in between.
inline QString listeningInode(quint16 port) { // from /proc/net/tcp; empty: nothing listens
    QFile table(QStringLiteral("/proc/net/tcp"));
    if (!table.open(QIODevice::ReadOnly))
        return {};
    const QString local = QStringLiteral("0100007F:%1").arg(port, 4, 16, QLatin1Char('0')).toUpper();
    const QList<QByteArray> rows = table.readAll().split('\n');
    for (const QByteArray& row : rows) {
        const QList<QByteArray> fields = row.simplified().split(' ');
        if (fields.size() > 9 && QString::fromLatin1(fields[1]) == local && fields[3] == "0A") // 0A: LISTEN
            return QString::fromLatin1(fields[9]);
    }
    return {};
}

inline bool openInThisProcess(const QString& inode) {
    const QString wanted = QStringLiteral("socket:[%1]").arg(inode);
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const QString& fd : fds.entryList(QDir::Files | QDir::System | QDir::NoDotAndDotDot))
        if (QFile::symLinkTarget(fds.filePath(fd)).endsWith(wanted)) // "/proc/self/fd/socket:[…]"
            return true;
    return false;
}

} // namespace syncline::test
