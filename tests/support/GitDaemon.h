#pragma once

#include "support/InetdListener.h"

#include <QString>

namespace syncline::test {

// `git daemon` serving every repository under `basePath` over git:// on 127.0.0.1. The
// test process binds the listening socket itself (InetdListener) and runs one
// `git daemon --inetd` per accepted connection — no port is picked first and handed over,
// so no other process can take it in between.
class GitDaemon {
public:
    explicit GitDaemon(QString basePath);

    // Listens; false + `error` if the socket cannot be bound.
    bool start(QString* error);
    quint16 port() const { return m_listener.port(); }
    // git://127.0.0.1:<port>/<relativePath>
    QString url(const QString& relativePath) const;
    // True while a connection is still being served (its git daemon --inetd runs
    // upload-pack or receive-pack): a killed client's receive-pack may still be moving
    // objects into place.
    bool servingConnection() const { return m_listener.servingConnection(); }

private:
    static InetdListener::Command daemonCommand(const QString& basePath);

    InetdListener m_listener;
};

} // namespace syncline::test
