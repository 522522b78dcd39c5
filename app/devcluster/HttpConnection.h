#pragma once

#include "HttpLimits.h"
#include "HttpRequest.h"
#include "HttpRequestParser.h"
#include "HttpResponse.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <functional>

namespace syncline::devcluster {

// One client connection speaking HTTP/1.1 with keep-alive. Requests are handed to the
// handler one at a time; the handler answers with send() or starts a chunked stream
// (watch) with beginStream(), after which the connection only streams until it closes.
// The connection is closed when idle (no complete request and no output for
// idleTimeoutMs), when the client does not read what it asked for, and when the
// handler throws (after a 500 if nothing was answered yet).
class HttpConnection : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequest&, HttpConnection&)>;

    HttpConnection(QTcpSocket* socket, Handler handler, const HttpLimits& limits, QObject* parent = nullptr);
    ~HttpConnection() override;

    void send(const HttpResponse& response);
    // Test-only: writes the head and the first `bodyBytes` of the body, waits until they
    // left, then ends the process on the spot (_exit, nothing more saved or sent), as a
    // kill -9 at that byte would.
    [[noreturn]] void sendCutThenExit(const HttpResponse& response, qint64 bodyBytes);
    void beginStream(int status, const QByteArray& contentType);
    void writeChunk(const QByteArray& data);
    void endStream();
    bool isStreaming() const { return m_streaming; }
    bool hasAnswered() const { return m_answered; }
    void close();

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    void onBytesWritten();
    void processBuffered();
    void dispatch(const HttpRequest& request);
    void fail(int status, const QByteArray& message);
    void abortLater();
    bool outputBacklogged() const;

    QPointer<QTcpSocket> m_socket;
    Handler m_handler;
    HttpLimits m_limits;
    HttpRequestParser m_parser;
    QTimer m_idle;
    bool m_keepAlive = true;
    bool m_streaming = false;
    bool m_answered = false;
    bool m_closing = false;  // closed() was emitted
    bool m_dropping = false; // cut off: nothing more is read or written
    bool m_dispatching = false;
};

} // namespace syncline::devcluster
