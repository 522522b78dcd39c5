#include "kube/HttpKubeClient.h"

#include "kube/ApiDiscovery.h"
#include "kube/ApiStatus.h"
#include "kube/ExecCredentialPlugin.h"
#include "kube/WatchLineReader.h"
#include "util/BoundedFile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QThread>
#include <QTimer>

#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace syncline::kube {

namespace {

// --- one QNetworkAccessManager per (thread, client) -------------------------------------
// QNetworkAccessManager's connection cache is keyed by scheme, host and port only, so a
// manager shared by two clients could hand one client's verified TLS connection to the
// other. Each client gets its own manager on each thread that calls it.

std::mutex liveClientsMutex;
std::unordered_set<quint64>& liveClients() {
    static std::unordered_set<quint64> clients;
    return clients;
}
std::atomic<quint64> nextClientId{1};

bool isLive(quint64 id) {
    std::lock_guard lock(liveClientsMutex);
    return liveClients().count(id) != 0;
}

struct ThreadManagers {
    std::unordered_map<quint64, std::unique_ptr<QNetworkAccessManager>> managers;
    ~ThreadManagers() {
        // After QCoreApplication is gone (the main thread at exit) leave them to the OS.
        if (!QCoreApplication::instance())
            for (auto& entry : managers)
                (void)entry.second.release();
    }
};
thread_local ThreadManagers threadManagers;

QNetworkAccessManager* managerFor(quint64 clientId) {
    auto& managers = threadManagers.managers;
    for (auto it = managers.begin(); it != managers.end();) {
        if (it->first != clientId && !isLive(it->first))
            it = managers.erase(it);
        else
            ++it;
    }
    auto& slot = managers[clientId];
    if (!slot) {
        slot = std::make_unique<QNetworkAccessManager>();
        slot->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return slot.get();
}

void forgetManagerOnThisThread(quint64 clientId) { threadManagers.managers.erase(clientId); }

// --- small helpers ------------------------------------------------------------------------

QString methodLabel(const QByteArray& method) { return QString::fromLatin1(method); }

QString objectLabel(const ApiResource& resource, const QString& namespaceName, const QString& name) {
    QString label = resource.group.isEmpty() ? resource.kind : resource.group + QLatin1Char('/') + resource.kind;
    if (!name.isEmpty())
        label += QLatin1Char(' ') + (namespaceName.isEmpty() ? name : namespaceName + QLatin1Char('/') + name);
    return label;
}

QString keyLabel(const manifest::ResourceKey& key) { return key.toString(); }

// A list's metadata string ("continue", "resourceVersion"); empty when absent.
template <class Json> QString listMetadata(const Json& document, const char* field) {
    const auto metadata = document.find("metadata");
    if (metadata == document.end() || !metadata->is_object())
        return {};
    const auto value = metadata->find(field);
    return value != metadata->end() && value->is_string() ? QString::fromStdString(value->template get<std::string>())
                                                          : QString();
}

qint64 parseRetryAfter(const QByteArray& header) {
    bool ok = false;
    const qint64 seconds = header.trimmed().toLongLong(&ok);
    if (ok && seconds >= 0)
        return seconds * 1000;
    const QDateTime at = QDateTime::fromString(QString::fromLatin1(header.trimmed()), Qt::RFC2822Date);
    if (at.isValid())
        return std::max<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(at));
    return -1;
}

// Waits `ms`, waking early (false) when cancelled. A backoff pause, not synchronisation.
bool pause(qint64 ms, const util::CancellationToken& cancel) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (cancel.isCancelled())
            return false;
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(20, ms - clock.elapsed())));
    }
    return !cancel.isCancelled();
}

std::optional<QSslKey> parseKey(const QByteArray& pem) {
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec, QSsl::Dsa}) {
        QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return std::nullopt;
}

// Bounds a list's `continue` paging. A server that hands out the same token again (or
// cycles through a few) would be followed forever, and one that pages without end would
// fill memory; both end in an error saying so.
class ListPaging {
public:
    ListPaging(int maxPages, qint64 maxItems) : m_maxPages(maxPages), m_maxItems(maxItems) {}

    // After a page: nullopt to go on, else why not.
    std::optional<QString> refuse(const QString& continueToken, int pages, qint64 items) {
        if (items > m_maxItems)
            return QStringLiteral("the list has more than %1 objects; stopped").arg(m_maxItems);
        if (continueToken.isEmpty())
            return std::nullopt;
        if (pages >= m_maxPages)
            return QStringLiteral("the server still had more after %1 pages; stopped").arg(pages);
        // Hashes, not the tokens: a token may be large and there may be many.
        const QByteArray digest = QCryptographicHash::hash(continueToken.toUtf8(), QCryptographicHash::Sha256);
        if (!m_seen.insert(digest).second)
            return QStringLiteral("the server sent a continue token it had sent before (page %1); the list would never "
                                  "end; stopped")
                .arg(pages);
        return std::nullopt;
    }

private:
    int m_maxPages;
    qint64 m_maxItems;
    std::set<QByteArray> m_seen;
};

} // namespace

struct HttpKubeClient::Attempt {
    std::optional<util::Error> error; // transport failure (no HTTP answer)
    Retry retry = Retry::No;
    int status = 0;
    QByteArray body;
    qint64 retryAfterMs = -1;
};

