#include "support/GitDaemon.h"

#include "support/GitFixture.h"

#include <QFile>

namespace syncline::test {

GitDaemon::GitDaemon(QString basePath) : m_listener(daemonCommand(basePath)) {}

// git daemon --inetd serves the one connection on its stdin and stdout, then exits; it
// runs in git's test environment (no user or system configuration).
InetdListener::Command GitDaemon::daemonCommand(const QString& basePath) {
    InetdListener::Command command;
    command.arguments = {"git",
                         "daemon",
                         "--inetd",
                         "--export-all",
                         "--informative-errors",
                         "--base-path=" + QFile::encodeName(basePath),
                         QFile::encodeName(basePath)};
    for (const QString& entry : GitFixture::gitEnvironment().toStringList())
        command.environment.append(entry.toLocal8Bit());
    return command;
}

bool GitDaemon::start(QString* error) {
    if (m_listener.start(error))
        return true;
    if (error)
        *error = QStringLiteral("git daemon: ") + *error;
    return false;
}

QString GitDaemon::url(const QString& relativePath) const {
    return QStringLiteral("git://127.0.0.1:%1/%2").arg(port()).arg(relativePath);
}

} // namespace syncline::test
