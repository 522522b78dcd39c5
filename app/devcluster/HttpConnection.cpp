#include "HttpConnection.h"

namespace syncline::devcluster {

namespace {
constexpr qsizetype kMaxHeaderBytes = 256 * 1024;
constexpr qsizetype kMaxBodyBytes = 64 * 1024 * 1024;
} // namespace

HttpConnection::HttpConnection(QTcpSocket* socket, Handler handler, QObject* parent)
    : QObject(parent), m_socket(socket), m_handler(std::move(handler)) {
    socket->setParent(this);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_closing) {
            m_closing = true;
            Q_EMIT closed();
        }
        deleteLater();
    });
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
    m_buffer += m_socket->readAll();
    if (m_streaming) {
        m_buffer.clear(); // watch clients send nothing more; ignore
        return;
    }
    while (!m_streaming && m_socket && m_socket->state() == QAbstractSocket::ConnectedState && parseOne()) {
    }
}

bool HttpConnection::parseOne() {
    const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (m_buffer.size() > kMaxHeaderBytes)
            fail(413, "request headers too large");
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
    HttpRequest request;
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        fail(400, "malformed request line");
        return false;
    }
    request.method = requestLine[0];
    request.target = requestLine[1];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    qsizetype bodyStart = headerEnd + 4;
    if (request.header("transfer-encoding").toLower().contains("chunked")) {
        // Chunked request body: decode once complete.
        QByteArray body;
        qsizetype pos = bodyStart;
        while (true) {
            const qsizetype lineEnd = m_buffer.indexOf("\r\n", pos);
            if (lineEnd < 0)
                return false;
            bool ok = false;
            const qsizetype size = m_buffer.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || body.size() + size > kMaxBodyBytes) {
                fail(400, "malformed chunked body");
                return false;
            }
            if (m_buffer.size() < lineEnd + 2 + size + 2)
                return false;
            if (size == 0) {
                const qsizetype trailerEnd = m_buffer.indexOf("\r\n", lineEnd + 2);
                if (trailerEnd < 0)
                    return false;
                pos = trailerEnd + 2;
                break;
            }
            body += m_buffer.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
        }
        request.body = body;
        m_buffer.remove(0, pos);
    } else {
        bool ok = true;
        const QByteArray lengthText = request.header("content-length");
        const qsizetype length = lengthText.isEmpty() ? 0 : lengthText.toLongLong(&ok);
        if (!ok || length < 0 || length > kMaxBodyBytes) {
            fail(ok ? 413 : 400, "bad content length");
            return false;
        }
        if (m_buffer.size() < bodyStart + length)
            return false;
        request.body = m_buffer.mid(bodyStart, length);
        m_buffer.remove(0, bodyStart + length);
    }
    const QByteArray connection = request.header("connection").toLower();
    m_keepAlive = requestLine[2] == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    request.parseTarget();
    m_answered = false;
    m_handler(request, *this);
    if (!m_answered && !m_streaming)
        send(HttpResponse{500, "text/plain", "no answer"});
    return !m_streaming;
}

void HttpConnection::fail(int status, const QByteArray& message) {
    m_keepAlive = false;
    send(HttpResponse{status, "text/plain", message});
}

void HttpConnection::send(const HttpResponse& response) {
    m_answered = true;
    if (!m_socket)
        return;
    m_socket->write(response.head(m_keepAlive) + response.body);
    if (!m_keepAlive)
        close();
}

void HttpConnection::beginStream(int status, const QByteArray& contentType) {
    m_answered = true;
    m_streaming = true;
    if (!m_socket)
        return;
    HttpResponse head{status, contentType, {}};
    m_socket->write(head.head(true, true));
}

void HttpConnection::writeChunk(const QByteArray& data) {
    if (!m_socket || !m_streaming || data.isEmpty())
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
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
