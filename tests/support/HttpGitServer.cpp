#include "support/HttpGitServer.h"

#include <QHash>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <optional>

namespace syncline::test {

namespace {

struct HttpRequest {
    QByteArray method;
    QByteArray target;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    qsizetype consumed = 0; // bytes of the buffer this request used
};

// Decodes a "Transfer-Encoding: chunked" body; nullopt while incomplete. `consumed`
// receives the length of the encoded body.
std::optional<QByteArray> decodeChunked(const QByteArray& data, qsizetype* consumed) {
    QByteArray body;
    qsizetype pos = 0;
    while (true) {
        const qsizetype lineEnd = data.indexOf("\r\n", pos);
        if (lineEnd < 0)
            return std::nullopt;
        bool ok = false;
        const qsizetype size = data.mid(pos, lineEnd - pos).split(';').value(0).trimmed().toLongLong(&ok, 16);
        if (!ok)
            return std::nullopt;
        pos = lineEnd + 2;
        if (size == 0) {
            const qsizetype end = data.indexOf("\r\n", pos); // after optional trailers
            if (end < 0)
                return std::nullopt;
            *consumed = end + 2;
            return body;
        }
        if (data.size() < pos + size + 2)
            return std::nullopt;
        body += data.mid(pos, size);
        pos += size + 2;
    }
}

// Parses one request from `buffer`; nullopt until headers and body are complete.
std::optional<HttpRequest> parseRequest(const QByteArray& buffer) {
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    HttpRequest request;
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const QByteArray rest = buffer.mid(headerEnd + 4);
    if (request.headers.value("transfer-encoding").toLower() == "chunked") {
        qsizetype used = 0;
        auto body = decodeChunked(rest, &used);
        if (!body)
            return std::nullopt;
        request.body = *body;
        request.consumed = headerEnd + 4 + used;
    } else {
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (rest.size() < length)
            return std::nullopt;
        request.body = rest.left(length);
        request.consumed = headerEnd + 4 + length;
    }
    return request;
}

QByteArray httpResponse(const QByteArray& status, const QList<QByteArray>& headers, const QByteArray& body) {
    QByteArray out = "HTTP/1.1 " + status + "\r\n";
    for (const QByteArray& header : headers)
        out += header + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    return out + body;
}

// Turns CGI output ("Status: ..." and other headers, blank line, body) into HTTP.
QByteArray cgiToHttp(const QByteArray& output) {
    qsizetype split = output.indexOf("\r\n\r\n");
    qsizetype separator = 4;
    if (split < 0) {
        split = output.indexOf("\n\n");
        separator = 2;
    }
    if (split < 0)
        return httpResponse("502 Bad Gateway", {}, "bad CGI output\n");
    QByteArray status = "200 OK";
    QList<QByteArray> headers;
    for (const QByteArray& raw : output.left(split).split('\n')) {
        const QByteArray line = raw.trimmed();
        if (line.toLower().startsWith("status:"))
            status = line.mid(7).trimmed();
        else if (!line.isEmpty() && !line.toLower().startsWith("content-length:"))
            headers.append(line);
    }
    return httpResponse(status, headers, output.mid(split + separator));
}

} // namespace

// Lives on the server thread: owns the listener and its connections.
class HttpGitServer::Worker : public QObject {
public:
    Worker(QString projectRoot, QByteArray expectedAuthorization, QString redirect, std::shared_ptr<Stats> stats)
        : m_projectRoot(std::move(projectRoot)), m_expectedAuthorization(std::move(expectedAuthorization)),
          m_redirect(std::move(redirect)), m_stats(std::move(stats)) {}

    quint16 listen() {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { acceptConnections(); });
        return m_server->serverPort();
    }

