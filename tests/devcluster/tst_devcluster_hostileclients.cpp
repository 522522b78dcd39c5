// syncline-devcluster against clients that do not play by the rules (issue 11 §6): endless
// and oversized bodies, JSON nested 100,000 deep, headers that are not text, wrongly typed
// objects, clients that connect and say nothing, too many connections, and a process out
// of file descriptors. Each case builds its bytes on a raw socket and then checks that the
// server still answers the next request.
#include "devcluster/DevClusterProcess.h"
#include "devcluster/RawHttp.h"
#include "support/DevCluster.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using syncline::test::DevCluster;
using syncline::test::DevClusterOptions;
using syncline::test::DevClusterProcess;
using syncline::test::RawHttp;

namespace {

const QByteArray kConfigMaps = "/api/v1/namespaces/default/configmaps";
const QByteArray kCrds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const QList<QPair<QByteArray, QByteArray>> kJson{{"Content-Type", "application/json"}};

QByteArray crdWithVersions(const QByteArray& versions) {
    return R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",)"
           R"("metadata":{"name":"widgets.example.com"},"spec":{"group":"example.com","scope":"Namespaced",)"
           R"("names":{"plural":"widgets","kind":"Widget"},"versions":)" +
           versions + "}}";
}

} // namespace

class TestDevClusterHostileClients : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<DevCluster> m_cluster;

    int port() const { return m_cluster->port(); }
    QString token() const { return m_cluster->token(); }

    // The server answers a well-formed request on a fresh connection.
    void expectServing() { QCOMPARE(RawHttp::probe(port(), token()), 200); }

