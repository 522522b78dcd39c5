#include "support/FaultyApiServer.h"

#include <QFile>
#include <QPointer>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

namespace syncline::test {

FaultResponse FaultResponse::json(const nlohmann::json& body, int status) {
    FaultResponse response;
    response.status = status;
    response.headers.emplace_back(QByteArray("Content-Type"), QByteArray("application/json"));
    response.body = QByteArray::fromStdString(body.dump());
    return response;
}

FaultResponse FaultResponse::rawJson(QByteArray body, int status) {
    FaultResponse response;
    response.status = status;
    response.headers.emplace_back(QByteArray("Content-Type"), QByteArray("application/json"));
    response.body = std::move(body);
    return response;
}

QByteArray FaultResponse::nestedArrays(int depth) { return QByteArray(depth, '[') + '0' + QByteArray(depth, ']'); }

FaultResponse FaultResponse::apiStatus(int code, const QString& reason, const QString& message) {
    return json({{"kind", "Status"},
                 {"apiVersion", "v1"},
                 {"metadata", nlohmann::json::object()},
                 {"status", "Failure"},
                 {"reason", reason.toStdString()},
                 {"message", message.toStdString()},
                 {"code", code}},
                code);
}

namespace {

QByteArray statusText(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

class FaultyApiServer::Worker : public QObject {
public:
    Worker(FaultyApiServer* owner, Handler handler) : m_owner(owner), m_handler(std::move(handler)) {}

    bool listen(const TlsFiles* tls, QString* error) {
        if (tls) {
            auto* server = new QSslServer(this);
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            QFile certFile(tls->serverCertificate);
            QFile keyFile(tls->serverKey);
            if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
                *error = QStringLiteral("cannot read the server certificate or key");
                return false;
            }
            config.setLocalCertificate(QSslCertificate(certFile.readAll(), QSsl::Pem));
            const QByteArray keyPem = keyFile.readAll();
            QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
            if (key.isNull())
                key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
            config.setPrivateKey(key);
            config.setPeerVerifyMode(QSslSocket::VerifyNone);
            config.setAllowedNextProtocols({QSslConfiguration::ALPNProtocolHTTP2, QSslConfiguration::NextProtocolHttp1_1});
            server->setSslConfiguration(config);
            server->setHandshakeTimeout(5000);
            m_server = server;
        } else {
            m_server = new QTcpServer(this);
        }
        connect(m_server, &QTcpServer::pendingConnectionAvailable, this, [this] { acceptAll(); });
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            *error = m_server->errorString();
            return false;
        }
        return true;
    }

    int port() const { return m_server->serverPort(); }

private:
    void acceptAll() {
        while (QTcpSocket* socket = m_server->nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            readFrom(socket);
        }
    }

    void readFrom(QTcpSocket* socket) {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (m_busy.value(socket))
            return;
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        FaultRequest request;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        request.method = first.value(0);
        request.target = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        const qsizetype length = request.headers.value("content-length", "0").toLongLong();
        if (buffer.size() < headerEnd + 4 + length)
            return;
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        const QUrl url = QUrl::fromEncoded(QByteArray("http://x") + request.target);
        request.path = url.path();
        request.query = QUrlQuery(url);
        if (auto* tls = qobject_cast<QSslSocket*>(socket))
            request.tlsProtocol = tls->sslConfiguration().nextNegotiatedProtocol();
        m_owner->record(request);
        FaultResponse response = m_handler(request);
        m_busy[socket] = true;
        QPointer<QTcpSocket> guard(socket);
        auto answer = [this, guard, response] {
            if (!guard)
                return;
            send(guard, response);
        };
        if (response.delayMs > 0)
            QTimer::singleShot(response.delayMs, this, answer);
        else
            answer();
    }

