// HttpKubeClient's watch against both servers — syncline-devcluster and the real
// kube-apiserver: what a watch started from a list's resourceVersion reports, and the
// BOOKMARK the real server's watch cache sends 2 s before the watch's timeout (so a watch
// started again from the bookmark misses nothing and replays nothing). The devcluster did
// not send bookmarks until this test compared it with the real server.
#include "kube/HttpKubeClient.h"
#include "support/ServerClients.h"
#include "support/TestServers.h"

#include <QTest>

#include <future>
#include <vector>

using namespace syncline;
using namespace syncline::kube;
using syncline::test::TestServer;

namespace {

nlohmann::json configMap(const QString& namespaceName, const QString& name, const QString& value) {
    return {
        {"apiVersion", "v1"},
        {"kind", "ConfigMap"},
        {"metadata", {{"name", name.toStdString()}, {"namespace", namespaceName.toStdString()}, {"labels", {{"test", "watch"}}}}},
        {"data", {{"key", value.toStdString()}}}};
}

// Only the test's objects: a real cluster's controllers add their own to every namespace.
const QString kLabel = QStringLiteral("test=watch");

#define REQUIRE_OK(result) QVERIFY2((result), qPrintable((result) ? QString() : (result).error().toString()))

} // namespace

class TestWatchServers : public QObject {
    Q_OBJECT
private:
    test::TestServers m_servers;
    test::ServerClients m_clients;
    util::CancellationToken m_cancel;

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_clients.clear(); }

    // A change elsewhere moves the server's resourceVersion past the last event the watch
    // matched: the bookmark before the timeout says how far the watch got, so starting again
    // from it neither replays the watched change nor misses anything.
    void aBookmarkBeforeTheTimeoutCarriesTheWatchPastChangesElsewhere() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = m_clients.clientFor(server);
        QVERIFY(client);
        const QString watched = QStringLiteral("watched");
        for (const char* name : {"watched", "elsewhere"})
            REQUIRE_OK(
                client->apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}}, {}, m_cancel));
        auto listed = client->listWithVersion(QString(), QStringLiteral("ConfigMap"),
                                              {.namespaceName = watched, .labelSelector = kLabel}, m_cancel);
        REQUIRE_OK(listed);
        QVERIFY(!listed->resourceVersion.isEmpty());

        // A short watch from the list's version, on its own thread: the server ends it after 5 s.
        std::vector<WatchEvent> events;
        std::promise<void> firstEvent;
        std::future<void> firstSeen = firstEvent.get_future();
        const WatchOptions options{.namespaceName = watched,
                                   .labelSelector = kLabel,
                                   .resourceVersion = listed->resourceVersion,
                                   .timeoutSeconds = 5,
                                   .bookmarks = true};
        auto watching = std::async(std::launch::async, [&] {
            return client->watch(
                QString(), QStringLiteral("ConfigMap"), options,
                [&](WatchEvent event) {
                    events.push_back(std::move(event));
                    if (events.size() == 1)
                        firstEvent.set_value();
                },
                m_cancel);
        });
        auto changed = client->apply(configMap(watched, QStringLiteral("web"), QStringLiteral("two")), {}, m_cancel);
        REQUIRE_OK(changed);
        QCOMPARE(firstSeen.wait_for(std::chrono::seconds(30)), std::future_status::ready);
        auto elsewhere =
            client->apply(configMap(QStringLiteral("elsewhere"), QStringLiteral("other"), QStringLiteral("x")), {}, m_cancel);
        REQUIRE_OK(elsewhere);
        auto ended = watching.get();
        REQUIRE_OK(ended);

        QCOMPARE(events.front().type, WatchEvent::Type::Added);
        QCOMPARE(QString::fromStdString(events.front().object["metadata"]["name"].get<std::string>()), QStringLiteral("web"));
        // After it, only bookmarks (the real server may send more than one): nothing from the
        // other namespace.
        QVERIFY2(events.size() >= 2, "no BOOKMARK before the watch's timeout");
        for (std::size_t i = 1; i < events.size(); ++i)
            QCOMPARE(events[i].type, WatchEvent::Type::Bookmark);
        const WatchEvent& bookmark = events.back();
        QCOMPARE(QString::fromStdString(bookmark.object.value("kind", std::string())), QStringLiteral("ConfigMap"));
        QVERIFY(!bookmark.object.contains("data")); // a bookmark carries only the version

        // Started again from the bookmark, a watch replays nothing already seen; with nothing
        // changed since, not even a bookmark.
        std::vector<WatchEvent> replayed;
        const WatchOptions again{.namespaceName = watched,
                                 .labelSelector = kLabel,
                                 .resourceVersion = bookmark.resourceVersion(),
                                 .timeoutSeconds = 3,
                                 .bookmarks = true};
        REQUIRE_OK(client->watch(
            QString(), QStringLiteral("ConfigMap"), again, [&](WatchEvent event) { replayed.push_back(std::move(event)); },
            m_cancel));
        QVERIFY2(replayed.empty(), qPrintable(QStringLiteral("%1 events replayed").arg(replayed.size())));
    }
};

QTEST_GUILESS_MAIN(TestWatchServers)
#include "tst_watch_servers.moc"
