#include "HttpConnection.h"

#include <QSslSocket>

#include <cstdio>
#include <exception>
#include <sys/socket.h>
#include <unistd.h>

namespace syncline::devcluster {

HttpConnection::HttpConnection(QTcpSocket* socket, Handler handler, const HttpLimits& limits, QObject* parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler)), m_limits(limits), m_parser(limits) {
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_closing) {
            m_closing = true;
            Q_EMIT closed();
        }
        deleteLater();
    });
    // Idle covers the TLS handshake too: a client that connects and says nothing is cut off.
    m_idle.setSingleShot(true);
    m_idle.setInterval(m_limits.idleTimeoutMs);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_socket && !m_streaming)
            m_socket->abort();
    });
    m_idle.start();
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection() {
    if (!m_closing) {
        m_closing = true;
        Q_EMIT closed();
    }
}

void HttpConnection::onReadyRead() {
    if (!m_socket)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (m_streaming || m_dropping)
        return; // watch clients send nothing more; a refused request's rest is dropped
    m_parser.append(bytes);
    // A client that keeps sending while not reading its answers holds at most one
    // request's worth of input here before it is cut off.
    if (outputBacklogged() && m_parser.bufferedBytes() > m_limits.maxHeaderBytes + m_limits.maxBodyBytes) {
        m_socket->abort();
        return;
    }
    processBuffered();
}

void HttpConnection::onBytesWritten() {
    if (!m_streaming)
        m_idle.start(); // output progressing: the client is reading
    if (!outputBacklogged())
        processBuffered();
}

bool HttpConnection::outputBacklogged() const { return m_socket && m_socket->bytesToWrite() > m_limits.maxPendingWriteBytes; }

void HttpConnection::processBuffered() {
    if (m_dispatching)
        return; // a handler's own write called back into here
    while (m_socket && !m_streaming && !m_dropping && m_socket->state() == QAbstractSocket::ConnectedState &&
           !outputBacklogged()) {
        const HttpRequestParser::Status status = m_parser.next();
        if (status == HttpRequestParser::Status::NeedMore)
            return;
        if (status == HttpRequestParser::Status::Failed) {
            fail(m_parser.errorStatus(), m_parser.errorMessage());
            return;
        }
        HttpRequest request = m_parser.take();
        const QByteArray connection = request.header("connection").toLower();
        m_keepAlive = request.version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
        request.parseTarget();
        dispatch(request);
        if (!m_streaming)
            m_idle.start();
    }
}

void HttpConnection::dispatch(const HttpRequest& request) {
    m_answered = false;
    m_dispatching = true;
    // The last line of defence: the router turns what it knows into API errors; anything
    // else thrown by a handler ends this request, never the server.
    try {
        m_handler(request, *this);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "syncline-devcluster: %s %s failed: %s\n", request.method.constData(), qPrintable(request.path),
                     e.what());
    } catch (...) {
        std::fprintf(stderr, "syncline-devcluster: %s %s failed\n", request.method.constData(), qPrintable(request.path));
    }
    m_dispatching = false;
    if (!m_answered) {
        m_keepAlive = false;
        send(HttpResponse{500, "text/plain", "internal error"});
    }
}

void HttpConnection::fail(int status, const QByteArray& message) {
    // The client may still be sending (a body past the limit): closing now, with its bytes
    // unread, would reset the connection and lose the answer on the way. Answer, stop
    // writing, and drop whatever still comes for a moment before closing (what Go's
    // net/http does too).
    m_keepAlive = true; // no close() from send()
    send(HttpResponse{status, "text/plain", message, {{"Connection", "close"}}});
    m_dropping = true;
    m_idle.stop();
    if (!m_socket)
        return;
    m_socket->flush();
    auto* tls = qobject_cast<QSslSocket*>(m_socket.data());
    const auto shutdownWrite = [this, tls] {
        const bool written = m_socket && m_socket->bytesToWrite() == 0 && (!tls || tls->encryptedBytesToWrite() == 0);
        if (written && m_socket->socketDescriptor() >= 0)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    };
    shutdownWrite();
    connect(m_socket, &QTcpSocket::bytesWritten, this, shutdownWrite);
    if (tls)
        connect(tls, &QSslSocket::encryptedBytesWritten, this, shutdownWrite);
    QTimer::singleShot(1000, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
}

void HttpConnection::send(const HttpResponse& response) {
    if (m_answered && m_streaming)
        return;
    m_answered = true;
    if (!m_socket || m_dropping)
        return;
    m_socket->write(response.head(m_keepAlive) + response.body);
    if (!m_keepAlive)
        close();
}

void HttpConnection::sendCutThenExit(const HttpResponse& response, qint64 bodyBytes) {
    if (m_socket) {
        m_socket->write(response.head(m_keepAlive) + response.body.left(bodyBytes));
        while (m_socket->bytesToWrite() > 0 && m_socket->waitForBytesWritten(5000)) {
        }
    }
    std::fprintf(stderr, "syncline-devcluster: exiting after %lld bytes of a list answer (test-only fault)\n",
                 static_cast<long long>(bodyBytes));
    ::_exit(137);
}

void HttpConnection::beginStream(int status, const QByteArray& contentType) {
    m_answered = true;
    m_streaming = true;
    m_idle.stop(); // a watch may stay quiet for long; its own timeout ends it
    if (!m_socket)
        return;
    HttpResponse head{status, contentType, {}};
    m_socket->write(head.head(true, true));
}

void HttpConnection::writeChunk(const QByteArray& data) {
    if (!m_socket || !m_streaming || data.isEmpty() || m_dropping)
        return;
    if (outputBacklogged()) {
        abortLater(); // a watcher that does not read: dropped, as kube-apiserver drops slow watchers
        return;
    }
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

void HttpConnection::abortLater() {
    // Not from inside the caller's loop over the watches: the disconnect edits that list.
    m_dropping = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_socket)
                m_socket->abort();
        },
        Qt::QueuedConnection);
}

void HttpConnection::endStream() {
    if (!m_socket || !m_streaming)
        return;
    m_socket->write("0\r\n\r\n");
    m_streaming = false;
    close();
}

void HttpConnection::close() {
    if (m_socket) {
        m_socket->flush();
        m_socket->disconnectFromHost();
    }
}

} // namespace syncline::devcluster