    void send(QTcpSocket* socket, const FaultResponse& response) {
        m_busy[socket] = false;
        if (response.closeWithoutAnswer) {
            socket->abort();
            return;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + statusText(response.status) + "\r\n";
        for (const auto& [name, value] : response.headers)
            head += name + ": " + value + "\r\n";
        if (response.chunked)
            head += "Transfer-Encoding: chunked\r\n";
        else
            head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
        head += "\r\n";
        socket->write(head);
        if (response.dropAfterBodyBytes >= 0) {
            if (response.chunked) // one chunk announced whole, cut inside it
                socket->write(QByteArray::number(response.body.size(), 16) + "\r\n");
            socket->write(response.body.left(response.dropAfterBodyBytes));
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
        if (response.chunked) {
            socket->write(QByteArray::number(response.body.size(), 16) + "\r\n");
            socket->write(response.body);
            socket->write("\r\n0\r\n\r\n");
        } else {
            socket->write(response.body);
        }
        if (!m_buffers.value(socket).isEmpty())
            readFrom(socket);
    }

    FaultyApiServer* m_owner;
    Handler m_handler;
    QTcpServer* m_server = nullptr;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QHash<QTcpSocket*, bool> m_busy;
};

FaultyApiServer::FaultyApiServer() = default;

FaultyApiServer::~FaultyApiServer() {
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        delete m_worker; // its thread has finished: nothing else touches it
    }
}

bool FaultyApiServer::start(Handler handler, const TlsFiles* tls, QString* error) {
    m_thread = std::make_unique<QThread>();
    m_thread->start();
    m_worker = new Worker(this, std::move(handler));
    m_worker->moveToThread(m_thread.get());
    bool ok = false;
    QString problem;
    QMetaObject::invokeMethod(
        m_worker, [&] { ok = m_worker->listen(tls, &problem); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        if (error)
            *error = problem;
        return false;
    }
    m_port = m_worker->port();
    m_tls = tls != nullptr;
    return true;
}

QUrl FaultyApiServer::url() const {
    return QUrl(QStringLiteral("%1://127.0.0.1:%2").arg(m_tls ? QStringLiteral("https") : QStringLiteral("http")).arg(m_port));
}

void FaultyApiServer::record(const FaultRequest& request) {
    QMutexLocker lock(&m_mutex);
    m_requests.append(request);
}

QList<FaultRequest> FaultyApiServer::requests() const {
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FaultyApiServer::requestCount() const {
    QMutexLocker lock(&m_mutex);
    return int(m_requests.size());
}

std::optional<FaultResponse> FaultyApiServer::discovery(const FaultRequest& request) {
    if (request.path == QLatin1String("/api"))
        return FaultResponse::json({{"kind", "APIVersions"}, {"versions", {"v1"}}});
    if (request.path == QLatin1String("/apis"))
        return FaultResponse::json({{"kind", "APIGroupList"},
                                    {"apiVersion", "v1"},
                                    {"groups",
                                     {{{"name", "apps"},
                                       {"versions", {{{"groupVersion", "apps/v1"}, {"version", "v1"}}}},
                                       {"preferredVersion", {{"groupVersion", "apps/v1"}, {"version", "v1"}}}}}}});
    auto resource = [](const char* name, const char* kind, bool namespaced) {
        return nlohmann::json{
            {"name", name}, {"kind", kind}, {"namespaced", namespaced}, {"verbs", {"get", "list", "patch", "delete"}}};
    };
    if (request.path == QLatin1String("/api/v1"))
        return FaultResponse::json({{"kind", "APIResourceList"},
                                    {"groupVersion", "v1"},
                                    {"resources",
                                     {resource("configmaps", "ConfigMap", true), resource("namespaces", "Namespace", false),
                                      resource("secrets", "Secret", true)}}});
    if (request.path == QLatin1String("/apis/apps/v1"))
        return FaultResponse::json(
            {{"kind", "APIResourceList"},
             {"groupVersion", "apps/v1"},
             {"resources", {resource("deployments", "Deployment", true), resource("deployments/status", "Deployment", true)}}});
    return std::nullopt;
}

bool FaultyApiServer::generateTls(const QString& directory, TlsFiles* files, QString* error) {
    auto run = [&](const QStringList& args) {
        QProcess process;
        process.setWorkingDirectory(directory);
        process.start(QStringLiteral("openssl"), args);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            *error = QStringLiteral("openssl %1: %2")
                         .arg(args.join(QLatin1Char(' ')), QString::fromUtf8(process.readAllStandardError()));
            return false;
        }
        return true;
    };
    const QStringList ec = {QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                            QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes")};
    QFile ext(directory + QStringLiteral("/ext.cnf"));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("subjectAltName=DNS:kube.test\nbasicConstraints=CA:FALSE\n");
    ext.close();
    if (!run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec +
             QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"), QStringLiteral("ca.crt"),
                         QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                         QStringLiteral("/CN=syncline-test-ca")}) ||
        !run(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec +
             QStringList{QStringLiteral("-keyout"), QStringLiteral("other.key"), QStringLiteral("-out"),
                         QStringLiteral("other.crt"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                         QStringLiteral("/CN=unrelated-ca")}) ||
        !run(QStringList{QStringLiteral("req")} + ec +
             QStringList{QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                         QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=kube.test")}) ||
        !run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
              QStringLiteral("-CA"), QStringLiteral("ca.crt"), QStringLiteral("-CAkey"), QStringLiteral("ca.key"),
              QStringLiteral("-CAcreateserial"), QStringLiteral("-out"), QStringLiteral("server.crt"), QStringLiteral("-days"),
              QStringLiteral("2"), QStringLiteral("-extfile"), QStringLiteral("ext.cnf")}))
        return false;
    files->caCertificate = directory + QStringLiteral("/ca.crt");
    files->otherCa = directory + QStringLiteral("/other.crt");
    files->serverCertificate = directory + QStringLiteral("/server.crt");
    files->serverKey = directory + QStringLiteral("/server.key");
    return true;
}

int FaultyApiServer::closedPort() {
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const int port = server.serverPort();
    server.close();
    return port;
}

} // namespace syncline::test
