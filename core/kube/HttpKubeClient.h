#pragma once

#include "kube/ClusterConnection.h"
#include "kube/ExecApprovals.h"
#include "kube/KubeClient.h"
#include "util/JsonDepth.h"

#include <QByteArray>
#include <QMutex>
#include <QSemaphore>
#include <QSslConfiguration>
#include <QStringList>
#include <QUrlQuery>

#include <atomic>
#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace syncline::kube {

class ExecCredentialPlugin;
class WatchLineReader;

struct HttpClientOptions {
    int maxConcurrent = 8;                           // requests in flight to this cluster
    std::chrono::milliseconds requestTimeout{30000}; // one HTTP exchange, connect to last byte
    int maxAttempts = 4;                             // retries of 429, 5xx, connection errors
    std::chrono::milliseconds backoffBase{250};      // doubled per retry
    std::chrono::milliseconds backoffMax{8000};
    std::chrono::milliseconds retryAfterMax{30000};  // cap on a server's Retry-After
    qint64 maxBodyBytes = qint64(256) * 1024 * 1024; // larger answers are refused
    int maxJsonDepth = util::kServerJsonDepthLimit;  // deeper answers are refused
    // A list follows `continue` for at most this many pages and objects (a server that
    // pages forever ends in an error); a repeated continue token ends it at once.
    int maxListPages = 10'000;
    qint64 maxListItems = 2'000'000;
    std::chrono::milliseconds execTimeout{60000}; // exec credential plugin
};

// KubeClient over HTTPS with QNetworkAccessManager, HTTP/1.1 (see networkRequest: not HTTP/2).
//
// Blocking: every call runs a local QEventLoop on the calling thread until the answer,
// the timeout or cancellation (checked every 50 ms). Call it from worker threads — never
// from the GUI thread, whose event loop it would re-enter. Each calling thread gets its
// own QNetworkAccessManager for this client (connections are reused per thread and
// never shared between clients with different TLS settings).
//
// TLS: the kubeconfig's CA only (the system store only when none is given); verification
// is always on unless the cluster is insecure (see insecureWarning()). Tokens and keys
// never appear in errors.
class HttpKubeClient : public KubeClient {
public:
    HttpKubeClient(ClusterConnection connection, std::shared_ptr<ExecApprovals> approvals, HttpClientOptions options = {});
    ~HttpKubeClient() override;
    HttpKubeClient(const HttpKubeClient&) = delete;
    HttpKubeClient& operator=(const HttpKubeClient&) = delete;

    // Resolve the workspace's ClusterRef through kubeconfig and make a client for it.
    // `workspaceRoot` anchors a relative kubeconfig path (see ClusterConnection::resolve).
    static util::Result<std::unique_ptr<HttpKubeClient>> create(const workspace::ClusterRef& ref,
                                                                std::shared_ptr<ExecApprovals> approvals,
                                                                HttpClientOptions options = {},
                                                                const QString& workspaceRoot = {});

    QString clusterName() const override;
    QString serverUrl() const override;
    util::Result<std::vector<ApiResource>> discover(const util::CancellationToken& cancel, bool refresh = false) override;
    util::Result<ApiResource> resourceFor(const QString& group, const QString& kind,
                                          const util::CancellationToken& cancel) override;
    util::Result<nlohmann::json> get(const manifest::ResourceKey& key, const util::CancellationToken& cancel) override;
    util::Result<std::vector<nlohmann::json>> list(const QString& group, const QString& kind, const ListOptions& options,
                                                   const util::CancellationToken& cancel) override;
    util::Result<ObjectList> listWithVersion(const QString& group, const QString& kind, const ListOptions& options,
                                             const util::CancellationToken& cancel) override;
    util::Result<std::vector<nlohmann::ordered_json>> listOrdered(const QString& group, const QString& kind,
                                                                  const ListOptions& options,
                                                                  const util::CancellationToken& cancel) override;
    // Watches do not take one of the maxConcurrent slots: they stay open for minutes.
    util::Result<void> watch(const QString& group, const QString& kind, const WatchOptions& options, const WatchHandler& onEvent,
                             const util::CancellationToken& cancel) override;
    util::Result<nlohmann::json> apply(const nlohmann::json& object, const ApplyOptions& options,
                                       const util::CancellationToken& cancel) override;
    util::Result<nlohmann::json> create(const nlohmann::json& object, const CreateOptions& options,
                                        const util::CancellationToken& cancel) override;
    util::Result<nlohmann::json> mergePatch(const manifest::ResourceKey& key, const nlohmann::json& patch,
                                            const util::CancellationToken& cancel) override;
    util::Result<void> remove(const manifest::ResourceKey& key, const DeleteOptions& options,
                              const util::CancellationToken& cancel) override;

