#include "HttpServer.h"

#include <QSslServer>

namespace syncline::devcluster {

HttpServer::HttpServer(HttpConnection::Handler handler, std::optional<QSslConfiguration> tls, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_tls(std::move(tls)) {
    if (m_tls) {
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(*m_tls);
        m_server = std::move(server);
    } else {
        m_server = std::make_unique<QTcpServer>();
    }
    // QSslServer adds a socket to the pending list once its handshake is done; the plain
    // server right away. Both announce it with pendingConnectionAvailable.
    connect(m_server.get(), &QTcpServer::pendingConnectionAvailable, this, &HttpServer::acceptPending);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(quint16 port, QString* error) {
    if (!m_server->listen(QHostAddress::LocalHost, port)) {
        if (error)
            *error = m_server->errorString();
        return false;
    }
    return true;
}

quint16 HttpServer::port() const { return m_server->serverPort(); }

void HttpServer::acceptPending() {
    while (QTcpSocket* socket = m_server->nextPendingConnection())
        new HttpConnection(socket, m_handler, this);
}

} // namespace syncline::devcluster