HttpKubeClient::HttpKubeClient(ClusterConnection connection, std::shared_ptr<ExecApprovals> approvals, HttpClientOptions options)
    : m_connection(std::move(connection)), m_approvals(std::move(approvals)), m_options(options), m_id(nextClientId.fetch_add(1)),
      m_slots(std::max(1, options.maxConcurrent)) {
    {
        std::lock_guard lock(liveClientsMutex);
        liveClients().insert(m_id);
    }
    m_options.maxConcurrent = std::max(1, m_options.maxConcurrent);
    m_options.maxAttempts = std::max(1, m_options.maxAttempts);
    m_basePath = m_connection.server.path();
    while (m_basePath.endsWith(QLatin1Char('/')))
        m_basePath.chop(1);

    m_ssl = QSslConfiguration::defaultConfiguration();
    if (!m_connection.caPem.isEmpty()) {
        // Only the kubeconfig's CA: setCaCertificates also stops on-demand loading of the
        // system roots. An unreadable CA leaves an empty list, so nothing verifies.
        m_ssl.setCaCertificates(QSslCertificate::fromData(m_connection.caPem, QSsl::Pem));
    }
    m_ssl.setPeerVerifyMode(m_connection.insecure ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    if (!m_connection.clientCertificatePem.isEmpty()) {
        const auto certificates = QSslCertificate::fromData(m_connection.clientCertificatePem, QSsl::Pem);
        if (!certificates.isEmpty())
            m_ssl.setLocalCertificateChain(certificates);
        if (auto key = parseKey(m_connection.clientKeyPem))
            m_ssl.setPrivateKey(*key);
    }
    if (m_connection.exec)
        m_exec = std::make_unique<ExecCredentialPlugin>(*m_connection.exec, m_connection.clusterKey(), m_approvals,
                                                        m_options.execTimeout);
    if (!m_connection.token.isEmpty())
        remember(m_connection.token);
}

HttpKubeClient::~HttpKubeClient() {
    {
        std::lock_guard lock(liveClientsMutex);
        liveClients().erase(m_id);
    }
    forgetManagerOnThisThread(m_id); // other threads drop theirs on their next request
}

util::Result<std::unique_ptr<HttpKubeClient>> HttpKubeClient::create(const workspace::ClusterRef& ref,
                                                                     std::shared_ptr<ExecApprovals> approvals,
                                                                     HttpClientOptions options, const QString& workspaceRoot) {
    auto connection = ClusterConnection::resolve(ref, workspaceRoot);
    if (!connection)
        return util::fail(connection.error());
    return std::make_unique<HttpKubeClient>(std::move(*connection), std::move(approvals), options);
}

QString HttpKubeClient::clusterName() const { return m_connection.displayName(); }

QString HttpKubeClient::serverUrl() const { return m_connection.server.toString(); }

QString HttpKubeClient::insecureWarning() const {
    if (!m_connection.insecure)
        return {};
    return QStringLiteral("TLS verification is off for %1 (%2): anyone on the network path can read and change the "
                          "traffic, credentials included")
        .arg(clusterName(), m_connection.server.toString());
}

QString HttpKubeClient::execCommandNeedingApproval() const {
    if (!m_exec || m_exec->isApproved())
        return {};
    return m_exec->config().commandLine();
}

QString HttpKubeClient::where(const QString& what) const {
    return what.isEmpty() ? clusterName() : clusterName() + QStringLiteral(": ") + what;
}

void HttpKubeClient::remember(const QString& secret) const {
    if (secret.size() < 4)
        return;
    QMutexLocker lock(&m_secretsMutex);
    if (!m_secrets.contains(secret))
        m_secrets << secret;
}

util::Error HttpKubeClient::scrub(util::Error error) const {
    static const QRegularExpression bearer(QStringLiteral("(?i)(bearer\\s+)[^\\s\"',;]+"));
    QStringList secrets;
    {
        QMutexLocker lock(&m_secretsMutex);
        secrets = m_secrets;
    }
    for (QString* text : {&error.message, &error.where}) {
        for (const QString& secret : secrets)
            text->replace(secret, QStringLiteral("<redacted>"));
        text->replace(bearer, QStringLiteral("\\1<redacted>"));
    }
    return error;
}

// --- one HTTP exchange ---------------------------------------------------------------------
// attemptOnce runs one request in named steps: build the request with its credentials, take
// a concurrency slot, exchange bytes under a deadline, then classify what came back. Each
// failure says at the place it is known whether repeating the request is safe (Retry).

namespace {

// Holds one of the client's concurrency slots and counts the request as in flight.
class SlotLease {
public:
    SlotLease(QSemaphore& slots, std::atomic<int>& inFlight, std::atomic<int>& peak) : m_release(slots), m_inFlight(inFlight) {
        const int now = ++m_inFlight;
        int seen = peak.load();
        while (now > seen && !peak.compare_exchange_weak(seen, now)) {
        }
    }
    ~SlotLease() { --m_inFlight; }
    SlotLease(const SlotLease&) = delete;
    SlotLease& operator=(const SlotLease&) = delete;

private:
    QSemaphoreReleaser m_release;
    std::atomic<int>& m_inFlight;
};

// Waits for a free slot, polling the token so a cancelled request does not queue forever.
std::unique_ptr<SlotLease> acquireSlot(QSemaphore& slots, std::atomic<int>& inFlight, std::atomic<int>& peak,
                                       const util::CancellationToken& cancel) {
    while (!slots.tryAcquire(1, 50)) {
        if (cancel.isCancelled())
            return nullptr;
    }
    return std::make_unique<SlotLease>(slots, inFlight, peak);
}

} // namespace

// What one QNetworkReply produced while its event loop ran.
struct HttpKubeClient::Exchange {
    std::unique_ptr<QNetworkReply> reply;
    QByteArray data;
    bool tooBig = false;
    bool timedOut = false;
    bool cancelled = false;
    QStringList sslProblems;
    std::optional<util::Error> streamError; // a watch's own verdict on what it read

    // Runs `loop` until the reply finishes, `deadline` fires (timedOut) or `cancel` is set
    // (polled every 50 ms: the token has no signal), collecting TLS problems meanwhile.
    void run(QEventLoop& loop, QTimer& deadline, const util::CancellationToken& cancel) {
        QNetworkReply* answer = reply.get();
        QObject::connect(answer, &QNetworkReply::sslErrors, &loop, [this](const QList<QSslError>& errors) {
            for (const QSslError& error : errors)
                sslProblems << error.errorString();
        });
        QObject::connect(answer, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QObject::connect(&deadline, &QTimer::timeout, &loop, [this, answer] {
            timedOut = true;
            answer->abort();
        });
        QTimer poll;
        QObject::connect(&poll, &QTimer::timeout, &loop, [this, answer, &cancel] {
            if (cancel.isCancelled()) {
                cancelled = true;
                answer->abort();
            }
        });
        poll.start(50);
        if (!answer->isFinished())
            loop.exec(QEventLoop::ExcludeUserInputEvents);
        deadline.stop();
    }
};

// Sends the request and runs a local event loop until the answer is complete, the deadline
// passes, the token is cancelled or the body grows past `cap` (checked as bytes arrive, so a
// huge answer is never held in memory).
HttpKubeClient::Exchange HttpKubeClient::sendAndWait(QNetworkAccessManager* manager, const QNetworkRequest& http,
                                                     const Request& request, qint64 cap, std::chrono::milliseconds timeout,
                                                     const util::CancellationToken& cancel) {
    Exchange result;
    result.reply.reset(request.body.isEmpty() && request.method == "GET"
                           ? manager->get(http)
                           : manager->sendCustomRequest(http, request.method, request.body));
    QNetworkReply* reply = result.reply.get();
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, [&] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        if (length.isValid() && length.toLongLong() > cap) {
            result.tooBig = true;
            reply->abort();
        } else if (length.isValid()) {
            // One buffer of the announced size: a list of thousands of objects otherwise
            // grows it by copying, and leaves the freed copies to fragment the heap.
            result.data.reserve(qsizetype(length.toLongLong()));
        }
    });
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        if (result.tooBig)
            return;
        result.data += reply->readAll();
        if (result.data.size() > cap) {
            result.tooBig = true;
            result.data.clear();
            reply->abort();
        }
    });
    QTimer deadline;
    deadline.setSingleShot(true);
    deadline.start(timeout);
    result.run(loop, deadline, cancel);
    if (!result.tooBig && !result.cancelled && !result.timedOut)
        result.data += reply->readAll();
    return result;
}