    // GET of an API path ("/version", "/api/v1/namespaces"), for callers that need more.
    util::Result<nlohmann::json> getPath(const QString& path, const util::CancellationToken& cancel);

    const ClusterConnection& connection() const { return m_connection; }
    QUrl server() const { return m_connection.server; }
    bool isInsecure() const { return m_connection.insecure; }
    // Non-empty while TLS verification is off for this cluster: show it, always.
    QString insecureWarning() const;
    // The exec plugin's command line when one is configured and not approved yet.
    QString execCommandNeedingApproval() const;

    // Requests in flight right now and the most there ever were (tests, benchmarks).
    int requestsInFlight() const { return m_inFlight.load(); }
    int peakRequestsInFlight() const { return m_peakInFlight.load(); }
    int maxConcurrent() const { return m_options.maxConcurrent; }

    struct Request {
        QByteArray method;
        QString path;
        QUrlQuery query;
        QByteArray body;
        QByteArray contentType;
        bool idempotent = true;
        QString what; // the object or operation, for messages
    };
    struct Response {
        int status = 0;
        QByteArray body;
    };

private:
    // Whether repeating a failed attempt is safe, decided where the failure is known.
    enum class Retry {
        No,           // final: success, a client error, TLS, our own deadline or size limit
        IfIdempotent, // the server may have acted (5xx, dropped connection): only idempotent requests
        Always,       // the server never processed it (connection refused, 429): any request
    };
    struct Attempt;
    struct Exchange;
    util::Result<Response> perform(const Request& request, const util::CancellationToken& cancel);
    Attempt attemptOnce(const Request& request, const util::CancellationToken& cancel);
    util::Result<QNetworkRequest> networkRequest(const Request& request, const util::CancellationToken& cancel);
    util::Result<QString> credentials(QSslConfiguration& ssl, const util::CancellationToken& cancel);
    static Exchange sendAndWait(QNetworkAccessManager* manager, const QNetworkRequest& http, const Request& request, qint64 cap,
                                std::chrono::milliseconds timeout, const util::CancellationToken& cancel);
    static Exchange streamAndWait(QNetworkAccessManager* manager, const QNetworkRequest& http, WatchLineReader& reader,
                                  const WatchHandler& onEvent, std::chrono::milliseconds idle,
                                  const util::CancellationToken& cancel);
    Attempt outcome(Exchange& done, const QString& at) const;
    Attempt transportFailure(const QNetworkReply& reply, const QStringList& sslProblems, const QString& at) const;
    util::Result<nlohmann::json> call(const Request& request, const util::CancellationToken& cancel);
    // Json: nlohmann::json or nlohmann::ordered_json (instantiated in the .cpp only).
    template <class Json> util::Result<Json> callAs(const Request& request, const util::CancellationToken& cancel);
    template <class Json> util::Result<Json> parseBody(const Response& response, const Request& request) const;
    template <class Json>
    util::Result<std::vector<Json>> listPages(const QString& group, const QString& kind, const ListOptions& options,
                                              QString* resourceVersion, const util::CancellationToken& cancel);
    util::Result<std::vector<ApiResource>> fetchDiscovery(const util::CancellationToken& cancel);
    util::Result<Request> collectionRequest(const QString& verb, const ApiResource& resource, const QString& namespaceName,
                                            const QString& labelSelector) const;
    util::Result<QString> objectPath(const ApiResource& resource, const QString& version, const QString& namespaceName,
                                     const QString& name, const QString& what) const;
    util::Result<ApiResource> resourceForKey(const manifest::ResourceKey& key, const util::CancellationToken& cancel);
    util::Error scrub(util::Error error) const;
    void remember(const QString& secret) const;
    QString where(const QString& what) const;

    ClusterConnection m_connection;
    std::shared_ptr<ExecApprovals> m_approvals;
    HttpClientOptions m_options;
    std::unique_ptr<ExecCredentialPlugin> m_exec;
    QSslConfiguration m_ssl;
    QString m_basePath;
    quint64 m_id;

    QSemaphore m_slots;
    std::atomic<int> m_inFlight{0};
    std::atomic<int> m_peakInFlight{0};

    QMutex m_discoveryMutex; // held while discovery runs: one fetch at a time
    mutable QMutex m_cacheMutex;
    std::shared_ptr<const std::vector<ApiResource>> m_discovery;

    mutable QMutex m_secretsMutex;
    mutable QStringList m_secrets; // every token this client used, to scrub from messages
};

} // namespace syncline::kube
