#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>
#include <vector>

class QThread;

namespace syncline::test {

// One request as the fault server saw it.
struct FaultRequest {
    QByteArray method;
    QByteArray target; // path and query, as sent
    QString path;      // decoded path
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QByteArray tlsProtocol; // the ALPN protocol of its TLS connection ("h2", "http/1.1"); empty: none
};

// What the server does with one request.
struct FaultResponse {
    int status = 200;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    int delayMs = 0;                 // answer after this long (a slow server)
    bool closeWithoutAnswer = false; // drop the connection instead of answering
    qint64 dropAfterBodyBytes = -1;  // announce the whole body (or chunk), send this much, then close
    bool chunked = false;            // Transfer-Encoding: chunked, no Content-Length

    static FaultResponse json(const nlohmann::json& body, int status = 200);
    // `body` sent as it is, labelled JSON: for answers nlohmann could not write (too deep).
    static FaultResponse rawJson(QByteArray body, int status = 200);
    // `[[[ … 0 … ]]]`, `depth` arrays deep: nesting no real API server sends.
    static QByteArray nestedArrays(int depth);
    // A Kubernetes Status body: {"kind":"Status","status":"Failure","reason":...,"message":...,"code":...}
    static FaultResponse apiStatus(int code, const QString& reason, const QString& message);
};

struct TlsFiles {
    QString caCertificate;     // the CA that signed the server certificate
    QString otherCa;           // an unrelated CA (for "wrong CA")
    QString serverCertificate; // SAN DNS:kube.test only (so 127.0.0.1 needs tls-server-name)
    QString serverKey;
};

// A tiny HTTP/1.1 (optionally TLS) server on 127.0.0.1, port 0, running in its own thread,
// offering h2 and http/1.1 over TLS as a real API server does (it speaks only HTTP/1.1),
// answering each request with what the handler returns (the handler runs on the server
// thread). For fault tests of the Kubernetes client: drops, delays, 5xx, huge bodies.
class FaultyApiServer {
public:
    using Handler = std::function<FaultResponse(const FaultRequest&)>;

    FaultyApiServer();
    ~FaultyApiServer();

    // `tls` non-null: serve HTTPS with its server certificate and key.
    bool start(Handler handler, const TlsFiles* tls = nullptr, QString* error = nullptr);
    QUrl url() const;
    int port() const { return m_port; }

    QList<FaultRequest> requests() const;
    int requestCount() const;

    // Answers /api, /apis, /api/v1 and /apis/apps/v1 like a server with ConfigMaps,
    // Namespaces and Deployments; nullopt for any other path.
    static std::optional<FaultResponse> discovery(const FaultRequest& request);
    // Generates a CA, a server certificate it signs and an unrelated CA with the openssl CLI.
    static bool generateTls(const QString& directory, TlsFiles* files, QString* error);
    // A loopback port nothing listens on.
    static int closedPort();

private:
    class Worker;
    friend class Worker;
    void record(const FaultRequest& request);

    std::unique_ptr<QThread> m_thread;
    Worker* m_worker = nullptr;
    int m_port = 0;
    bool m_tls = false;
    mutable QMutex m_mutex;
    QList<FaultRequest> m_requests;
};

} // namespace syncline::test
