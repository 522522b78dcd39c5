#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <mutex>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace syncline::test {

// A listening socket on 127.0.0.1 owned by the test process (port 0: the kernel picks a
// free port, and it is ours from that moment) that runs one inetd-style program per
// accepted connection, the connection as the program's stdin and stdout. A server run this
// way is never handed a port picked earlier, which another process could take in between.
class InetdListener {
public:
    struct Command {
        QList<QByteArray> arguments;   // arguments[0]: the program, looked up in PATH
        QList<QByteArray> environment; // "NAME=value" entries; empty: this process's own
        QByteArray logFile;            // the programs' stderr, appended; empty: this process's
    };

    explicit InetdListener(Command command);
    ~InetdListener(); // stops accepting, then ends the programs still serving a connection

    InetdListener(const InetdListener&) = delete;
    InetdListener& operator=(const InetdListener&) = delete;

    // Listens; false + `error` if the socket cannot be bound.
    bool start(QString* error);
    quint16 port() const { return m_port; }
    // True while a program still serves its connection.
    bool servingConnection() const;

private:
    void acceptConnections();
    void serve(int connection);
    void reapFinished() const;

    Command m_command;
    quint16 m_port = 0;
    int m_listener = -1;
    std::thread m_acceptor;
    mutable std::mutex m_mutex;
    mutable std::vector<pid_t> m_serving; // one program per open connection
};

} // namespace syncline::test