    void shutdown() {
        delete m_server; // and with it every open connection
        m_server = nullptr;
    }

private:
    void acceptConnections() {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            auto buffer = std::make_shared<QByteArray>();
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                // Keep-alive: answer every complete request; the client closes.
                while (const auto request = parseRequest(*buffer)) {
                    buffer->remove(0, request->consumed);
                    socket->write(respond(*request));
                }
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    QByteArray respond(const HttpRequest& request) {
        if (const QByteArray header = request.headers.value("authorization"); header.startsWith("Basic ")) {
            const std::lock_guard lock(m_stats->mutex);
            m_stats->credentials.append(QByteArray::fromBase64(header.mid(6)));
        }
        if (!m_redirect.isEmpty()) {
            ++m_stats->redirected;
            return httpResponse("302 Found", {"Location: " + m_redirect.toUtf8() + request.target}, {});
        }
        if (request.headers.value("authorization") != m_expectedAuthorization) {
            ++m_stats->rejected;
            // libgit2 1.5 reads a response body only when Content-Type (or chunking) is set.
            return httpResponse("401 Unauthorized",
                                {"WWW-Authenticate: Basic realm=\"syncline-test\"", "Content-Type: text/plain"},
                                "authentication required\n");
        }
        ++m_stats->authorized;
        return cgiToHttp(runBackend(request));
    }

    QByteArray runBackend(const HttpRequest& request) const {
        const qsizetype question = request.target.indexOf('?');
        const QByteArray path = question < 0 ? request.target : request.target.left(question);
        const QByteArray query = question < 0 ? QByteArray() : request.target.mid(question + 1);

        QProcessEnvironment env;
        env.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
        env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
        env.insert(QStringLiteral("GIT_PROJECT_ROOT"), m_projectRoot);
        env.insert(QStringLiteral("GIT_HTTP_EXPORT_ALL"), QStringLiteral("1"));
        env.insert(QStringLiteral("GATEWAY_INTERFACE"), QStringLiteral("CGI/1.1"));
        env.insert(QStringLiteral("SERVER_PROTOCOL"), QStringLiteral("HTTP/1.1"));
        env.insert(QStringLiteral("REQUEST_METHOD"), QString::fromLatin1(request.method));
        env.insert(QStringLiteral("PATH_INFO"), QUrl::fromPercentEncoding(path));
        env.insert(QStringLiteral("QUERY_STRING"), QString::fromLatin1(query));
        env.insert(QStringLiteral("CONTENT_TYPE"), QString::fromLatin1(request.headers.value("content-type")));
        env.insert(QStringLiteral("CONTENT_LENGTH"), QString::number(request.body.size()));
        env.insert(QStringLiteral("REMOTE_USER"), QStringLiteral("syncline-test"));
        env.insert(QStringLiteral("REMOTE_ADDR"), QStringLiteral("127.0.0.1"));
        if (request.headers.contains("git-protocol"))
            env.insert(QStringLiteral("HTTP_GIT_PROTOCOL"), QString::fromLatin1(request.headers.value("git-protocol")));

        QProcess backend;
        backend.setProcessEnvironment(env);
        backend.start(HttpGitServer::backendPath(), {});
        backend.write(request.body);
        backend.closeWriteChannel();
        if (!backend.waitForFinished(30000)) {
            backend.kill();
            backend.waitForFinished(-1);
        }
        return backend.readAllStandardOutput();
    }

    QString m_projectRoot;
    QByteArray m_expectedAuthorization;
    QString m_redirect;
    std::shared_ptr<Stats> m_stats;
    QTcpServer* m_server = nullptr;
};

HttpGitServer::HttpGitServer(QString projectRoot, QString username, QString password)
    : m_projectRoot(std::move(projectRoot)), m_username(std::move(username)), m_password(std::move(password)) {}

HttpGitServer::~HttpGitServer() {
    if (m_worker && m_thread.isRunning())
        QMetaObject::invokeMethod(
            m_worker.get(), [this] { m_worker->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    // The thread has finished, so deleting its objects from here is safe.
    m_worker.reset();
}

bool HttpGitServer::start(QString* error) {
    const QByteArray authorization = "Basic " + (m_username + QLatin1Char(':') + m_password).toUtf8().toBase64();
    m_worker = std::make_unique<Worker>(m_projectRoot, authorization, m_redirect, m_stats);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker.get(), [this, &port] { port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    m_port = port;
    if (m_port == 0 && error)
        *error = QStringLiteral("cannot listen on 127.0.0.1");
    return m_port != 0;
}

bool HttpGitServer::receivedAuthorization(const QString& secret) const {
    const std::lock_guard lock(m_stats->mutex);
    for (const QByteArray& credentials : m_stats->credentials)
        if (credentials.contains(secret.toUtf8()))
            return true;
    return false;
}

QString HttpGitServer::url(const QString& relativePath) const {
    return QStringLiteral("http://127.0.0.1:%1/%2").arg(m_port).arg(relativePath);
}

} // namespace syncline::test
