// HttpKubeClient against a server that misbehaves on purpose (tests/support/FaultyApiServer):
// refused and dropped connections, 5xx and 429 with retries, Status bodies, slow answers,
// cancel, malformed and huge bodies, TLS with the wrong CA, exec credential plugins.
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "support/FaultyApiServer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>
#include <sys/stat.h>

using namespace syncline;
using namespace syncline::kube;
using syncline::test::FaultRequest;
using syncline::test::FaultResponse;
using syncline::test::FaultyApiServer;

namespace {

const QString secretToken = QStringLiteral("s3cr3t-t0ken-value-42");

ClusterConnection connectionTo(const QUrl& server, const QString& token = secretToken) {
    ClusterConnection connection;
    connection.contextName = QStringLiteral("faulty");
    connection.server = server;
    connection.token = token;
    return connection;
}

HttpClientOptions fastOptions() {
    HttpClientOptions options;
    options.requestTimeout = std::chrono::milliseconds(5000);
    options.backoffBase = std::chrono::milliseconds(10);
    options.backoffMax = std::chrono::milliseconds(50);
    options.maxAttempts = 3;
    return options;
}

nlohmann::json configMap(const QString& name) {
    return {{"metadata", {{"name", name.toStdString()}, {"namespace", "shop"}}}, {"data", {{"k", "v"}}}};
}

nlohmann::json listPage(int from, int count, const QString& next) {
    nlohmann::json items = nlohmann::json::array();
    for (int i = from; i < from + count; ++i)
        items.push_back(configMap(QStringLiteral("cm-%1").arg(i)));
    nlohmann::json metadata = {{"resourceVersion", "7"}};
    if (!next.isEmpty())
        metadata["continue"] = next.toStdString();
    return {{"kind", "ConfigMapList"}, {"apiVersion", "v1"}, {"metadata", metadata}, {"items", items}};
}

const manifest::ResourceKey webKey{QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop"),
                                   QStringLiteral("web")};

nlohmann::json deployment() {
    return {{"apiVersion", "apps/v1"},
            {"kind", "Deployment"},
            {"metadata", {{"name", "web"}, {"namespace", "shop"}}},
            {"spec", {{"replicas", 2}}}};
}

bool mentionsSecret(const util::Error& error) { return error.message.contains(secretToken) || error.where.contains(secretToken); }

// Starts a server answering discovery, then `handler` for anything else.
bool startWith(FaultyApiServer& server, std::function<FaultResponse(const FaultRequest&)> handler,
               const test::TlsFiles* tls = nullptr) {
    QString error;
    const bool ok = server.start(
        [handler](const FaultRequest& request) {
            if (auto answer = FaultyApiServer::discovery(request))
                return *answer;
            return handler(request);
        },
        tls, &error);
    if (!ok)
        qWarning("fault server: %s", qPrintable(error));
    return ok;
}

int countPath(const FaultyApiServer& server, const QString& path) {
    int n = 0;
    for (const FaultRequest& request : server.requests())
        n += request.path == path ? 1 : 0;
    return n;
}

} // namespace

class TestKubeClientFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void connectionRefused() {
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(FaultyApiServer::closedPort()));
        HttpKubeClient client(connectionTo(url), nullptr, fastOptions());
        auto result = client.discover({});
        QVERIFY(!result);
        QCOMPARE(result.error().code, util::ErrorCode::Network);
        QVERIFY2(result.error().message.contains(QStringLiteral("connection refused")), qPrintable(result.error().toString()));
        QVERIFY(result.error().where.startsWith(QStringLiteral("faulty")));
        QVERIFY(!mentionsSecret(result.error()));
    }

    void listFollowsPagesAndDecodesContinue() {
        FaultyApiServer server;
        const QString token = QStringLiteral("a+b/c=="); // must survive the query string
        QVERIFY(startWith(server, [token](const FaultRequest& request) {
            if (request.path != QLatin1String("/api/v1/namespaces/shop/configmaps"))
                return FaultResponse::apiStatus(404, QStringLiteral("NotFound"), QStringLiteral("no"));
            if (request.query.queryItemValue(QStringLiteral("continue"), QUrl::FullyDecoded).isEmpty())
                return FaultResponse::json(listPage(0, 2, token));
            if (request.query.queryItemValue(QStringLiteral("continue"), QUrl::FullyDecoded) == token)
                return FaultResponse::json(listPage(2, 1, {}));
            return FaultResponse::apiStatus(410, QStringLiteral("Expired"), QStringLiteral("bad continue token"));
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto items = client.list(
            {}, QStringLiteral("ConfigMap"),
            {.namespaceName = QStringLiteral("shop"), .labelSelector = QStringLiteral("app=web,tier!=cache"), .pageSize = 2}, {});
        QVERIFY2(items, qPrintable(items ? QString() : items.error().toString()));
        QCOMPARE(items->size(), std::size_t(3));
        QCOMPARE((*items)[2]["metadata"]["name"].get<std::string>(), std::string("cm-2"));
        QCOMPARE((*items)[0]["kind"].get<std::string>(), std::string("ConfigMap")); // filled in
        QCOMPARE((*items)[0]["apiVersion"].get<std::string>(), std::string("v1"));
        bool sawSelector = false;
        for (const FaultRequest& request : server.requests()) {
            if (request.path.endsWith(QLatin1String("/configmaps"))) {
                QCOMPARE(request.query.queryItemValue(QStringLiteral("labelSelector"), QUrl::FullyDecoded),
                         QStringLiteral("app=web,tier!=cache"));
                QCOMPARE(request.query.queryItemValue(QStringLiteral("limit")), QStringLiteral("2"));
                QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + secretToken.toUtf8());
                sawSelector = true;
            }
        }
        QVERIFY(sawSelector);
    }

    void connectionDroppedMidList() {
        FaultyApiServer server;
        std::atomic<int> drops{1}; // the second page drops once, then answers
        QVERIFY(startWith(server, [&drops](const FaultRequest& request) {
            if (request.query.queryItemValue(QStringLiteral("continue")).isEmpty())
                return FaultResponse::json(listPage(0, 2, QStringLiteral("p2")));
            FaultResponse response = FaultResponse::json(listPage(2, 2, {}));
            if (drops.fetch_sub(1) > 0)
                response.dropAfterBodyBytes = 10;
            return response;
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto items = client.list({}, QStringLiteral("ConfigMap"), {.pageSize = 2}, {});
        QVERIFY2(items, qPrintable(items ? QString() : items.error().toString()));
        QCOMPARE(items->size(), std::size_t(4));

        // Dropping every time: an error naming the page, after the bounded attempts.
        FaultyApiServer always;
        QVERIFY(startWith(always, [](const FaultRequest& request) {
            if (request.query.queryItemValue(QStringLiteral("continue")).isEmpty())
                return FaultResponse::json(listPage(0, 2, QStringLiteral("p2")));
            FaultResponse response;
            response.closeWithoutAnswer = true;
            return response;
        }));
        HttpKubeClient failing(connectionTo(always.url()), nullptr, fastOptions());
        auto broken = failing.list({}, QStringLiteral("ConfigMap"), {.pageSize = 2}, {});
        QVERIFY(!broken);
        QCOMPARE(broken.error().code, util::ErrorCode::Network);
        QVERIFY2(broken.error().where.contains(QStringLiteral("page 2")), qPrintable(broken.error().toString()));
        QVERIFY(broken.error().message.contains(QStringLiteral("3 attempts")));
        // First page once, then 3 attempts at the second; Qt itself may resend a GET once
        // when a kept-alive connection closes before the answer, but never without bound.
        const int listRequests = countPath(always, QStringLiteral("/api/v1/configmaps"));
        QVERIFY2(listRequests >= 1 + 3 && listRequests <= 1 + 2 * 3, qPrintable(QString::number(listRequests)));
    }

    void serverErrorThenSuccessIsRetried() {
        FaultyApiServer server;
        std::atomic<int> failures{2};
        QVERIFY(startWith(server, [&failures](const FaultRequest&) {
            if (failures.fetch_sub(1) > 0)
                return FaultResponse::apiStatus(500, QStringLiteral("InternalError"), QStringLiteral("etcd hiccup"));
            return FaultResponse::json(deployment());
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY2(object, qPrintable(object ? QString() : object.error().toString()));
        QCOMPARE((*object)["spec"]["replicas"].get<int>(), 2);
        QCOMPARE(countPath(server, QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web")), 3);
    }

    void serverErrorAlwaysFailsAfterBoundedAttempts() {
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest&) {
            return FaultResponse::apiStatus(503, QStringLiteral("ServiceUnavailable"),
                                            QStringLiteral("apiserver is shutting down"));
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Server);
        QVERIFY2(object.error().message.startsWith(QStringLiteral("503 ServiceUnavailable: apiserver is shutting down")),
                 qPrintable(object.error().message));
        QCOMPARE(countPath(server, QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web")), 3);

        // Not idempotent (a merge patch): not retried on 5xx.
        auto patched = client.mergePatch(webKey, {{"metadata", {{"annotations", {{"a", "b"}}}}}}, {});
        QVERIFY(!patched);
        QCOMPARE(countPath(server, QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web")), 4);
    }

    void tooManyRequestsHonoursRetryAfter() {
        FaultyApiServer server;
        std::atomic<int> throttled{1};
        QVERIFY(startWith(server, [&throttled](const FaultRequest&) {
            if (throttled.fetch_sub(1) > 0) {
                FaultResponse response =
                    FaultResponse::apiStatus(429, QStringLiteral("TooManyRequests"), QStringLiteral("slow down"));
                response.headers.emplace_back(QByteArray("Retry-After"), QByteArray("1"));
                return response;
            }
            return FaultResponse::json(deployment());
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        QVERIFY(client.discover({}));
        QElapsedTimer clock;
        clock.start();
        auto object = client.get(webKey, {});
        QVERIFY2(object, qPrintable(object ? QString() : object.error().toString()));
        QVERIFY2(clock.elapsed() >= 950, qPrintable(QString::number(clock.elapsed()))); // waited the second, not 10 ms
    }

    void statusBodiesBecomeErrors_data() {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("errorCode");
        QTest::newRow("401") << 401 << QStringLiteral("Unauthorized") << QStringLiteral("Unauthorized")
                             << int(util::ErrorCode::Auth);
        QTest::newRow("403") << 403 << QStringLiteral("Forbidden")
                             << QStringLiteral("deployments.apps \"web\" is forbidden: User \"dev\" cannot patch")
                             << int(util::ErrorCode::Forbidden);
        QTest::newRow("404") << 404 << QStringLiteral("NotFound") << QStringLiteral("deployments.apps \"web\" not found")
                             << int(util::ErrorCode::NotFound);
        QTest::newRow("409") << 409 << QStringLiteral("Conflict")
                             << QStringLiteral("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas")
                             << int(util::ErrorCode::Conflict);
        QTest::newRow("422") << 422 << QStringLiteral("Invalid")
                             << QStringLiteral("Deployment.apps \"web\" is invalid: spec.replicas: Invalid value: -1")
                             << int(util::ErrorCode::Invalid);
    }
    void statusBodiesBecomeErrors() {
        QFETCH(int, code);
        QFETCH(QString, reason);
        QFETCH(QString, message);
        QFETCH(int, errorCode);
        FaultyApiServer server;
        QVERIFY(startWith(server, [=](const FaultRequest&) {
            // A careless server that echoes the credential back must not leak it.
            return FaultResponse::apiStatus(code, reason, message + QStringLiteral(" (token ") + secretToken + QLatin1Char(')'));
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto applied = client.apply(deployment(), {}, {});
        QVERIFY(!applied);
        QCOMPARE(int(applied.error().code), errorCode);
        QVERIFY2(applied.error().message.startsWith(QString::number(code) + QLatin1Char(' ') + reason + QStringLiteral(": ") +
                                                    message),
                 qPrintable(applied.error().message));
        QCOMPARE(applied.error().where, QStringLiteral("faulty: apps/Deployment shop/web"));
        QVERIFY2(!mentionsSecret(applied.error()), qPrintable(applied.error().toString()));
        QVERIFY(applied.error().message.contains(QStringLiteral("<redacted>")));
        QCOMPARE(countPath(server, QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web")), 1); // 4xx: no retry
        const FaultRequest last = server.requests().constLast();
        QCOMPARE(last.method, QByteArray("PATCH"));
        QCOMPARE(last.headers.value("content-type"), QByteArray("application/apply-patch+yaml"));
        QCOMPARE(last.query.queryItemValue(QStringLiteral("fieldManager")), QStringLiteral("syncline"));
        QVERIFY(!last.query.hasQueryItem(QStringLiteral("force")));
    }

    void unknownKindIsNotFoundNamingIt() {
        FaultyApiServer server;
        QVERIFY(
            startWith(server, [](const FaultRequest&) { return FaultResponse::apiStatus(404, QStringLiteral("NotFound"), {}); }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto result = client.get(
            {QStringLiteral("example.com"), QStringLiteral("Widget"), QStringLiteral("shop"), QStringLiteral("w")}, {});
        QVERIFY(!result);
        QCOMPARE(result.error().code, util::ErrorCode::NotFound);
        QVERIFY2(result.error().message.contains(QStringLiteral("Widget.example.com")), qPrintable(result.error().toString()));
        // A namespaced kind without a namespace is the caller's mistake, said clearly.
        auto noNamespace = client.get({QString(), QStringLiteral("ConfigMap"), QString(), QStringLiteral("x")}, {});
        QVERIFY(!noNamespace);
        QCOMPARE(noNamespace.error().code, util::ErrorCode::InvalidArgument);
        QVERIFY(noNamespace.error().message.contains(QStringLiteral("namespaced")));
    }

    void slowServerTimesOut() {
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest&) {
            FaultResponse response = FaultResponse::json(deployment());
            response.delayMs = 10000;
            return response;
        }));
        HttpClientOptions options = fastOptions();
        options.requestTimeout = std::chrono::milliseconds(300);
        HttpKubeClient client(connectionTo(server.url()), nullptr, options);
        QVERIFY(client.discover({}));
        QElapsedTimer clock;
        clock.start();
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Timeout);
        QVERIFY(clock.elapsed() < 3000);
    }

    void cancelWhileWaitingReturnsPromptly() {
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest&) {
            FaultResponse response = FaultResponse::json(deployment());
            response.delayMs = 20000;
            return response;
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        QVERIFY(client.discover({}));
        util::CancellationToken cancel;
        std::optional<util::Result<nlohmann::json>> result;
        QElapsedTimer clock;
        std::atomic<qint64> cancelledAt{-1};
        std::unique_ptr<QThread> worker(QThread::create([&] { result = client.get(webKey, cancel); }));
        clock.start();
        worker->start();
        // Cancel once the request is on the wire (the server has seen it).
        QTRY_VERIFY_WITH_TIMEOUT(countPath(server, QStringLiteral("/apis/apps/v1/namespaces/shop/deployments/web")) == 1, 5000);
        cancelledAt = clock.elapsed();
        cancel.cancel();
        QVERIFY(worker->wait(5000));
        QVERIFY(result.has_value());
        QVERIFY(!*result);
        QCOMPARE(result->error().code, util::ErrorCode::Cancelled);
        QVERIFY2(clock.elapsed() - cancelledAt < 1000, qPrintable(QString::number(clock.elapsed() - cancelledAt)));
    }

    void malformedJsonIsAClearError() {
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest&) {
            FaultResponse response;
            response.headers.emplace_back(QByteArray("Content-Type"), QByteArray("application/json"));
            response.body = "{\"kind\": \"Deployment\", \"metadata\": {";
            return response;
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Server);
        QVERIFY2(object.error().message.contains(QStringLiteral("not valid JSON")), qPrintable(object.error().message));
        QVERIFY(object.error().where.contains(QStringLiteral("apps/Deployment shop/web")));
    }

    void hugeBodyBeyondTheCap_data() {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("content-length") << false;
        QTest::newRow("chunked") << true;
    }
    void hugeBodyBeyondTheCap() {
        QFETCH(bool, chunked);
        FaultyApiServer server;
        QVERIFY(startWith(server, [chunked](const FaultRequest&) {
            FaultResponse response;
            response.body = QByteArray(3 * 1024 * 1024, 'x');
            response.chunked = chunked;
            return response;
        }));
        HttpClientOptions options = fastOptions();
        options.maxBodyBytes = 1024 * 1024;
        HttpKubeClient client(connectionTo(server.url()), nullptr, options);
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Server);
        QVERIFY2(object.error().message.contains(QStringLiteral("larger than the limit")), qPrintable(object.error().message));
    }

    // Syncline reads answers nested at most 256 levels deep (util/JsonDepth.h; Kubernetes
    // allows 10000, no real object comes near): a deeper one is refused before parsing,
    // naming the server and the object.
    void answersNestedDeeperThanSynclineReadsAreRefused_data() {
        QTest::addColumn<int>("arrays"); // {"spec": {"x": <arrays>}} is arrays + 2 levels deep
        QTest::newRow("one level past the limit") << 256 - 2 + 1;
        QTest::newRow("a million levels") << 1'000'000;
    }
    void answersNestedDeeperThanSynclineReadsAreRefused() {
        QFETCH(int, arrays);
        FaultyApiServer server;
        const QByteArray body = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},)"
                                R"("spec":{"x":)" +
                                FaultResponse::nestedArrays(arrays) + "}}";
        QVERIFY(startWith(server, [body](const FaultRequest& request) {
            if (request.path.endsWith(QLatin1String("/configmaps")))
                return FaultResponse::rawJson(R"({"kind":"ConfigMapList","metadata":{},"items":[)" + body + "]}");
            return FaultResponse::rawJson(body);
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Server);
        const QString expected = QStringLiteral("the answer from %1 nests arrays and objects deeper than 256 levels, "
                                                "more than Syncline reads; refused")
                                     .arg(server.url().toString());
        QCOMPARE(object.error().message, expected);
        QCOMPARE(object.error().where, QStringLiteral("faulty: apps/Deployment shop/web"));

        auto listed = client.list({}, QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("shop")}, {});
        QVERIFY(!listed);
        QCOMPARE(listed.error().message, expected);
        QCOMPARE(listed.error().where, QStringLiteral("faulty: list ConfigMap in shop"));
    }

    // The limit is sized for the smallest stack Syncline's threads get (glibc's default when
    // `ulimit -s` is unlimited, 2 MiB): an object at the limit is read, and copied, converted
    // and printed there, by functions that recurse once per level (with ASan's frames too).
    void anObjectAsDeepAsSynclineReadsIsReadAndWalkedOnASmallStack() {
        FaultyApiServer server;
        const QByteArray body = R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},)"
                                R"("spec":{"x":)" +
                                FaultResponse::nestedArrays(256 - 2) + "}}";
        QVERIFY(startWith(server, [body](const FaultRequest&) { return FaultResponse::rawJson(body); }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY2(object, qPrintable(object ? QString() : object.error().toString()));
        QByteArray printed;
        std::unique_ptr<QThread> walker(QThread::create([&] {
            const nlohmann::json copy = *object;
            printed = QByteArray::fromStdString(nlohmann::ordered_json(copy).dump());
        }));
        walker->setStackSize(2 * 1024 * 1024);
        walker->start();
        QVERIFY(walker->wait());
        QCOMPARE(printed, body);
    }

    void aDeepErrorBodyIsReportedByItsStatus() {
        FaultyApiServer server;
        QVERIFY(startWith(
            server, [](const FaultRequest&) { return FaultResponse::rawJson(FaultResponse::nestedArrays(1'000'000), 403); }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Forbidden);
        QVERIFY2(object.error().message.startsWith(QStringLiteral("403 Forbidden")), qPrintable(object.error().message));
    }

    // A list follows `continue` only while the server makes progress.
    void aRepeatedContinueTokenEndsTheList_data() {
        QTest::addColumn<QStringList>("tokens"); // what page n's answer says comes next, the last one cycles
        QTest::addColumn<int>("pages");          // pages read before the repeat is seen
        QTest::newRow("the same token every time") << QStringList{QStringLiteral("again")} << 2;
        QTest::newRow("a cycle of three") << QStringList{QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3")} << 4;
    }
    void aRepeatedContinueTokenEndsTheList() {
        QFETCH(QStringList, tokens);
        QFETCH(int, pages);
        FaultyApiServer server;
        QVERIFY(startWith(server, [tokens](const FaultRequest& request) {
            const QString current = request.query.queryItemValue(QStringLiteral("continue"), QUrl::FullyDecoded);
            const qsizetype at = tokens.indexOf(current);
            return FaultResponse::json(listPage(0, 1, tokens.value((at + 1) % tokens.size())));
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr, fastOptions());
        auto items = client.list({}, QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("shop")}, {});
        QVERIFY(!items);
        QCOMPARE(items.error().code, util::ErrorCode::Server);
        QCOMPARE(items.error().message,
                 QStringLiteral("the server sent a continue token it had sent before (page %1); the list would never end; "
                                "stopped (%2)")
                     .arg(pages)
                     .arg(server.url().toString()));
        QCOMPARE(items.error().where, QStringLiteral("faulty: list ConfigMap in shop (page %1)").arg(pages));
        QCOMPARE(countPath(server, QStringLiteral("/api/v1/namespaces/shop/configmaps")), pages);
    }

    void aServerThatPagesForeverIsStopped() {
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest& request) {
            const int page = request.query.queryItemValue(QStringLiteral("continue")).toInt();
            return FaultResponse::json(listPage(page * 2, 2, QString::number(page + 1)));
        }));
        HttpClientOptions options = fastOptions();
        options.maxListPages = 25;
        HttpKubeClient client(connectionTo(server.url()), nullptr, options);
        auto items = client.list({}, QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("shop")}, {});
        QVERIFY(!items);
        QCOMPARE(items.error().message,
                 QStringLiteral("the server still had more after 25 pages; stopped (%1)").arg(server.url().toString()));
        QCOMPARE(countPath(server, QStringLiteral("/api/v1/namespaces/shop/configmaps")), 25);

        // The object budget stops it too, whatever the page count.
        options.maxListPages = 10'000;
        options.maxListItems = 5;
        HttpKubeClient bounded(connectionTo(server.url()), nullptr, options);
        auto many = bounded.list({}, QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("shop")}, {});
        QVERIFY(!many);
        QCOMPARE(many.error().message,
                 QStringLiteral("the list has more than 5 objects; stopped (%1)").arg(server.url().toString()));
        QCOMPARE(many.error().where, QStringLiteral("faulty: list ConfigMap in shop (page 3)"));
    }

    // Qt 6.4's HTTP/2 added ~40 ms to every request with a body (bench_kube: 44 ms per
    // server-side apply to the real kube-apiserver, 2.6 ms over HTTP/1.1), so the client
    // asks for HTTP/1.1 even where the server offers h2.
    void speaksHttp1EvenWhenTheServerOffersHttp2() {
        QTemporaryDir dir;
        test::TlsFiles tls;
        QString error;
        QVERIFY2(FaultyApiServer::generateTls(dir.path(), &tls, &error), qPrintable(error));
        FaultyApiServer server;
        QVERIFY(startWith(
            server, [](const FaultRequest&) { return FaultResponse::json(deployment()); }, &tls));
        ClusterConnection connection = connectionTo(server.url());
        connection.insecure = true;
        HttpKubeClient client(connection, nullptr, fastOptions());
        auto applied = client.apply(deployment(), {}, {});
        QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().toString()));
        QVERIFY(server.requestCount() > 0);
        for (const FaultRequest& request : server.requests())
            QVERIFY2(request.tlsProtocol != "h2", request.target.constData()); // empty: Qt then offers no ALPN
    }

    void tlsVerifiesAgainstTheKubeconfigCa() {
        QTemporaryDir dir;
        test::TlsFiles tls;
        QString error;
        QVERIFY2(FaultyApiServer::generateTls(dir.path(), &tls, &error), qPrintable(error));
        FaultyApiServer server;
        QVERIFY(startWith(
            server, [](const FaultRequest&) { return FaultResponse::json(deployment()); }, &tls));
        auto read = [](const QString& path) {
            QFile file(path);
            file.open(QIODevice::ReadOnly);
            return file.readAll();
        };

        // The right CA and the certificate's name: verified.
        ClusterConnection good = connectionTo(server.url());
        good.caPem = read(tls.caCertificate);
        good.tlsServerName = QStringLiteral("kube.test");
        HttpKubeClient client(good, nullptr, fastOptions());
        auto object = client.get(webKey, {});
        QVERIFY2(object, qPrintable(object ? QString() : object.error().toString()));
        QVERIFY(client.insecureWarning().isEmpty());

        // The right CA but 127.0.0.1 is not in the certificate: refused.
        ClusterConnection noName = good;
        noName.tlsServerName.clear();
        HttpKubeClient wrongName(noName, nullptr, fastOptions());
        auto mismatch = wrongName.discover({});
        QVERIFY(!mismatch);
        QCOMPARE(mismatch.error().code, util::ErrorCode::Network);
        QVERIFY2(mismatch.error().message.contains(QStringLiteral("TLS")), qPrintable(mismatch.error().message));

        // Another CA: refused, with a message saying so.
        ClusterConnection wrong = good;
        wrong.caPem = read(tls.otherCa);
        HttpKubeClient wrongCa(wrong, nullptr, fastOptions());
        auto refused = wrongCa.discover({});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::Network);
        QVERIFY2(refused.error().message.contains(QStringLiteral("kubeconfig's CA")), qPrintable(refused.error().message));
        QVERIFY(!mentionsSecret(refused.error()));

        // Explicitly insecure: connects, and says so for as long as it exists.
        ClusterConnection insecure = wrong;
        insecure.insecure = true;
        HttpKubeClient unchecked(insecure, nullptr, fastOptions());
        QVERIFY(unchecked.discover({}));
        QVERIFY(unchecked.insecureWarning().contains(QStringLiteral("TLS verification is off")));
    }

    void unapprovedExecPluginIsNotRun() {
        QTemporaryDir dir;
        const QString marker = dir.filePath(QStringLiteral("ran"));
        const QString script = writePlugin(dir, QStringLiteral("touch '%1'; exit 1").arg(marker));
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest&) { return FaultResponse::json(deployment()); }));
        ClusterConnection connection = connectionTo(server.url(), {});
        connection.exec = ExecConfig{.apiVersion = QStringLiteral("client.authentication.k8s.io/v1"),
                                     .command = script,
                                     .args = {QStringLiteral("--cluster"), QStringLiteral("prod")},
                                     .baseDir = dir.path()};
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        ExecConfig staging = *connection.exec; // another command line for the same program
        staging.args = QStringList{QStringLiteral("--cluster"), QStringLiteral("staging")};
        approvals->approve(*ExecFingerprint::of(staging, connection.clusterKey()));
        HttpKubeClient client(connection, approvals, fastOptions());
        QCOMPARE(client.execCommandNeedingApproval(), script + QStringLiteral(" --cluster prod"));
        auto result = client.discover({});
        QVERIFY(!result);
        QCOMPARE(result.error().code, util::ErrorCode::Auth);
        QVERIFY2(result.error().message.contains(script + QStringLiteral(" --cluster prod")), qPrintable(result.error().message));
        QVERIFY(result.error().message.contains(QStringLiteral("not approved")));
        QVERIFY(!QFile::exists(marker));
        QCOMPARE(server.requestCount(), 0);
    }

    void approvedExecPluginTokenReachesTheServer() {
        QTemporaryDir dir;
        const QString counter = dir.filePath(QStringLiteral("runs"));
        // Prints a v1 ExecCredential whose token names the apiVersion it was asked for.
        const QString script = writePlugin(
            dir, QStringLiteral("echo run >> '%1'\n"
                                "case \"$KUBERNETES_EXEC_INFO\" in *'\"interactive\":false'*) ;; *) exit 3;; esac\n"
                                "[ \"$PLUGIN_MODE\" = test ] || exit 4\n"
                                "printf '{\"apiVersion\":\"client.authentication.k8s.io/v1\",\"kind\":\"ExecCredential\","
                                "\"status\":{\"token\":\"%2\",\"expirationTimestamp\":\"2999-01-01T00:00:00Z\"}}'\n")
                     .arg(counter, secretToken));
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest& request) {
            if (request.headers.value("authorization") != QByteArray("Bearer ") + secretToken.toUtf8())
                return FaultResponse::apiStatus(401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized"));
            return FaultResponse::apiStatus(403, QStringLiteral("Forbidden"),
                                            QStringLiteral("forbidden for the bearer ") + secretToken);
        }));
        ClusterConnection connection = connectionTo(server.url(), {});
        connection.exec = ExecConfig{.apiVersion = QStringLiteral("client.authentication.k8s.io/v1"),
                                     .command = QStringLiteral("./plugin.sh"),
                                     .env = {{QStringLiteral("PLUGIN_MODE"), QStringLiteral("test")}},
                                     .baseDir = dir.path()};
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        approvals->approve(*ExecFingerprint::of(*connection.exec, connection.clusterKey()));
        HttpKubeClient client(connection, approvals, fastOptions());
        QVERIFY(client.execCommandNeedingApproval().isEmpty());
        QVERIFY2(client.discover({}), "discovery with the plugin's token");
        auto object = client.get(webKey, {});
        QVERIFY(!object);
        QCOMPARE(object.error().code, util::ErrorCode::Forbidden);
        QVERIFY2(!mentionsSecret(object.error()), qPrintable(object.error().toString()));
        for (const FaultRequest& request : server.requests())
            QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer ") + secretToken.toUtf8());
        // Cached until it expires: the plugin ran once for all those requests.
        QFile runs(counter);
        QVERIFY(runs.open(QIODevice::ReadOnly));
        QCOMPARE(runs.readAll().count('\n'), 1);
    }

    void tokenFileIsReadOnUseOnlyWhenRegularAndSmall() {
        // The token file is re-read before each request (rotated tokens): by then it may be
        // a FIFO (an open for reading would wait for a writer forever), a device or huge.
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("token.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        const QString huge = dir.filePath(QStringLiteral("token.huge"));
        {
            QFile file(huge);
            QVERIFY(file.open(QIODevice::WriteOnly));
            QVERIFY(file.resize(qint64(100) * 1024 * 1024)); // sparse: no disk used
        }
        FaultyApiServer server;
        QVERIFY(startWith(server, [](const FaultRequest&) { return FaultResponse::json(deployment()); }));
        const std::pair<QString, QString> cases[] = {{fifo, QStringLiteral("FIFO")},
                                                     {QStringLiteral("/dev/zero"), QStringLiteral("character device")},
                                                     {huge, QStringLiteral("larger than 1 MiB")},
                                                     {dir.path(), QStringLiteral("directory")}};
        for (const auto& [path, why] : cases) {
            ClusterConnection connection = connectionTo(server.url(), {});
            connection.tokenFile = path;
            HttpKubeClient client(connection, nullptr, fastOptions());
            auto result = client.get(webKey, {});
            QVERIFY(!result);
            QCOMPARE(result.error().code, util::ErrorCode::Auth);
            QVERIFY2(result.error().message.contains(path) && result.error().message.contains(why),
                     qPrintable(result.error().message));
        }
        QCOMPARE(server.requestCount(), 0);
    }

    void failingExecPluginSaysWhy() {
        QTemporaryDir dir;
        const QString script = writePlugin(dir, QStringLiteral("echo 'please log in first' >&2; exit 2"));
        ClusterConnection connection = connectionTo(QUrl(QStringLiteral("http://127.0.0.1:1")), {});
        connection.exec = ExecConfig{
            .apiVersion = QStringLiteral("client.authentication.k8s.io/v1beta1"), .command = script, .baseDir = dir.path()};
        auto approvals = std::make_shared<InMemoryExecApprovals>();
        approvals->approve(*ExecFingerprint::of(*connection.exec, connection.clusterKey()));
        HttpKubeClient client(connection, approvals, fastOptions());
        auto result = client.discover({});
        QVERIFY(!result);
        QCOMPARE(result.error().code, util::ErrorCode::Auth);
        QVERIFY2(result.error().message.contains(QStringLiteral("please log in first")), qPrintable(result.error().message));

        connection.exec->command = QStringLiteral("no-such-plugin-xyz");
        connection.exec->installHint = QStringLiteral("get it from example.com");
        HttpKubeClient missing(connection, approvals, fastOptions());
        auto notInstalled = missing.discover({});
        QVERIFY(!notInstalled);
        QVERIFY(notInstalled.error().message.contains(QStringLiteral("get it from example.com")));
    }

private:
    static QString writePlugin(QTemporaryDir& dir, const QString& body) {
        const QString path = dir.filePath(QStringLiteral("plugin.sh"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("#!/bin/sh\n" + body.toUtf8() + "\n");
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }
};

QTEST_GUILESS_MAIN(TestKubeClientFaults)
#include "tst_kubeclient_faults.moc"
