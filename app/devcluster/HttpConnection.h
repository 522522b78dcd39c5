#pragma once

#include "HttpRequest.h"
#include "HttpResponse.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <functional>

namespace syncline::devcluster {

// One client connection speaking HTTP/1.1 with keep-alive. Requests are handed to the
// handler one at a time; the handler answers with send() or starts a chunked stream
// (watch) with beginStream(), after which the connection only streams until it closes.
class HttpConnection : public QObject {
    Q_OBJECT
public:
    using Handler = std::function<void(const HttpRequest&, HttpConnection&)>;

    HttpConnection(QTcpSocket* socket, Handler handler, QObject* parent = nullptr);
    ~HttpConnection() override;

    void send(const HttpResponse& response);
    void beginStream(int status, const QByteArray& contentType);
    void writeChunk(const QByteArray& data);
    void endStream();
    bool isStreaming() const { return m_streaming; }
    void close();

Q_SIGNALS:
    void closed();

private:
    void onReadyRead();
    bool parseOne(); // false: need more bytes (or the connection was closed)
    void fail(int status, const QByteArray& message);

    QPointer<QTcpSocket> m_socket;
    Handler m_handler;
    QByteArray m_buffer;
    bool m_keepAlive = true;
    bool m_streaming = false;
    bool m_answered = false;
    bool m_closing = false;
};

} // namespace syncline::devcluster
