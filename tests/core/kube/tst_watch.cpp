// Watches: the event stream reader against hostile bytes, the client's watch request, and
// ResourceWatch starting over with a fresh list when the server answers 410 Expired —
// against a fault-injecting server (the real servers are in tst_live_updates_servers).
#include "kube/HttpKubeClient.h"
#include "kube/ResourceWatch.h"
#include "kube/WatchLineReader.h"
#include "support/FaultyApiServer.h"

#include <QTest>

#include <condition_variable>
#include <mutex>

using namespace syncline;
using namespace syncline::kube;
using syncline::test::FaultRequest;
using syncline::test::FaultResponse;
using syncline::test::FaultyApiServer;

namespace {

const QString secretToken = QStringLiteral("w4tch-t0ken-value-77");

QByteArray eventLine(const char* type, const QString& name, const QString& version) {
    nlohmann::json object = {
        {"apiVersion", "v1"},
        {"kind", "ConfigMap"},
        {"metadata", {{"name", name.toStdString()}, {"namespace", "shop"}, {"resourceVersion", version.toStdString()}}}};
    return QByteArray::fromStdString(nlohmann::json{{"type", type}, {"object", object}}.dump()) + '\n';
}

QByteArray expiredLine() {
    nlohmann::json status = {{"kind", "Status"},    {"apiVersion", "v1"}, {"status", "Failure"},
                             {"reason", "Expired"}, {"code", 410},        {"message", "too old resource version: 10 (25)"}};
    return QByteArray::fromStdString(nlohmann::json{{"type", "ERROR"}, {"object", status}}.dump()) + '\n';
}

FaultResponse stream(QByteArray body) {
    FaultResponse response;
    response.headers.push_back({"Content-Type", "application/json"});
    response.body = std::move(body);
    response.chunked = true;
    return response;
}

ClusterConnection connectionTo(const QUrl& server) {
    ClusterConnection connection;
    connection.contextName = QStringLiteral("faulty");
    connection.server = server;
    connection.token = secretToken;
    return connection;
}

nlohmann::json listAt(const char* version) {
    return {{"kind", "ConfigMapList"},
            {"apiVersion", "v1"},
            {"metadata", {{"resourceVersion", version}}},
            {"items", nlohmann::json::array()}};
}

bool isWatch(const FaultRequest& request) { return request.query.queryItemValue(QStringLiteral("watch")) == QLatin1String("1"); }

// What a ResourceWatch reported, filled on its thread and awaited on the test's.
struct Seen {
    std::mutex mutex;
    std::condition_variable changed;
    int resyncs = 0;
    std::vector<WatchEvent> events;

    ResourceWatch::Callbacks callbacks() {
        ResourceWatch::Callbacks callbacks;
        callbacks.onEvent = [this](const WatchEvent& event) {
            std::lock_guard lock(mutex);
            events.push_back(event);
            changed.notify_all();
        };
        callbacks.onResync = [this] {
            std::lock_guard lock(mutex);
            ++resyncs;
            changed.notify_all();
        };
        return callbacks;
    }
    bool waitForEvents(std::size_t count) {
        std::unique_lock lock(mutex);
        return changed.wait_for(lock, std::chrono::seconds(20), [&] { return events.size() >= count; });
    }
};

} // namespace

class TestWatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The server's chunks split events anywhere; each arrives whole, in order.
    void eventsSplitAcrossChunksArriveWhole() {
        WatchLineReader reader(1 << 20, 64, QStringLiteral("watch ConfigMap"));
        std::vector<WatchEvent> events;
        const QByteArray bytes = eventLine("ADDED", QStringLiteral("a"), QStringLiteral("5")) +
                                 eventLine("MODIFIED", QStringLiteral("a"), QStringLiteral("6")) +
                                 eventLine("DELETED", QStringLiteral("a"), QStringLiteral("7"));
        for (qsizetype at = 0; at < bytes.size(); at += 7)
            QVERIFY(!reader.feed(bytes.mid(at, 7), [&](WatchEvent event) { events.push_back(std::move(event)); }));
        QVERIFY(!reader.finish());
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].type, WatchEvent::Type::Added);
        QCOMPARE(events[1].type, WatchEvent::Type::Modified);
        QCOMPARE(events[2].type, WatchEvent::Type::Deleted);
        QCOMPARE(reader.lastResourceVersion(), QStringLiteral("7"));
    }

    void anErrorEventOf410IsExpired() {
        WatchLineReader reader(1 << 20, 64, QStringLiteral("watch ConfigMap"));
        auto error = reader.feed(expiredLine(), [](WatchEvent) { QFAIL("no event expected"); });
        QVERIFY(error);
        QCOMPARE(error->code, util::ErrorCode::Expired);
        QVERIFY2(error->message.contains(QStringLiteral("too old resource version")), qPrintable(error->toString()));
    }

    // Bounded and validated: each of these ends the watch with an error naming the watch.
    void hostileLinesEndTheWatch_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("says");
        QTest::newRow("too long") << QByteArray(5000, 'x') << QStringLiteral("longer than the limit of 4096 bytes");
        QTest::newRow("too deep") << QByteArray("{\"type\":\"ADDED\",\"object\":") + QByteArray(100, '[') + "\n"
                                  << QStringLiteral("nests deeper than 64 levels");
        QTest::newRow("not JSON") << QByteArray("{\"type\": ADDED\n") << QStringLiteral("not valid JSON");
        QTest::newRow("no object") << QByteArray("{\"type\":\"ADDED\"}\n") << QStringLiteral("no type or object");
        QTest::newRow("unknown type") << QByteArray("{\"type\":\"EXPLODED\",\"object\":{}}\n")
                                      << QStringLiteral("unknown type EXPLODED");
    }
    void hostileLinesEndTheWatch() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, says);
        WatchLineReader reader(4096, 64, QStringLiteral("watch ConfigMap in shop"));
        auto error = reader.feed(bytes, [](WatchEvent) { QFAIL("no event expected"); });
        QVERIFY(error);
        QVERIFY2(error->message.contains(says), qPrintable(error->toString()));
        QCOMPARE(error->where, QStringLiteral("watch ConfigMap in shop"));
    }

    void aStreamCutInTheMiddleOfAnEventIsANetworkError() {
        WatchLineReader reader(1 << 20, 64, QStringLiteral("watch ConfigMap"));
        QVERIFY(!reader.feed(eventLine("ADDED", QStringLiteral("a"), QStringLiteral("5")).left(30), [](WatchEvent) {}));
        auto cut = reader.finish();
        QVERIFY(cut);
        QCOMPARE(cut->code, util::ErrorCode::Network);
    }

    // The request says where to start, asks for bookmarks and a server-side timeout; the
    // events stream to the handler, bookmarks included; the token never shows.
    void theClientWatchesFromAVersionWithBookmarks() {
        FaultyApiServer server;
        QVERIFY(server.start([](const FaultRequest& request) {
            if (auto answer = FaultyApiServer::discovery(request))
                return *answer;
            return stream(eventLine("ADDED", QStringLiteral("a"), QStringLiteral("8")) +
                          eventLine("BOOKMARK", QString(), QStringLiteral("9")) +
                          eventLine("MODIFIED", QStringLiteral("a"), QStringLiteral("10")));
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr);
        std::vector<WatchEvent> events;
        WatchOptions options;
        options.namespaceName = QStringLiteral("shop");
        options.resourceVersion = QStringLiteral("7");
        options.timeoutSeconds = 60;
        auto watched = client.watch({}, QStringLiteral("ConfigMap"), options,
                                    [&](WatchEvent event) { events.push_back(std::move(event)); }, {});
        QVERIFY2(watched, qPrintable(watched ? QString() : watched.error().toString()));
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[1].type, WatchEvent::Type::Bookmark);
        QCOMPARE(events[2].resourceVersion(), QStringLiteral("10"));
        const FaultRequest request = server.requests().last();
        QCOMPARE(request.path, QStringLiteral("/api/v1/namespaces/shop/configmaps"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("watch")), QStringLiteral("1"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("resourceVersion")), QStringLiteral("7"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("allowWatchBookmarks")), QStringLiteral("true"));
        QCOMPARE(request.query.queryItemValue(QStringLiteral("timeoutSeconds")), QStringLiteral("60"));
    }

    void anHttp410AnswerIsExpiredWithoutTheToken() {
        FaultyApiServer server;
        QVERIFY(server.start([](const FaultRequest& request) {
            if (auto answer = FaultyApiServer::discovery(request))
                return *answer;
            return FaultResponse::apiStatus(410, QStringLiteral("Expired"),
                                            QStringLiteral("too old resource version: 3 %1").arg(secretToken));
        }));
        HttpKubeClient client(connectionTo(server.url()), nullptr);
        auto watched = client.watch({}, QStringLiteral("ConfigMap"), {}, [](WatchEvent) {}, {});
        QVERIFY(!watched);
        QCOMPARE(watched.error().code, util::ErrorCode::Expired);
        QVERIFY(!watched.error().toString().contains(secretToken));
    }

    // 410 Expired: the watch lists again (one object, for the version) and goes on from
    // there; whoever keeps state hears onResync once per list.
    void resourceWatchListsAgainAfterExpired() {
        FaultyApiServer server;
        QVERIFY(server.start([](const FaultRequest& request) {
            if (auto answer = FaultyApiServer::discovery(request))
                return *answer;
            const QString from = request.query.queryItemValue(QStringLiteral("resourceVersion"));
            if (!isWatch(request)) {
                static int lists = 0;
                return FaultResponse::json(listAt(++lists == 1 ? "10" : "20"));
            }
            if (from == QLatin1String("10"))
                return stream(expiredLine());
            if (from == QLatin1String("20"))
                return stream(eventLine("MODIFIED", QStringLiteral("a"), QStringLiteral("21")));
            FaultResponse quiet = stream({}); // from 21: nothing more happens
            quiet.delayMs = 30'000;
            return quiet;
        }));
        auto client = std::make_shared<HttpKubeClient>(connectionTo(server.url()), nullptr);
        Seen seen;
        {
            ResourceWatch watch(client, {{}, QStringLiteral("ConfigMap"), QStringLiteral("shop")}, seen.callbacks(),
                                {std::chrono::milliseconds(10), std::chrono::milliseconds(100), 60});
            QVERIFY(seen.waitForEvents(1));
        } // stops the watch waiting for the quiet request
        QCOMPARE(seen.resyncs, 2);
        QCOMPARE(seen.events.front().resourceVersion(), QStringLiteral("21"));
        QStringList asked;
        for (const auto& request : server.requests()) {
            if (request.path.startsWith(QLatin1String("/api/v1/namespaces/shop/configmaps")))
                asked << (isWatch(request)
                              ? QStringLiteral("watch@") + request.query.queryItemValue(QStringLiteral("resourceVersion"))
                              : QStringLiteral("list limit=") + request.query.queryItemValue(QStringLiteral("limit")));
        }
        QCOMPARE(asked.mid(0, 4), (QStringList{QStringLiteral("list limit=1"), QStringLiteral("watch@10"),
                                               QStringLiteral("list limit=1"), QStringLiteral("watch@20")}));
    }
};

QTEST_GUILESS_MAIN(TestWatch)
#include "tst_watch.moc"
