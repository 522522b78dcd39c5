#include "HttpServer.h"

#include "TcpListener.h"

#include <QSslSocket>

#include <cstdio>
#include <unistd.h>

namespace syncline::devcluster {

HttpServer::HttpServer(HttpConnection::Handler handler, std::optional<QSslConfiguration> tls, HttpLimits limits, QObject* parent)
    : QObject(parent), m_handler(std::move(handler)), m_tls(std::move(tls)), m_limits(limits),
      m_listener(std::make_unique<TcpListener>()) {
    connect(m_listener.get(), &TcpListener::descriptorAccepted, this, &HttpServer::onDescriptor);
    connect(m_listener.get(), &TcpListener::acceptFailed, this, [](const QString& reason) {
        std::fprintf(stderr, "syncline-devcluster: cannot accept connections (%s): waiting for one to close\n",
                     qPrintable(reason));
    });
    connect(m_listener.get(), &TcpListener::recovered, this,
            [] { std::fprintf(stderr, "syncline-devcluster: accepting connections again\n"); });
    connect(m_listener.get(), &TcpListener::paused, this, &HttpServer::onPaused);
    // Out of descriptors: resume when one of ours closes, or after a second at the latest
    // (the descriptors may be held by long watches or by someone else).
    m_retryAccept.setSingleShot(true);
    m_retryAccept.setInterval(1000);
    connect(&m_retryAccept, &QTimer::timeout, this, &HttpServer::resumeAccepting);
}

HttpServer::~HttpServer() = default;

bool HttpServer::listen(quint16 port, QString* error) {
    if (!m_listener->listen(port, error)) {
        return false;
    }
    return true;
}

quint16 HttpServer::port() const { return m_listener->port(); }

void HttpServer::onDescriptor(qintptr descriptor) {
    if (m_open >= m_limits.maxConnections) {
        ::close(int(descriptor)); // over the cap: the client sees its connection closed at once
        return;
    }
    QTcpSocket* socket = m_tls ? new QSslSocket : new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    ++m_open;
    auto* connection = new HttpConnection(socket, m_handler, m_limits, this);
    connect(connection, &HttpConnection::closed, this, &HttpServer::onConnectionClosed);
    if (auto* tlsSocket = qobject_cast<QSslSocket*>(socket)) {
        tlsSocket->setSslConfiguration(*m_tls);
        tlsSocket->startServerEncryption();
    }
}

void HttpServer::onPaused() {
    m_paused = true;
    m_retryAccept.start();
}

void HttpServer::onConnectionClosed() {
    --m_open;
    resumeAccepting();
}

void HttpServer::resumeAccepting() {
    if (!m_paused)
        return;
    m_paused = false;
    m_listener->resume();
}

} // namespace syncline::devcluster