// A watch's exchange: bytes go to `reader` as they arrive (an error answer's body is kept
// instead, up to 1 MiB); the connection is given up after `idle` without a byte.
HttpKubeClient::Exchange HttpKubeClient::streamAndWait(QNetworkAccessManager* manager, const QNetworkRequest& http,
                                                       WatchLineReader& reader, const WatchHandler& onEvent,
                                                       std::chrono::milliseconds idle, const util::CancellationToken& cancel) {
    Exchange result;
    result.reply.reset(manager->get(http));
    QNetworkReply* reply = result.reply.get();
    QEventLoop loop;
    QTimer silence;
    silence.setSingleShot(true);
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        silence.start(idle);
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300) {
            result.data += reply->read(qMax<qint64>(0, 1024 * 1024 - result.data.size()));
            reply->readAll();
            return;
        }
        if (auto error = reader.feed(reply->readAll(), onEvent); error && !result.streamError) {
            result.streamError = std::move(error);
            reply->abort();
        }
    });
    silence.start(idle);
    result.run(loop, silence, cancel);
    return result;
}

// The bearer token for this request: from the exec plugin, else the token or tokenFile. An
// exec plugin may answer with a client certificate instead, which goes into `ssl` (an empty
// token is returned then; kubeconfig client certificates are already in m_ssl).
util::Result<QString> HttpKubeClient::credentials(QSslConfiguration& ssl, const util::CancellationToken& cancel) {
    QString token = m_connection.token;
    if (m_exec) {
        auto credential = m_exec->credential(m_connection, cancel);
        if (!credential)
            return util::fail(credential.error());
        if (!credential->token.isEmpty())
            return credential->token;
        const auto certificates = QSslCertificate::fromData(credential->clientCertificatePem, QSsl::Pem);
        auto key = parseKey(credential->clientKeyPem);
        if (certificates.isEmpty() || !key)
            return util::fail(util::makeError(util::ErrorCode::Auth,
                                              QStringLiteral("the exec credential plugin's client certificate or key "
                                                             "cannot be read"),
                                              where(QStringLiteral("exec credential plugin"))));
        ssl.setLocalCertificateChain(certificates);
        ssl.setPrivateKey(*key);
        return token;
    }
    if (token.isEmpty() && !m_connection.tokenFile.isEmpty()) {
        auto bytes = util::BoundedFile::read(m_connection.tokenFile, ClusterConnection::kMaxCredentialFileBytes,
                                             QStringLiteral("tokenFile"), where({}));
        if (!bytes)
            return util::fail(util::makeError(util::ErrorCode::Auth, bytes.error().message, where({})));
        token = QString::fromUtf8(*bytes).trimmed();
    }
    return token;
}

