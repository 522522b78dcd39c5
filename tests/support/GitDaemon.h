#pragma once

#include <QString>
#include <QStringList>

#include <mutex>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace syncline::test {

// `git daemon` serving every repository under `basePath` over git:// on 127.0.0.1. The
// test process binds the listening socket itself (port 0: the kernel picks a free port,
// and it is ours from that moment) and runs one `git daemon --inetd` per accepted
// connection, the connection as its stdin and stdout — no port is picked first and
// handed over, so no other process can take it in between.
class GitDaemon {
public:
    explicit GitDaemon(QString basePath);
    ~GitDaemon(); // stops accepting, then waits for the connections still being served

    GitDaemon(const GitDaemon&) = delete;
    GitDaemon& operator=(const GitDaemon&) = delete;

    // Listens; false + `error` if the socket cannot be bound.
    bool start(QString* error);
    quint16 port() const { return m_port; }
    // git://127.0.0.1:<port>/<relativePath>
    QString url(const QString& relativePath) const;
    // True while a connection is still being served (its git daemon --inetd runs
    // upload-pack or receive-pack): a killed client's receive-pack may still be moving
    // objects into place.
    bool servingConnection() const;

private:
    void acceptConnections();
    void serve(int connection);
    void reapFinished() const;

    QString m_basePath;
    quint16 m_port = 0;
    int m_listener = -1;
    std::thread m_acceptor;
    QStringList m_environment; // git's test environment, for every daemon
    mutable std::mutex m_mutex;
    mutable std::vector<pid_t> m_serving; // one git daemon --inetd per open connection
};

} // namespace syncline::test
