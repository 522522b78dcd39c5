#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpSocket>

namespace syncline::test {

// Bytes on a socket, for tests that play a hostile client: requests no well-behaved HTTP
// library would send, and answers read as the server wrote them. Every wait is on the
// socket (ready-read, disconnected) with a generous bound, never a sleep.
struct RawResponse {
    int status = 0; // 0: no complete response
    QByteArray head;
    QByteArray body;
};

class RawHttp {
public:
    static constexpr int kWaitMs = 20'000;

    static QByteArray request(const QByteArray& method, const QByteArray& target, const QString& token,
                              const QByteArray& body = {}, const QList<QPair<QByteArray, QByteArray>>& headers = {});
    // Connects to 127.0.0.1:port; false if that fails.
    static bool connect(QTcpSocket& socket, int port);
    // One response (Content-Length framed) from a keep-alive connection.
    static RawResponse readResponse(QTcpSocket& socket);
    // Everything until the server closes the connection (or kWaitMs without a byte).
    static QByteArray readUntilClosed(QTcpSocket& socket);
    // A fresh connection, GET /api/v1/namespaces with the token: the status (0 when none).
    static int probe(int port, const QString& token);
};

} // namespace syncline::test
