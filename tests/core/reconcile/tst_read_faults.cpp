// A cluster that dies in the middle of a large list (2,000 ConfigMaps, pages of 500),
// scripted with tests/support/FaultyApiServer: the answer announces its whole length and
// the connection closes halfway through, on every attempt, until the cluster "restarts".
// The read ends with an error naming the cluster and the kind, and nothing of the half-read
// list is taken as live (a truncated list must never look like deleted objects); the next
// read after the restart is complete.
#include "kube/HttpKubeClient.h"
#include "reconcile/ClusterReader.h"
#include "support/FaultyApiServer.h"
#include "support/TestManifests.h"

#include <QTest>

#include <atomic>

using namespace syncline;
using namespace syncline::reconcile;
using syncline::test::FaultRequest;
using syncline::test::FaultResponse;
using syncline::test::FaultyApiServer;

namespace {

constexpr int kObjects = 2000;
constexpr int kPage = 500; // ListOptions' default page size
constexpr int kMaxAttempts = 3;
const QString kCollection = QStringLiteral("/api/v1/namespaces/faults/configmaps");

QString nameOf(int i) { return QStringLiteral("config-%1").arg(i, 4, 10, QLatin1Char('0')); }

nlohmann::json liveConfigMap(int i) {
    auto body = test::configMapManifest(nameOf(i), QStringLiteral("one"));
    body["metadata"]["namespace"] = "faults";
    body["metadata"]["resourceVersion"] = "7";
    return body;
}

// Page `page` (from 0) of the list, with a continue token while more follow.
nlohmann::json listPage(int page) {
    nlohmann::json items = nlohmann::json::array();
    for (int i = page * kPage; i < std::min(kObjects, (page + 1) * kPage); ++i)
        items.push_back(liveConfigMap(i));
    nlohmann::json metadata = {{"resourceVersion", "7"}};
    if ((page + 1) * kPage < kObjects)
        metadata["continue"] = "page-" + std::to_string(page + 1);
    return {{"kind", "ConfigMapList"}, {"apiVersion", "v1"}, {"metadata", metadata}, {"items", items}};
}

// The scripted cluster: while `cutPage` is set, that page of the list is cut halfway on
// every attempt (the cluster died mid-answer and is not back); `cutOnce` cuts it once.
struct DyingCluster {
    std::atomic<int> cutPage{-1};
    std::atomic<bool> cutOnce{false};
    bool chunked = false; // Transfer-Encoding: chunked, cut inside the chunk

    FaultResponse answer(const FaultRequest& request) {
        if (auto discovery = FaultyApiServer::discovery(request))
            return *discovery;
        if (request.path != kCollection)
            return FaultResponse::apiStatus(404, QStringLiteral("NotFound"), request.path + QStringLiteral(" not found"));
        const QString token = request.query.queryItemValue(QStringLiteral("continue"));
        const int page = token.isEmpty() ? 0 : token.mid(5).toInt();
        FaultResponse response = FaultResponse::json(listPage(page));
        response.chunked = chunked;
        if (page == cutPage.load()) {
            response.dropAfterBodyBytes = response.body.size() / 2;
            if (cutOnce.exchange(false))
                cutPage = -1;
        }
        return response;
    }
};

workspace::Environment environment() {
    workspace::Environment env;
    env.name = QStringLiteral("faults");
    env.path = QStringLiteral("envs/faults");
    env.renderer = workspace::RendererChoice::Plain;
    env.defaultNamespace = QStringLiteral("faults");
    return env;
}

std::vector<manifest::ManifestObject> desired() {
    std::vector<manifest::ManifestObject> objects;
    for (int i = 0; i < kObjects; ++i) {
        const auto body = test::configMapManifest(nameOf(i), QStringLiteral("one"));
        objects.push_back({manifest::ResourceKey::of(body), nlohmann::ordered_json(body), {QStringLiteral("c.yaml"), 1, 1}});
    }
    return objects;
}

std::unique_ptr<kube::HttpKubeClient> clientFor(const FaultyApiServer& server) {
    kube::ClusterConnection connection;
    connection.contextName = QStringLiteral("dying-cluster");
    connection.server = server.url();
    connection.token = QStringLiteral("read-faults-token");
    kube::HttpClientOptions options;
    options.requestTimeout = std::chrono::milliseconds(10000);
    options.backoffBase = std::chrono::milliseconds(10);
    options.backoffMax = std::chrono::milliseconds(50);
    options.maxAttempts = kMaxAttempts;
    return std::make_unique<kube::HttpKubeClient>(connection, nullptr, options);
}

int requestsForPage(const FaultyApiServer& server, int page) {
    const QString token = page == 0 ? QString() : QStringLiteral("page-%1").arg(page);
    int n = 0;
    for (const FaultRequest& request : server.requests())
        n += request.path == kCollection && request.query.queryItemValue(QStringLiteral("continue")) == token ? 1 : 0;
    return n;
}

} // namespace

class TestReadFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedMidList_data() {
        QTest::addColumn<int>("page");
        QTest::addColumn<bool>("chunked");
        QTest::newRow("first page") << 0 << false;
        QTest::newRow("third page, after 1000 objects") << 2 << false;
        QTest::newRow("third page, chunked") << 2 << true;
    }

    // The list fails as a whole: an error naming the cluster and the kind, no live objects
    // (a pairing of the half would show the rest Missing); after the restart, all of it.
    void killedMidList() {
        QFETCH(int, page);
        QFETCH(bool, chunked);
        DyingCluster cluster;
        cluster.cutPage = page;
        cluster.chunked = chunked;
        FaultyApiServer server;
        QString error;
        QVERIFY2(server.start([&cluster](const FaultRequest& request) { return cluster.answer(request); }, nullptr, &error),
                 qPrintable(error));
        auto client = clientFor(server);
        const auto wanted = desired();

        const ClusterObservation cut = ClusterReader::observe(*client, environment(), wanted, util::CancellationToken{});
        QVERIFY2(cut.error, "a list cut halfway was read as complete");
        const QString text = cut.error->toString();
        // Qt may hand over a chunked answer cut inside its chunk as complete: it then fails
        // as JSON that ends early, and is not retried.
        const bool unparsable = chunked && cut.error->code == util::ErrorCode::Server;
        if (!unparsable)
            QCOMPARE(cut.error->code, util::ErrorCode::Network);
        QVERIFY2(text.contains(QLatin1String("dying-cluster")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("list ConfigMap in faults")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("read-faults-token")), qPrintable(text));
        QVERIFY2(cut.live.empty(),
                 qPrintable(QStringLiteral("%1 objects of a half-read list taken as live").arg(cut.live.size())));
        QCOMPARE(cut.cluster.reachability, ClusterReachability::Unreachable);
        if (!unparsable)
            QCOMPARE(requestsForPage(server, page), kMaxAttempts); // a dropped read is retried, then given up

        cluster.cutPage = -1; // the cluster is back
        const ClusterObservation again = ClusterReader::observe(*client, environment(), wanted, util::CancellationToken{});
        QVERIFY2(!again.error, qPrintable(again.error ? again.error->toString() : QString()));
        QCOMPARE(again.live.size(), std::size_t(kObjects));
    }

    // One answer cut halfway (a blip, not a death) is retried and the list is complete.
    void oneCutAnswerIsRetried() {
        DyingCluster cluster;
        cluster.cutPage = 1;
        cluster.cutOnce = true;
        FaultyApiServer server;
        QString error;
        QVERIFY2(server.start([&cluster](const FaultRequest& request) { return cluster.answer(request); }, nullptr, &error),
                 qPrintable(error));
        auto client = clientFor(server);
        const ClusterObservation read = ClusterReader::observe(*client, environment(), desired(), util::CancellationToken{});
        QVERIFY2(!read.error, qPrintable(read.error ? read.error->toString() : QString()));
        QCOMPARE(read.live.size(), std::size_t(kObjects));
        QCOMPARE(requestsForPage(server, 1), 2);
    }
};

QTEST_GUILESS_MAIN(TestReadFaults)
#include "tst_read_faults.moc"
