#pragma once

#include "HttpConnection.h"

#include <QObject>
#include <QSslConfiguration>
#include <QTcpServer>

#include <memory>
#include <optional>

namespace syncline::devcluster {

// Listens on loopback (plain TCP, or TLS when given a configuration) and hands every
// request of every connection to one handler.
class HttpServer : public QObject {
    Q_OBJECT
public:
    HttpServer(HttpConnection::Handler handler, std::optional<QSslConfiguration> tls, QObject* parent = nullptr);
    ~HttpServer() override;

    bool listen(quint16 port, QString* error);
    quint16 port() const;
    bool isTls() const { return m_tls.has_value(); }

private:
    void acceptPending();

    HttpConnection::Handler m_handler;
    std::optional<QSslConfiguration> m_tls;
    std::unique_ptr<QTcpServer> m_server;
};

} // namespace syncline::devcluster