util::Result<QNetworkRequest> HttpKubeClient::networkRequest(const Request& request, const util::CancellationToken& cancel) {
    QUrl url = m_connection.server;
    url.setPath(m_basePath + request.path);
    if (!request.query.isEmpty())
        url.setQuery(request.query.query(QUrl::FullyEncoded), QUrl::StrictMode);

    QNetworkRequest http(url);
    http.setRawHeader("Accept", "application/json");
    http.setRawHeader("User-Agent", "syncline");
    if (!request.contentType.isEmpty())
        http.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    if (!m_connection.tlsServerName.isEmpty())
        http.setPeerVerifyName(m_connection.tlsServerName);
    http.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // HTTP/1.1: Qt 6.4's HTTP/2 added ~40 ms to each request with a body (44 ms per apply to
    // the real kube-apiserver, 2.6 ms over HTTP/1.1; bench_kube), and each thread has its
    // own manager and one request at a time, so multiplexing would gain nothing.
    http.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);

    QSslConfiguration ssl = m_ssl;
    auto token = credentials(ssl, cancel);
    if (!token)
        return util::fail(token.error());
    if (!token->isEmpty()) {
        remember(*token);
        http.setRawHeader("Authorization", "Bearer " + token->toUtf8());
    }
    if (url.scheme() == QLatin1String("https"))
        http.setSslConfiguration(ssl);
    return http;
}

// No HTTP status came back: name the transport failure and whether trying again may help.
HttpKubeClient::Attempt HttpKubeClient::transportFailure(const QNetworkReply& reply, const QStringList& sslProblems,
                                                         const QString& at) const {
    Attempt attempt;
    const QString server = m_connection.server.toString();
    const QNetworkReply::NetworkError code = reply.error();
    QString message;
    switch (code) {
    case QNetworkReply::ConnectionRefusedError:
        message = QStringLiteral("connection refused by %1").arg(server);
        // Nothing reached the server, so even a request that is not idempotent may be resent.
        attempt.retry = Retry::Always;
        break;
    case QNetworkReply::RemoteHostClosedError:
        message = QStringLiteral("%1 closed the connection before answering completely").arg(server);
        attempt.retry = Retry::IfIdempotent;
        break;
    case QNetworkReply::HostNotFoundError:
        message = QStringLiteral("host %1 not found").arg(m_connection.server.host());
        attempt.retry = Retry::IfIdempotent;
        break;
    case QNetworkReply::TimeoutError:
        message = QStringLiteral("the connection to %1 timed out").arg(server);
        attempt.retry = Retry::IfIdempotent;
        break;
    case QNetworkReply::SslHandshakeFailedError:
        message = QStringLiteral("TLS handshake with %1 failed: %2")
                      .arg(server, sslProblems.isEmpty() ? reply.errorString() : sslProblems.join(QStringLiteral("; ")));
        if (!sslProblems.isEmpty() && !m_connection.caPem.isEmpty())
            message += QStringLiteral(" (the server's certificate does not verify against the kubeconfig's CA)");
        break;
    default:
        message = QStringLiteral("cannot reach %1: %2").arg(server, reply.errorString());
        if (code == QNetworkReply::TemporaryNetworkFailureError || code == QNetworkReply::NetworkSessionFailedError ||
            code == QNetworkReply::UnknownNetworkError || code == QNetworkReply::ProxyConnectionClosedError)
            attempt.retry = Retry::IfIdempotent;
        break;
    }
    attempt.error =
        util::makeError(code == QNetworkReply::TimeoutError ? util::ErrorCode::Timeout : util::ErrorCode::Network, message, at);
    return attempt;
}

namespace {

// Fewer bytes than the Content-Length announced: the connection closed mid-answer, which
// Qt sometimes reports as a complete reply. (Not for a compressed answer, whose announced
// length is the compressed one.)
bool endedEarly(const QNetworkReply& reply, const QByteArray& body) {
    const QVariant announced = reply.header(QNetworkRequest::ContentLengthHeader);
    return announced.isValid() && !reply.hasRawHeader("Content-Encoding") && body.size() < announced.toLongLong();
}

} // namespace

// What the finished exchange means: an error of ours (cancelled, deadline, too big), a
// transport failure, or an HTTP status with its body.
HttpKubeClient::Attempt HttpKubeClient::outcome(Exchange& done, const QString& at) const {
    Attempt attempt;
    if (done.cancelled) {
        attempt.error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"), at);
        return attempt;
    }
    if (done.timedOut) {
        // The whole deadline has been spent already; waiting it out again would double it.
        attempt.error = util::makeError(util::ErrorCode::Timeout,
                                        QStringLiteral("no answer from %1 within %2 s")
                                            .arg(m_connection.server.toString())
                                            .arg(double(m_options.requestTimeout.count()) / 1000.0),
                                        at);
        return attempt;
    }
    if (done.tooBig) {
        attempt.error = util::makeError(
            util::ErrorCode::Server,
            QStringLiteral("the answer is larger than the limit of %1 bytes; refused").arg(m_options.maxBodyBytes), at);
        return attempt;
    }
    const QNetworkReply& reply = *done.reply;
    const QVariant status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid() || status.toInt() == 0)
        return transportFailure(reply, done.sslProblems, at);
    attempt.status = status.toInt();
    attempt.body = std::move(done.data);
    if ((reply.error() != QNetworkReply::NoError || endedEarly(reply, attempt.body)) && attempt.status < 400) {
        // The status line came but the body did not (the connection dropped mid-answer).
        attempt.error = util::makeError(util::ErrorCode::Network,
                                        QStringLiteral("the connection to %1 dropped during the answer: %2")
                                            .arg(m_connection.server.toString(),
                                                 reply.error() != QNetworkReply::NoError
                                                     ? reply.errorString()
                                                     : QStringLiteral("%1 of the %2 bytes announced arrived")
                                                           .arg(attempt.body.size())
                                                           .arg(reply.header(QNetworkRequest::ContentLengthHeader).toLongLong())),
                                        at);
        attempt.retry = Retry::IfIdempotent;
        return attempt;
    }
    if (attempt.status == 429 || (attempt.status >= 500 && !isSchemaRejection(attempt.status, attempt.body))) {
        // 429 means the server turned the request away unprocessed: safe to resend any request.
        attempt.retry = attempt.status == 429 ? Retry::Always : Retry::IfIdempotent;
        if (reply.hasRawHeader("Retry-After"))
            attempt.retryAfterMs = parseRetryAfter(reply.rawHeader("Retry-After"));
    }
    return attempt;
}

