#pragma once

#include "HttpConnection.h"
#include "HttpLimits.h"

#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>
#include <optional>

namespace syncline::devcluster {

class TcpListener;

// Listens on loopback (plain TCP, or TLS when given a configuration) and hands every
// request of every connection to one handler. At most limits.maxConnections are open at
// once (more are closed as they arrive); when accept() fails (the process is out of file
// descriptors) accepting pauses until a connection closes, instead of spinning.
class HttpServer : public QObject {
    Q_OBJECT
public:
    HttpServer(HttpConnection::Handler handler, std::optional<QSslConfiguration> tls, HttpLimits limits = {},
               QObject* parent = nullptr);
    ~HttpServer() override;

    bool listen(quint16 port, QString* error);
    quint16 port() const;
    bool isTls() const { return m_tls.has_value(); }
    int openConnections() const { return m_open; }

private:
    void onDescriptor(qintptr descriptor);
    void onPaused();
    void onConnectionClosed();
    void resumeAccepting();

    HttpConnection::Handler m_handler;
    std::optional<QSslConfiguration> m_tls;
    HttpLimits m_limits;
    std::unique_ptr<TcpListener> m_listener;
    QTimer m_retryAccept;
    int m_open = 0;
    bool m_paused = false;
};

} // namespace syncline::devcluster