private Q_SLOTS:
    void initTestCase() {
        m_cluster = std::make_unique<DevCluster>();
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_cluster.reset(); }

    void endlessChunkedBodyIsRefusedAtTheLimit() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        socket.write(RawHttp::request("POST", kConfigMaps, token(), {},
                                      {{"Content-Type", "application/json"}, {"Transfer-Encoding", "chunked"}}));
        // 64 KiB chunks for as long as the server takes them, up to 20 times its limit.
        const QByteArray chunk = "10000\r\n" + QByteArray(0x10000, ' ') + "\r\n";
        qint64 sent = 0;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.bytesAvailable() == 0 && sent < 64 * 1024 * 1024) {
            socket.write(chunk);
            sent += chunk.size();
            socket.waitForBytesWritten(RawHttp::kWaitMs);
        }
        const QByteArray answer = RawHttp::readUntilClosed(socket);
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.left(300).constData());
        QVERIFY2(answer.contains("limit is 3145728 bytes"), answer.constData());
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        QVERIFY2(sent < 64 * 1024 * 1024, "the server kept reading past its limit");
        expectServing();
    }

    void hugeDeclaredChunkIsRefusedBeforeItsBytes() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        socket.write(RawHttp::request("POST", kConfigMaps, token(), "7fffffffffff\r\n",
                                      {{"Content-Type", "application/json"}, {"Transfer-Encoding", "chunked"}}));
        const QByteArray answer = RawHttp::readUntilClosed(socket);
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.constData());
        QCOMPARE(socket.state(), QAbstractSocket::UnconnectedState);
        expectServing();
    }

    void oversizedContentLengthIsRefused() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        socket.write(RawHttp::request("POST", kConfigMaps, token(), {},
                                      {{"Content-Type", "application/json"}, {"Content-Length", "4000000000"}}));
        const QByteArray answer = RawHttp::readUntilClosed(socket);
        QVERIFY2(answer.startsWith("HTTP/1.1 413 "), answer.constData());
        expectServing();
    }

    void conflictingLengthsAreABadRequest() {
        // Two framings of one body: how requests are smuggled past proxies.
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        socket.write(RawHttp::request("POST", kConfigMaps, token(), "{}", {{"Content-Length", "2"}, {"Content-Length", "40"}}));
        QVERIFY(RawHttp::readUntilClosed(socket).startsWith("HTTP/1.1 400 "));
        QTcpSocket both;
        QVERIFY(RawHttp::connect(both, port()));
        both.write(RawHttp::request("POST", kConfigMaps, token(), "0\r\n\r\n",
                                    {{"Content-Length", "5"}, {"Transfer-Encoding", "chunked"}}));
        QVERIFY(RawHttp::readUntilClosed(both).startsWith("HTTP/1.1 400 "));
        expectServing();
    }

    void deeplyNestedJsonIsABadRequest() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        const QByteArray deep = QByteArray(100'000, '[') + QByteArray(100'000, ']');
        socket.write(RawHttp::request("POST", kConfigMaps, token(), deep, kJson));
        auto created = RawHttp::readResponse(socket);
        QCOMPARE(created.status, 400);
        QVERIFY2(created.body.contains("deeper than 512 levels"), created.body.constData());
        // Unclosed, and as server-side apply (tried as YAML after JSON): the same answer.
        socket.write(RawHttp::request("PATCH", kConfigMaps + "/deep?fieldManager=test", token(), QByteArray(100'000, '['),
                                      {{"Content-Type", "application/apply-patch+yaml"}}));
        auto applied = RawHttp::readResponse(socket);
        QCOMPARE(applied.status, 400);
        // Nothing was torn down: the same connection serves the next request.
        socket.write(RawHttp::request("GET", kConfigMaps, token()));
        QCOMPARE(RawHttp::readResponse(socket).status, 200);
    }

    void yamlNestedPastTheLimitIsABadRequest() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        QByteArray yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\n";
        QByteArray indent;
        for (int level = 0; level < 600; ++level, indent += ' ')
            yaml += indent + "a:\n";
        socket.write(RawHttp::request("PATCH", kConfigMaps + "/deep?fieldManager=test", token(), yaml,
                                      {{"Content-Type", "application/apply-patch+yaml"}}));
        auto applied = RawHttp::readResponse(socket);
        QCOMPARE(applied.status, 400);
        socket.write(RawHttp::request("GET", kConfigMaps, token()));
        QCOMPARE(RawHttp::readResponse(socket).status, 200);
    }

    void headerThatIsNotUtf8IsABadRequest() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        socket.write(RawHttp::request("POST", kConfigMaps, token(), R"({"metadata":{"name":"agent"},"data":{"k":"v"}})",
                                      {{"Content-Type", "application/json"}, {"User-Agent", "\xff\xfe"}}));
        const QByteArray answer = RawHttp::readUntilClosed(socket);
        QVERIFY2(answer.startsWith("HTTP/1.1 400 "), answer.constData());
        QVERIFY2(answer.contains("not valid UTF-8"), answer.constData());
        expectServing();
        // Nothing was stored under a mangled field manager.
        QTcpSocket check;
        QVERIFY(RawHttp::connect(check, port()));
        check.write(RawHttp::request("GET", kConfigMaps + "/agent", token()));
        QCOMPARE(RawHttp::readResponse(check).status, 404);
    }

    void crdWithWronglyTypedVersionsIsInvalid() {
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        socket.write(RawHttp::request("POST", kCrds, token(), crdWithVersions("[1]"), kJson));
        auto numbers = RawHttp::readResponse(socket);
        QCOMPARE(numbers.status, 422);
        QVERIFY2(numbers.body.contains("spec.versions[0]"), numbers.body.constData());
        socket.write(
            RawHttp::request("POST", kCrds, token(), crdWithVersions(R"([{"name":"v1","served":"yes","storage":true}])"), kJson));
        auto flag = RawHttp::readResponse(socket);
        QCOMPARE(flag.status, 422);
        QVERIFY2(flag.body.contains("spec.versions[0].served"), flag.body.constData());
        // The same through server-side apply.
        socket.write(RawHttp::request("PATCH", kCrds + "/widgets.example.com?fieldManager=test", token(), crdWithVersions("[1]"),
                                      {{"Content-Type", "application/apply-patch+yaml"}}));
        QCOMPARE(RawHttp::readResponse(socket).status, 422);
        socket.write(RawHttp::request("GET", kCrds, token()));
        QCOMPARE(RawHttp::readResponse(socket).status, 200);
    }

    void wronglyTypedFieldsNeverEndTheServer() {
        // Values of the wrong type where the server reads them: each is the client's
        // error (400/422), and the connection goes on.
        const QList<QPair<QByteArray, QByteArray>> cases{
            {"POST", R"({"metadata":{"name":"typed","labels":5},"data":{"k":"v"}})"},
            {"POST", R"({"metadata":{"name":"typed2","managedFields":[1]},"data":{"k":"v"}})"},
            {"POST", R"({"metadata":{"name":7},"data":{"k":"v"}})"},
            {"POST", R"({"metadata":"typed3"})"},
            {"POST", R"([1,2,3])"},
        };
        QTcpSocket socket;
        QVERIFY(RawHttp::connect(socket, port()));
        for (const auto& [method, body] : cases) {
            socket.write(RawHttp::request(method, kConfigMaps, token(), body, kJson));
            const auto answer = RawHttp::readResponse(socket);
            QVERIFY2(answer.status == 201 || answer.status == 400 || answer.status == 422,
                     qPrintable(QString::number(answer.status) + QLatin1Char(' ') + QString::fromUtf8(body) +
                                QStringLiteral(" -> ") + QString::fromUtf8(answer.body)));
        }
        socket.write(RawHttp::request("GET", kConfigMaps + "?labelSelector=app%3Dweb", token()));
        QCOMPARE(RawHttp::readResponse(socket).status, 200);
        expectServing();
    }

    void silentClientIsClosedWhenIdle() {
        DevCluster cluster(DevClusterOptions{.idleTimeoutMs = 300});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QTcpSocket silent;
        QSignalSpy closed(&silent, &QTcpSocket::disconnected);
        QVERIFY(RawHttp::connect(silent, cluster.port()));
        // Half a request line, never finished, is as idle as nothing at all.
        QTcpSocket slow;
        QSignalSpy slowClosed(&slow, &QTcpSocket::disconnected);
        QVERIFY(RawHttp::connect(slow, cluster.port()));
        slow.write("GET /api/v1/namespa");
        QVERIFY(closed.wait(RawHttp::kWaitMs));
        QVERIFY(slowClosed.count() > 0 || slowClosed.wait(RawHttp::kWaitMs));
        QCOMPARE(RawHttp::probe(cluster.port(), cluster.token()), 200);
    }

    void silentClientOfTlsIsClosedWhenIdle() {
        // Over HTTPS the connection is counted and timed from accept(), before any
        // handshake: a client that never starts one is cut off too.
        DevCluster cluster(DevClusterOptions{.tls = true, .idleTimeoutMs = 300});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QTcpSocket silent;
        QSignalSpy closed(&silent, &QTcpSocket::disconnected);
        QVERIFY(RawHttp::connect(silent, cluster.port()));
        QVERIFY(closed.wait(RawHttp::kWaitMs));
    }

    void watchOutlivesTheIdleTimeout() {
        DevCluster cluster(DevClusterOptions{.idleTimeoutMs = 300});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QTcpSocket watch;
        QVERIFY(RawHttp::connect(watch, cluster.port()));
        watch.write(RawHttp::request("GET", kConfigMaps + "?watch=1&resourceVersion=1", cluster.token()));
        QVERIFY(watch.waitForReadyRead(RawHttp::kWaitMs));
        QVERIFY(watch.readAll().startsWith("HTTP/1.1 200 "));
        // Another connection, opened after the watch, is closed for idling...
        QTcpSocket idle;
        QSignalSpy idleClosed(&idle, &QTcpSocket::disconnected);
        QVERIFY(RawHttp::connect(idle, cluster.port()));
        QVERIFY(idleClosed.wait(RawHttp::kWaitMs));
        // ...while the watch, quiet as long, still streams.
        QCOMPARE(watch.state(), QAbstractSocket::ConnectedState);
        QTcpSocket writer;
        QVERIFY(RawHttp::connect(writer, cluster.port()));
        writer.write(
            RawHttp::request("POST", kConfigMaps, cluster.token(), R"({"metadata":{"name":"seen"},"data":{"k":"v"}})", kJson));
        QCOMPARE(RawHttp::readResponse(writer).status, 201);
        QByteArray events;
        while (!events.contains("\"seen\"") && watch.waitForReadyRead(RawHttp::kWaitMs))
            events += watch.readAll();
        QVERIFY2(events.contains("ADDED"), events.constData());
    }

    void connectionsPastTheCapAreClosed() {
        DevCluster cluster(DevClusterOptions{.maxConnections = 2});
        QString error;
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QTcpSocket first;
        QTcpSocket second;
        for (QTcpSocket* socket : {&first, &second}) {
            QVERIFY(RawHttp::connect(*socket, cluster.port()));
            socket->write(RawHttp::request("GET", "/version", cluster.token()));
            QCOMPARE(RawHttp::readResponse(*socket).status, 200); // accepted and counted
        }
        QTcpSocket third;
        QSignalSpy thirdClosed(&third, &QTcpSocket::disconnected);
        QVERIFY(RawHttp::connect(third, cluster.port()));
        third.write(RawHttp::request("GET", "/version", cluster.token()));
        QVERIFY(thirdClosed.count() > 0 || thirdClosed.wait(RawHttp::kWaitMs));
        QVERIFY(!third.readAll().startsWith("HTTP/1.1 200"));
        // One of the two leaves: there is room again.
        first.write(RawHttp::request("GET", "/version", cluster.token(), {}, {{"Connection", "close"}}));
        QCOMPARE(RawHttp::readResponse(first).status, 200);
        RawHttp::readUntilClosed(first);
        QCOMPARE(first.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(RawHttp::probe(cluster.port(), cluster.token()), 200);
    }

    void outOfFileDescriptorsPausesAndResumes() {
        // A server allowed 32 descriptors, and 60 clients: accept() fails with EMFILE. The
        // server says so once (not at every wake-up), stops accepting instead of spinning,
        // and serves again as soon as connections close.
        DevClusterProcess server;
        QString error;
        QVERIFY2(server.start({.maxOpenFiles = 32}, &error), qPrintable(error));
        std::vector<std::unique_ptr<QTcpSocket>> clients;
        for (int i = 0; i < 60; ++i) {
            clients.push_back(std::make_unique<QTcpSocket>());
            QVERIFY(RawHttp::connect(*clients.back(), server.port()));
        }
        QVERIFY2(server.waitForStderr("cannot accept connections"), server.stderrSoFar().constData());
        for (auto& client : clients)
            client->abort();
        clients.clear();
        QCOMPARE(RawHttp::probe(server.port(), server.token()), 200);
        const QByteArray stderrText = server.stop();
        QCOMPARE(stderrText.count("cannot accept connections"), 1);
        QVERIFY2(stderrText.contains("accepting connections again"), stderrText.constData());
    }
};

QTEST_GUILESS_MAIN(TestDevClusterHostileClients)
#include "tst_devcluster_hostileclients.moc"