HttpKubeClient::Attempt HttpKubeClient::attemptOnce(const Request& request, const util::CancellationToken& cancel) {
    Attempt attempt;
    auto http = networkRequest(request, cancel);
    if (!http) {
        attempt.error = http.error();
        return attempt;
    }
    const auto slot = acquireSlot(m_slots, m_inFlight, m_peakInFlight, cancel);
    if (!slot) {
        attempt.error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"), where(request.what));
        return attempt;
    }
    Exchange done = sendAndWait(managerFor(m_id), *http, request, m_options.maxBodyBytes, m_options.requestTimeout, cancel);
    const QString at =
        where(request.what.isEmpty() ? methodLabel(request.method) + QLatin1Char(' ') + request.path : request.what);
    return outcome(done, at);
}

namespace {

// A 401 after the exec plugin was asked again: its fresh credential is refused too, so
// asking it once more would not help; the user has to sign in with the tool behind it.
QString execRejectedAdvice(const ExecConfig& exec) {
    return QStringLiteral("; the exec credential plugin was run again and its new credential was rejected too: sign in "
                          "again with the tool behind it (%1), then retry")
        .arg(exec.commandLine());
}

} // namespace

util::Result<HttpKubeClient::Response> HttpKubeClient::perform(const Request& request, const util::CancellationToken& cancel) {
    bool reauthenticated = false;
    for (int attemptNumber = 1;; ++attemptNumber) {
        if (cancel.isCancelled())
            return util::fail(
                scrub(util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"), where(request.what))));
        Attempt attempt = attemptOnce(request, cancel);
        if (!attempt.error && attempt.status == 401 && m_exec && !reauthenticated) {
            // An expired exec credential: ask the plugin again, once (like kubectl).
            m_exec->invalidate();
            reauthenticated = true;
            --attemptNumber;
            continue;
        }
        const bool retryable = attempt.retry != Retry::No;
        const bool mayRetry = attempt.retry == Retry::Always || (retryable && request.idempotent);
        if (!mayRetry || attemptNumber >= m_options.maxAttempts) {
            if (attempt.error) {
                if (retryable && attemptNumber > 1)
                    attempt.error->message += QStringLiteral(" (after %1 attempts)").arg(attemptNumber);
                return util::fail(scrub(*attempt.error));
            }
            if (attempt.status >= 400) {
                util::Error error = statusError(attempt.status, attempt.body, where(request.what));
                if (retryable && attemptNumber > 1)
                    error.message += QStringLiteral(" (after %1 attempts)").arg(attemptNumber);
                if (attempt.status == 401 && reauthenticated)
                    error.message += execRejectedAdvice(m_exec->config());
                return util::fail(scrub(error));
            }
            return Response{attempt.status, std::move(attempt.body)};
        }
        qint64 wait = m_options.backoffBase.count() << std::min(attemptNumber - 1, 16);
        wait = std::min<qint64>(wait, m_options.backoffMax.count());
        wait += QRandomGenerator::global()->bounded(std::max<qint64>(1, wait / 5));
        if (attempt.retryAfterMs >= 0)
            wait = std::min<qint64>(std::max(wait, attempt.retryAfterMs), m_options.retryAfterMax.count());
        if (!pause(wait, cancel))
            return util::fail(
                scrub(util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"), where(request.what))));
    }
}

template <class Json> util::Result<Json> HttpKubeClient::parseBody(const Response& response, const Request& request) const {
    // The parsed tree would be walked recursively (copy, diff, dump), one stack frame a level:
    // refuse what is deeper than those walks can take (util/JsonDepth.h) before parsing.
    if (util::jsonDepthExceeds(std::string_view(response.body.constData(), std::size_t(response.body.size())),
                               m_options.maxJsonDepth))
        return util::fail(scrub(util::makeError(
            util::ErrorCode::Server,
            QStringLiteral("the answer from %1 nests arrays and objects deeper than %2 levels, more than Syncline "
                           "reads; refused")
                .arg(m_connection.server.toString())
                .arg(m_options.maxJsonDepth),
            where(request.what))));
    try {
        return Json::parse(response.body.constData(), response.body.constData() + response.body.size());
    } catch (const nlohmann::json::exception& e) {
        QString detail = QString::fromUtf8(e.what());
        if (const qsizetype bracket = detail.indexOf(QLatin1String("] ")); bracket >= 0)
            detail = detail.mid(bracket + 2);
        return util::fail(scrub(util::makeError(util::ErrorCode::Server,
                                                QStringLiteral("the server's answer is not valid JSON (%1 bytes): %2")
                                                    .arg(response.body.size())
                                                    .arg(detail.left(200)),
                                                where(request.what))));
    }
}

util::Result<nlohmann::json> HttpKubeClient::call(const Request& request, const util::CancellationToken& cancel) {
    return callAs<nlohmann::json>(request, cancel);
}

template <class Json> util::Result<Json> HttpKubeClient::callAs(const Request& request, const util::CancellationToken& cancel) {
    auto response = perform(request, cancel);
    if (!response)
        return util::fail(response.error());
    return parseBody<Json>(*response, request);
}

util::Result<nlohmann::json> HttpKubeClient::getPath(const QString& path, const util::CancellationToken& cancel) {
    return call(Request{.method = "GET", .path = path, .what = QStringLiteral("GET ") + path}, cancel);
}

// --- discovery -------------------------------------------------------------------------------

util::Result<std::vector<ApiResource>> HttpKubeClient::fetchDiscovery(const util::CancellationToken& cancel) {
    std::vector<GroupVersionRef> groupVersions;
    auto core = getPath(QStringLiteral("/api"), cancel);
    if (!core)
        return util::fail(core.error());
    groupVersions = parseCoreVersions(*core);
    auto groups = getPath(QStringLiteral("/apis"), cancel);
    if (!groups)
        return util::fail(groups.error());
    for (auto& group : parseGroups(*groups))
        groupVersions.push_back(std::move(group));
    std::vector<ApiResource> resources;
    for (const GroupVersionRef& groupVersion : groupVersions) {
        auto list = getPath(groupVersion.path, cancel);
        if (!list) {
            // An unavailable aggregated API (503) or a group gone since /apis: skip it,
            // like kubectl; anything else (auth, network, cancel) stops discovery.
            if (list.error().code == util::ErrorCode::Server || list.error().code == util::ErrorCode::NotFound)
                continue;
            return util::fail(list.error());
        }
        for (auto& resource : parseResourceList(*list, groupVersion))
            resources.push_back(std::move(resource));
    }
    return resources;
}

util::Result<std::vector<ApiResource>> HttpKubeClient::discover(const util::CancellationToken& cancel, bool refresh) {
    QMutexLocker single(&m_discoveryMutex);
    {
        QMutexLocker lock(&m_cacheMutex);
        if (m_discovery && !refresh)
            return *m_discovery;
    }
    auto fresh = fetchDiscovery(cancel);
    if (!fresh)
        return util::fail(fresh.error());
    auto snapshot = std::make_shared<const std::vector<ApiResource>>(std::move(*fresh));
    QMutexLocker lock(&m_cacheMutex);
    m_discovery = snapshot;
    return *snapshot;
}

util::Result<ApiResource> HttpKubeClient::resourceFor(const QString& group, const QString& kind,
                                                      const util::CancellationToken& cancel) {
    auto find = [&](const std::vector<ApiResource>& resources) -> std::optional<ApiResource> {
        for (const ApiResource& resource : resources)
            if (resource.group == group && resource.kind == kind)
                return resource;
        return std::nullopt;
    };
    std::shared_ptr<const std::vector<ApiResource>> cached;
    {
        QMutexLocker lock(&m_cacheMutex);
        cached = m_discovery;
    }
    if (cached)
        if (auto found = find(*cached))
            return *found;
    // Not known yet (or a CRD created since): read discovery again.
    auto resources = discover(cancel, cached != nullptr);
    if (!resources)
        return util::fail(resources.error());
    if (auto found = find(*resources))
        return *found;
    const QString label = group.isEmpty() ? kind : kind + QLatin1Char('.') + group;
    return util::fail(util::ErrorCode::NotFound,
                      QStringLiteral("the server has no resource type for kind %1 (group '%2'); is its CRD installed?")
                          .arg(label, group.isEmpty() ? QStringLiteral("core") : group),
                      where(label));
}

// --- objects ---------------------------------------------------------------------------------

util::Result<QString> HttpKubeClient::objectPath(const ApiResource& resource, const QString& version,
                                                 const QString& namespaceName, const QString& name, const QString& what) const {
    QString path = resource.group.isEmpty() ? QString(QStringLiteral("/api/") + version)
                                            : QString(QStringLiteral("/apis/") + resource.group + QLatin1Char('/') + version);
    if (resource.namespaced) {
        if (namespaceName.isEmpty() && !name.isEmpty())
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("%1 is namespaced but the object names no namespace").arg(resource.kind),
                              where(what));
        if (!namespaceName.isEmpty())
            path += QStringLiteral("/namespaces/") + namespaceName;
    }
    path += QLatin1Char('/') + resource.plural;
    if (!name.isEmpty())
        path += QLatin1Char('/') + name;
    return path;
}

util::Result<ApiResource> HttpKubeClient::resourceForKey(const manifest::ResourceKey& key,
                                                         const util::CancellationToken& cancel) {
    if (key.kind.isEmpty() || key.name.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("an object needs a kind and a name"),
                          where(keyLabel(key)));
    return resourceFor(key.group, key.kind, cancel);
}

util::Result<nlohmann::json> HttpKubeClient::get(const manifest::ResourceKey& key, const util::CancellationToken& cancel) {
    auto resource = resourceForKey(key, cancel);
    if (!resource)
        return util::fail(resource.error());
    const QString what = keyLabel(key);
    auto path = objectPath(*resource, resource->version, key.namespaceName, key.name, what);
    if (!path)
        return util::fail(path.error());
    return call(Request{.method = "GET", .path = *path, .what = what}, cancel);
}

// A GET of a kind's collection (in a namespace unless the kind is cluster-scoped), with
// its label selector: what list and watch both start from. `verb` names it in messages.
util::Result<HttpKubeClient::Request> HttpKubeClient::collectionRequest(const QString& verb, const ApiResource& resource,
                                                                        const QString& namespaceName,
                                                                        const QString& labelSelector) const {
    const QString scope = resource.namespaced ? namespaceName : QString();
    QString what = verb + QLatin1Char(' ') + objectLabel(resource, {}, {});
    if (!scope.isEmpty())
        what += QStringLiteral(" in ") + scope;
    auto path = objectPath(resource, resource.version, scope, {}, what);
    if (!path)
        return util::fail(path.error());
    Request request{.method = "GET", .path = *path, .what = what};
    if (!labelSelector.isEmpty())
        request.query.addQueryItem(QStringLiteral("labelSelector"), QString::fromLatin1(QUrl::toPercentEncoding(labelSelector)));
    return request;
}

util::Result<std::vector<nlohmann::json>> HttpKubeClient::list(const QString& group, const QString& kind,
                                                               const ListOptions& options,
                                                               const util::CancellationToken& cancel) {
    auto listed = listWithVersion(group, kind, options, cancel);
    if (!listed)
        return util::fail(listed.error());
    return std::move(listed->items);
}

util::Result<ObjectList> HttpKubeClient::listWithVersion(const QString& group, const QString& kind, const ListOptions& options,
                                                         const util::CancellationToken& cancel) {
    ObjectList listed;
    auto items = listPages<nlohmann::json>(group, kind, options, &listed.resourceVersion, cancel);
    if (!items)
        return util::fail(items.error());
    listed.items = std::move(*items);
    return listed;
}

// Parsed straight into ordered_json: converting from nlohmann::json copied every object
// and freed the copy, a tenth of a fleet refresh's CPU.
util::Result<std::vector<nlohmann::ordered_json>> HttpKubeClient::listOrdered(const QString& group, const QString& kind,
                                                                              const ListOptions& options,
                                                                              const util::CancellationToken& cancel) {
    return listPages<nlohmann::ordered_json>(group, kind, options, nullptr, cancel);
}

template <class Json>
util::Result<std::vector<Json>> HttpKubeClient::listPages(const QString& group, const QString& kind, const ListOptions& options,
                                                          QString* resourceVersion, const util::CancellationToken& cancel) {
    auto resource = resourceFor(group, kind, cancel);
    if (!resource)
        return util::fail(resource.error());
    auto collection = collectionRequest(QStringLiteral("list"), *resource, options.namespaceName, options.labelSelector);
    if (!collection)
        return util::fail(collection.error());
    const QString what = collection->what;
    const std::string apiVersion = resource->groupVersion().toStdString();
    const std::string kindText = resource->kind.toStdString();
    std::vector<Json> items;
    QString continueToken;
    int page = 0;
    ListPaging paging(m_options.maxListPages, m_options.maxListItems);
    do {
        if (cancel.isCancelled())
            return util::fail(util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"), where(what)));
        Request request = *collection;
        if (options.pageSize > 0 || options.versionOnly)
            request.query.addQueryItem(QStringLiteral("limit"), QString::number(options.versionOnly ? 1 : options.pageSize));
        if (!continueToken.isEmpty())
            request.query.addQueryItem(QStringLiteral("continue"), QString::fromLatin1(QUrl::toPercentEncoding(continueToken)));
        ++page;
        if (page > 1)
            request.what = what + QStringLiteral(" (page %1)").arg(page);
        auto document = callAs<Json>(request, cancel);
        if (!document)
            return util::fail(document.error());
        if (!document->is_object() || !document->contains("items") || !(*document)["items"].is_array())
            return util::fail(util::makeError(util::ErrorCode::Server, QStringLiteral("the answer is not a list (no items)"),
                                              where(request.what)));
        auto& pageItems = (*document)["items"];
        items.reserve(items.size() + pageItems.size());
        for (auto& item : pageItems) {
            if (!item.is_object())
                continue;
            if (!item.contains("apiVersion"))
                item["apiVersion"] = apiVersion;
            if (!item.contains("kind"))
                item["kind"] = kindText;
            items.push_back(std::move(item));
        }
        continueToken = options.versionOnly ? QString() : listMetadata(*document, "continue");
        if (page == 1 && resourceVersion) // every page of one list shows the same state
            *resourceVersion = listMetadata(*document, "resourceVersion");
        if (auto refused = paging.refuse(continueToken, page, qint64(items.size())))
            return util::fail(util::makeError(util::ErrorCode::Server,
                                              *refused + QStringLiteral(" (%1)").arg(m_connection.server.toString()),
                                              where(request.what)));
    } while (!continueToken.isEmpty());
    return items;
}

util::Result<void> HttpKubeClient::watch(const QString& group, const QString& kind, const WatchOptions& options,
                                         const WatchHandler& onEvent, const util::CancellationToken& cancel) {
    auto resource = resourceFor(group, kind, cancel);
    if (!resource)
        return util::fail(resource.error());
    auto collection = collectionRequest(QStringLiteral("watch"), *resource, options.namespaceName, options.labelSelector);
    if (!collection)
        return util::fail(collection.error());
    Request request = std::move(*collection);
    const QString what = request.what;
    request.query.addQueryItem(QStringLiteral("watch"), QStringLiteral("1"));
    if (!options.resourceVersion.isEmpty())
        request.query.addQueryItem(QStringLiteral("resourceVersion"),
                                   QString::fromLatin1(QUrl::toPercentEncoding(options.resourceVersion)));
    if (options.bookmarks)
        request.query.addQueryItem(QStringLiteral("allowWatchBookmarks"), QStringLiteral("true"));
    request.query.addQueryItem(QStringLiteral("timeoutSeconds"), QString::number(std::max(1, options.timeoutSeconds)));
    auto http = networkRequest(request, cancel);
    if (!http)
        return util::fail(scrub(http.error()));
    const QString at = where(what);
    WatchLineReader reader(m_options.maxBodyBytes, m_options.maxJsonDepth, at);
    const std::chrono::milliseconds idle = std::chrono::seconds(std::max(1, options.timeoutSeconds) + 30);
    Exchange done = streamAndWait(managerFor(m_id), *http, reader, onEvent, idle, cancel);
    if (done.streamError)
        return util::fail(scrub(*done.streamError));
    if (done.timedOut && !done.cancelled)
        return util::fail(scrub(util::makeError(util::ErrorCode::Network,
                                                QStringLiteral("the watch was silent for %1 s").arg(idle.count() / 1000), at)));
    Attempt attempt = outcome(done, at);
    if (attempt.error)
        return util::fail(scrub(*attempt.error));
    if (attempt.status >= 300)
        return util::fail(scrub(statusError(attempt.status, attempt.body, at)));
    if (auto cut = reader.finish())
        return util::fail(scrub(*cut));
    return {};
}

util::Result<nlohmann::json> HttpKubeClient::apply(const nlohmann::json& object, const ApplyOptions& options,
                                                   const util::CancellationToken& cancel) {
    const manifest::ResourceKey key = manifest::ResourceKey::of(object);
    const QString apiVersion = object.is_object() && object.contains("apiVersion") && object["apiVersion"].is_string()
                                   ? QString::fromStdString(object["apiVersion"].get<std::string>())
                                   : QString();
    if (apiVersion.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("the object has no apiVersion"), where(keyLabel(key)));
    auto resource = resourceForKey(key, cancel);
    if (!resource)
        return util::fail(resource.error());
    const QString what = keyLabel(key);
    auto path = objectPath(*resource, splitApiVersion(apiVersion).second, key.namespaceName, key.name, what);
    if (!path)
        return util::fail(path.error());
    Request request{.method = "PATCH",
                    .path = *path,
                    .body = QByteArray::fromStdString(object.dump()),
                    .contentType = "application/apply-patch+yaml",
                    .idempotent = true,
                    .what = what};
    request.query.addQueryItem(QStringLiteral("fieldManager"),
                               QString::fromLatin1(QUrl::toPercentEncoding(options.fieldManager)));
    if (options.force)
        request.query.addQueryItem(QStringLiteral("force"), QStringLiteral("true"));
    if (options.dryRun)
        request.query.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    return call(request, cancel);
}

util::Result<nlohmann::json> HttpKubeClient::create(const nlohmann::json& object, const CreateOptions& options,
                                                    const util::CancellationToken& cancel) {
    const manifest::ResourceKey key = manifest::ResourceKey::of(object);
    const QString apiVersion = object.is_object() && object.contains("apiVersion") && object["apiVersion"].is_string()
                                   ? QString::fromStdString(object["apiVersion"].get<std::string>())
                                   : QString();
    if (apiVersion.isEmpty() || key.kind.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("the object has no apiVersion or kind"),
                          where(keyLabel(key)));
    auto resource = resourceFor(key.group, key.kind, cancel);
    if (!resource)
        return util::fail(resource.error());
    const QString what = keyLabel(key);
    if (resource->namespaced && key.namespaceName.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("%1 is namespaced but the object names no namespace").arg(resource->kind), where(what));
    auto path = objectPath(*resource, splitApiVersion(apiVersion).second, key.namespaceName, QString(), what);
    if (!path)
        return util::fail(path.error());
    // Not idempotent: a retry after a lost answer could create a second object.
    Request request{.method = "POST",
                    .path = *path,
                    .body = QByteArray::fromStdString(object.dump()),
                    .contentType = "application/json",
                    .idempotent = false,
                    .what = what};
    request.query.addQueryItem(QStringLiteral("fieldManager"),
                               QString::fromLatin1(QUrl::toPercentEncoding(options.fieldManager)));
    if (options.dryRun)
        request.query.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    return call(request, cancel);
}

util::Result<nlohmann::json> HttpKubeClient::mergePatch(const manifest::ResourceKey& key, const nlohmann::json& patch,
                                                        const util::CancellationToken& cancel) {
    auto resource = resourceForKey(key, cancel);
    if (!resource)
        return util::fail(resource.error());
    const QString what = keyLabel(key);
    auto path = objectPath(*resource, resource->version, key.namespaceName, key.name, what);
    if (!path)
        return util::fail(path.error());
    return call(Request{.method = "PATCH",
                        .path = *path,
                        .body = QByteArray::fromStdString(patch.dump()),
                        .contentType = "application/merge-patch+json",
                        .idempotent = false,
                        .what = what},
                cancel);
}

util::Result<void> HttpKubeClient::remove(const manifest::ResourceKey& key, const DeleteOptions& options,
                                          const util::CancellationToken& cancel) {
    auto resource = resourceForKey(key, cancel);
    if (!resource)
        return util::fail(resource.error());
    const QString what = keyLabel(key);
    auto path = objectPath(*resource, resource->version, key.namespaceName, key.name, what);
    if (!path)
        return util::fail(path.error());
    const char* policy = options.propagation == DeletePropagation::Foreground ? "Foreground"
                         : options.propagation == DeletePropagation::Orphan   ? "Orphan"
                                                                              : "Background";
    nlohmann::json body = {{"kind", "DeleteOptions"}, {"apiVersion", "v1"}, {"propagationPolicy", policy}};
    if (options.dryRun)
        body["dryRun"] = nlohmann::json::array({"All"});
    Request request{.method = "DELETE",
                    .path = *path,
                    .body = QByteArray::fromStdString(body.dump()),
                    .contentType = "application/json",
                    .idempotent = false,
                    .what = what};
    request.query.addQueryItem(QStringLiteral("propagationPolicy"), QString::fromLatin1(policy));
    if (options.dryRun)
        request.query.addQueryItem(QStringLiteral("dryRun"), QStringLiteral("All"));
    auto response = perform(request, cancel);
    if (!response)
        return util::fail(response.error());
    return {};
}

} // namespace syncline::kube
