// HttpKubeClient against both servers — syncline-devcluster and the real kube-apiserver
// (TLS + bearer token, through the kubeconfig each writes): discovery with a CRD created at
// run time, get/list/selectors/pagination, server-side apply (dry run, conflicts, force),
// merge patch, delete, the Status reasons of 404/409/422, and several threads at once
// within the client's concurrency bound.
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "support/TestServers.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>
#include <QThread>

#include <atomic>
#include <map>

using namespace syncline;
using namespace syncline::kube;
using syncline::test::TestServer;

namespace {

nlohmann::json configMap(const QString& name, const QString& app, const QString& value = QStringLiteral("v")) {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name.toStdString()}, {"namespace", "shop"}, {"labels", {{"app", app.toStdString()}}}}},
            {"data", {{"key", value.toStdString()}}}};
}

manifest::ResourceKey configMapKey(const QString& name) {
    return {QString(), QStringLiteral("ConfigMap"), QStringLiteral("shop"), name};
}

QString describe(const util::Error& error) { return error.toString(); }

// One request as a client other than Syncline's would send it: the HTTP status and the JSON answer.
std::pair<int, nlohmann::json> rawRequest(const ClusterConnection& connection, const QByteArray& method, const QString& path,
                                          const QByteArray& body) {
    QNetworkAccessManager network;
    QNetworkRequest request(connection.server.resolved(QUrl(path)));
    request.setRawHeader("Authorization", "Bearer " + connection.token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/apply-patch+yaml"));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setCaCertificates(QSslCertificate::fromData(connection.caPem));
    request.setSslConfiguration(tls);
    request.setTransferTimeout(20000);
    QNetworkReply* reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    reply->deleteLater();
    return {status, nlohmann::json::parse(answer.constData(), answer.constData() + answer.size(), nullptr, false)};
}

#define REQUIRE_OK(result) QVERIFY2((result), qPrintable((result) ? QString() : describe((result).error())))

} // namespace

class TestKubeClientServers : public QObject {
    Q_OBJECT
private:
    test::TestServers m_servers;
    std::map<QString, std::unique_ptr<HttpKubeClient>> m_clients; // by row
    util::CancellationToken m_cancel;

    // The row's client, made (with the namespace "shop") on first use.
    HttpKubeClient* clientFor(const TestServer& server) {
        auto& client = m_clients[server.name];
        if (client)
            return client.get();
        auto created =
            HttpKubeClient::create({server.kubeconfig, server.context, false}, std::make_shared<InMemoryExecApprovals>());
        if (!created) {
            qWarning("%s", qPrintable(created.error().toString()));
            return nullptr;
        }
        client = std::move(*created);
        auto ns = client->apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "shop"}}}}, {}, m_cancel);
        if (!ns) {
            qWarning("%s", qPrintable(ns.error().toString()));
            client.reset();
        }
        return client.get();
    }

private Q_SLOTS:
    void initTestCase_data() { test::TestServers::addRows(); }

    void initTestCase() {
        QString error;
        QVERIFY2(m_servers.start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_clients.clear(); }

    void theClientSpeaksTlsWithTheKubeconfigsCa() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        QVERIFY(client->server().scheme() == QLatin1String("https"));
        QVERIFY(client->insecureWarning().isEmpty());
    }

    void discoveryIncludesCrdsCreatedAtRunTime() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        auto resources = client->discover(m_cancel);
        REQUIRE_OK(resources);
        auto has = [&](const std::vector<ApiResource>& list, const QString& group, const QString& kind) {
            for (const ApiResource& resource : list)
                if (resource.group == group && resource.kind == kind)
                    return true;
            return false;
        };
        QVERIFY(has(*resources, QString(), QStringLiteral("ConfigMap")));
        QVERIFY(has(*resources, QStringLiteral("apps"), QStringLiteral("Deployment")));
        auto namespaceType = client->resourceFor(QString(), QStringLiteral("Namespace"), m_cancel);
        REQUIRE_OK(namespaceType);
        QVERIFY(!namespaceType->namespaced);
        QCOMPARE(namespaceType->plural, QStringLiteral("namespaces"));
        QVERIFY(!has(*resources, QStringLiteral("example.com"), QStringLiteral("Widget")));

        const nlohmann::json crd = {
            {"apiVersion", "apiextensions.k8s.io/v1"},
            {"kind", "CustomResourceDefinition"},
            {"metadata", {{"name", "widgets.example.com"}}},
            {"spec",
             {{"group", "example.com"},
              {"scope", "Namespaced"},
              {"names", {{"plural", "widgets"}, {"singular", "widget"}, {"kind", "Widget"}, {"listKind", "WidgetList"}}},
              {"versions",
               {{{"name", "v1"},
                 {"served", true},
                 {"storage", true},
                 {"schema", {{"openAPIV3Schema", {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}}}};
        REQUIRE_OK(client->apply(crd, {}, m_cancel));
        // A real server serves the new kind once the definition is Established, a moment
        // after the apply; the client's discovery sees it when it is.
        QTRY_VERIFY_WITH_TIMEOUT(has(client->discover(m_cancel, true).value_or(std::vector<ApiResource>()),
                                     QStringLiteral("example.com"), QStringLiteral("Widget")),
                                 20000);
        auto widget = client->apply({{"apiVersion", "example.com/v1"},
                                     {"kind", "Widget"},
                                     {"metadata", {{"name", "w1"}, {"namespace", "shop"}}},
                                     {"spec", {{"size", 3}}}},
                                    {}, m_cancel);
        REQUIRE_OK(widget);
        auto read = client->get(
            {QStringLiteral("example.com"), QStringLiteral("Widget"), QStringLiteral("shop"), QStringLiteral("w1")}, m_cancel);
        REQUIRE_OK(read);
        QCOMPARE((*read)["spec"]["size"].get<int>(), 3);

        auto unknown = client->resourceFor(QStringLiteral("example.com"), QStringLiteral("Gadget"), m_cancel);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, util::ErrorCode::NotFound);
        QVERIFY(unknown.error().message.contains(QStringLiteral("Gadget")));
    }

    void getListSelectorsAndPagination() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        for (int i = 0; i < 25; ++i)
            REQUIRE_OK(client->apply(configMap(QStringLiteral("page-%1").arg(i, 2, 10, QLatin1Char('0')),
                                               i % 5 == 0 ? QStringLiteral("api") : QStringLiteral("web")),
                                     {}, m_cancel));
        auto all = client->list(QString(), QStringLiteral("ConfigMap"), {.namespaceName = QStringLiteral("shop"), .pageSize = 7},
                                m_cancel);
        REQUIRE_OK(all);
        int pages = 0;
        for (const auto& item : *all)
            pages +=
                QString::fromStdString(item["metadata"]["name"].get<std::string>()).startsWith(QLatin1String("page-")) ? 1 : 0;
        QCOMPARE(pages, 25);
        QCOMPARE((*all)[0]["kind"].get<std::string>(), std::string("ConfigMap"));

        auto api = client->list(
            QString(), QStringLiteral("ConfigMap"),
            {.namespaceName = QStringLiteral("shop"), .labelSelector = QStringLiteral("app=api"), .pageSize = 2}, m_cancel);
        REQUIRE_OK(api);
        QCOMPARE(api->size(), std::size_t(5));
        auto notApi =
            client->list(QString(), QStringLiteral("ConfigMap"),
                         {.namespaceName = QStringLiteral("shop"), .labelSelector = QStringLiteral("app!=api,app")}, m_cancel);
        REQUIRE_OK(notApi);
        QCOMPARE(notApi->size(), std::size_t(20));

        // All namespaces.
        auto everywhere =
            client->list(QString(), QStringLiteral("ConfigMap"), {.labelSelector = QStringLiteral("app in (api,web)")}, m_cancel);
        REQUIRE_OK(everywhere);
        QCOMPARE(everywhere->size(), std::size_t(25));

        auto one = client->get(configMapKey(QStringLiteral("page-05")), m_cancel);
        REQUIRE_OK(one);
        QCOMPARE((*one)["metadata"]["labels"]["app"].get<std::string>(), std::string("api"));
        auto missing = client->get(configMapKey(QStringLiteral("nope")), m_cancel);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, util::ErrorCode::NotFound);
        QVERIFY(missing.error().where.contains(QStringLiteral("ConfigMap shop/nope")));

        // Cancelled before it starts: nothing is read.
        util::CancellationToken cancelled;
        cancelled.cancel();
        auto stopped = client->list(QString(), QStringLiteral("ConfigMap"),
                                    {.namespaceName = QStringLiteral("shop"), .pageSize = 7}, cancelled);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code, util::ErrorCode::Cancelled);
    }

    void applyDryRunConflictsAndForce() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto key = configMapKey(QStringLiteral("applied"));
        auto dry = client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x")), {.dryRun = true}, m_cancel);
        REQUIRE_OK(dry);
        QCOMPARE((*dry)["data"]["key"].get<std::string>(), std::string("v"));
        auto absent = client->get(key, m_cancel);
        QVERIFY(!absent);
        QCOMPARE(absent.error().code, util::ErrorCode::NotFound);

        auto stored = client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x")), {}, m_cancel);
        REQUIRE_OK(stored);
        QVERIFY(!(*stored)["metadata"]["uid"].get<std::string>().empty());
        QVERIFY(!(*stored)["metadata"].contains("generation")); // counted for workloads, not for data

        // Another manager changing a field syncline owns: 409 with the server's message.
        auto conflict = client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x"), QStringLiteral("theirs")),
                                      {.fieldManager = QStringLiteral("someone-else")}, m_cancel);
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().code, util::ErrorCode::Conflict);
        QVERIFY2(conflict.error().message.startsWith(QStringLiteral("409 Conflict: ")), qPrintable(conflict.error().message));
        QVERIFY(conflict.error().message.contains(QStringLiteral("data.key")) ||
                conflict.error().message.contains(QStringLiteral(".data")));
        QVERIFY(conflict.error().where.contains(QStringLiteral("ConfigMap shop/applied")));

        auto forced = client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x"), QStringLiteral("theirs")),
                                    {.fieldManager = QStringLiteral("someone-else"), .force = true}, m_cancel);
        REQUIRE_OK(forced);
        auto now = client->get(key, m_cancel);
        REQUIRE_OK(now);
        QCOMPARE((*now)["data"]["key"].get<std::string>(), std::string("theirs"));

        // A namespaced object with no namespace is refused before any request.
        nlohmann::json orphan = configMap(QStringLiteral("orphan"), QStringLiteral("x"));
        orphan["metadata"].erase("namespace");
        auto refused = client->apply(orphan, {}, m_cancel);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::InvalidArgument);
    }

    void mergePatchAndDelete() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto key = configMapKey(QStringLiteral("patched"));
        REQUIRE_OK(client->apply(configMap(QStringLiteral("patched"), QStringLiteral("p")), {}, m_cancel));
        auto patched =
            client->mergePatch(key, {{"metadata", {{"annotations", {{"reconcile.fluxcd.io/requestedAt", "now"}}}}}}, m_cancel);
        REQUIRE_OK(patched);
        auto read = client->get(key, m_cancel);
        REQUIRE_OK(read);
        QCOMPARE((*read)["metadata"]["annotations"]["reconcile.fluxcd.io/requestedAt"].get<std::string>(), std::string("now"));

        REQUIRE_OK(client->remove(key, {.dryRun = true}, m_cancel));
        REQUIRE_OK(client->get(key, m_cancel));
        REQUIRE_OK(client->remove(key, {}, m_cancel));
        auto gone = client->get(key, m_cancel);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, util::ErrorCode::NotFound);
        auto again = client->remove(key, {}, m_cancel);
        QVERIFY(!again);
        QCOMPARE(again.error().code, util::ErrorCode::NotFound);
        QVERIFY2(again.error().message.startsWith(QStringLiteral("404 NotFound: ")), qPrintable(again.error().message));
    }

    // Foreground deletion marks the object (deletionTimestamp, the foregroundDeletion
    // finalizer) and the garbage collector removes it once its dependents are gone. The
    // real server here runs no garbage collector: the object stays marked (the collection
    // itself is tst_controllers_servers'). The devcluster collects at once (it has no
    // dependents to wait for).
    void foregroundDeletionMarksTheObjectUntilCollected() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        const auto key = configMapKey(QStringLiteral("foreground"));
        REQUIRE_OK(client->apply(configMap(QStringLiteral("foreground"), QStringLiteral("f")), {}, m_cancel));
        REQUIRE_OK(client->remove(key, {.propagation = DeletePropagation::Foreground}, m_cancel));
        auto after = client->get(key, m_cancel);
        if (!server.real) {
            QVERIFY(!after);
            QCOMPARE(after.error().code, util::ErrorCode::NotFound);
            return;
        }
        REQUIRE_OK(after);
        QVERIFY((*after)["metadata"].contains("deletionTimestamp"));
        QCOMPARE(QString::fromStdString((*after)["metadata"]["finalizers"].dump()), QStringLiteral("[\"foregroundDeletion\"]"));
    }

    // The errors a user reads: code, reason and message as the server's Status gives them.
    void errorsCarryTheStatusReasonAndMessage() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        // 422: a name Kubernetes does not allow.
        auto invalid = client->apply(configMap(QStringLiteral("Not_A_Name"), QStringLiteral("x")), {}, m_cancel);
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().code, util::ErrorCode::Invalid);
        QCOMPARE(invalid.error().message,
                 QStringLiteral("422 Invalid: ConfigMap \"Not_A_Name\" is invalid: metadata.name: Invalid value: "
                                "\"Not_A_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                                "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
                                "'example.com', regex used for validation is "
                                "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        // 404: an object in a namespace that does not exist.
        nlohmann::json elsewhere = configMap(QStringLiteral("elsewhere"), QStringLiteral("x"));
        elsewhere["metadata"]["namespace"] = "no-such-namespace";
        auto noNamespace = client->apply(elsewhere, {}, m_cancel);
        QVERIFY(!noNamespace);
        QCOMPARE(noNamespace.error().code, util::ErrorCode::NotFound);
        QCOMPARE(noNamespace.error().message, QStringLiteral("404 NotFound: namespaces \"no-such-namespace\" not found"));
        // 404 for a missing object names it as the server does.
        auto missing = client->get(configMapKey(QStringLiteral("never-made")), m_cancel);
        QVERIFY(!missing);
        QCOMPARE(missing.error().message, QStringLiteral("404 NotFound: configmaps \"never-made\" not found"));
        // 409: the conflict names the manager and the field.
        REQUIRE_OK(client->apply(configMap(QStringLiteral("contested"), QStringLiteral("x")), {}, m_cancel));
        auto conflict = client->apply(configMap(QStringLiteral("contested"), QStringLiteral("x"), QStringLiteral("other")),
                                      {.fieldManager = QStringLiteral("kubectl-edit")}, m_cancel);
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().message,
                 QStringLiteral("409 Conflict: Apply failed with 1 conflict: conflict with \"syncline\": .data.key"));
    }

    // A field of the wrong type or one the kind does not have: the real server answers 500
    // "failed to create typed patch object", yet the manifest is what is wrong. The client
    // reports it as Invalid at once (no retries: sending it again cannot help).
    void aManifestThatDoesNotFitTheSchemaIsInvalidWithoutRetries() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        auto connection = ClusterConnection::resolve({server.kubeconfig, server.context, false});
        REQUIRE_OK(connection);
        HttpClientOptions options;
        options.backoffBase = std::chrono::milliseconds(2000); // a retry would show in the time taken
        HttpKubeClient client(*connection, nullptr, options);
        nlohmann::json wrongType = configMap(QStringLiteral("typed"), QStringLiteral("x"));
        wrongType["data"]["count"] = 5;
        QElapsedTimer timer;
        timer.start();
        auto typed = client.apply(wrongType, {.dryRun = true}, m_cancel);
        QVERIFY(!typed);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(typed.error().code, util::ErrorCode::Invalid);
        QCOMPARE(typed.error().message, QStringLiteral("500 Internal Server Error: failed to create typed patch object "
                                                       "(shop/typed; /v1, Kind=ConfigMap): .data.count: expected string, "
                                                       "got &value.valueUnstructured{Value:5}"));
        nlohmann::json unknownField = configMap(QStringLiteral("unknown"), QStringLiteral("x"));
        unknownField["spec"] = {{"replicas", 1}};
        auto unknown = client.apply(unknownField, {}, m_cancel);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, util::ErrorCode::Invalid);
        QVERIFY2(unknown.error().message.endsWith(QStringLiteral("Kind=ConfigMap): .spec: field not declared in schema")),
                 qPrintable(unknown.error().message));
    }

    // Several fields taken by another manager: one message naming each, sorted by field.
    void aConflictOnSeveralFieldsNamesThemAll() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        HttpKubeClient* client = clientFor(server);
        QVERIFY(client);
        nlohmann::json mine = configMap(QStringLiteral("several"), QStringLiteral("mine"));
        mine["data"]["other"] = "1";
        REQUIRE_OK(client->apply(mine, {}, m_cancel));
        nlohmann::json theirs = mine;
        theirs["data"]["key"] = "theirs";
        theirs["data"]["other"] = "2";
        theirs["metadata"]["labels"]["app"] = "theirs";
        auto conflict = client->apply(theirs, {.fieldManager = QStringLiteral("helm")}, m_cancel);
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().message, QStringLiteral("409 Conflict: Apply failed with 3 conflicts: conflicts with "
                                                          "\"syncline\":\n- .data.key\n- .data.other\n- .metadata.labels.app"));
    }

    // What is wrong with the request itself (a body of another kind, a name or namespace
    // other than the URL's) is 400 BadRequest; what is wrong with the object (a label value,
    // a missing field manager) is 422 Invalid. Raw requests: Syncline's client never sends
    // the first kind, but a server has to answer them as Kubernetes does.
    void theRequestIsA400AndTheObjectA422() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        QVERIFY(clientFor(server)); // the namespace
        auto connection = ClusterConnection::resolve({server.kubeconfig, server.context, false});
        REQUIRE_OK(connection);
        auto apply = [&](const QString& name, const QString& query, const QByteArray& body) {
            return rawRequest(*connection, "PATCH", QStringLiteral("/api/v1/namespaces/shop/configmaps/%1%2").arg(name, query),
                              body);
        };
        const QString manager = QStringLiteral("?fieldManager=raw");
        auto otherKind =
            apply(QStringLiteral("kinds"), manager, R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"kinds"}})");
        QCOMPARE(otherKind.first, 400);
        QCOMPARE(otherKind.second.value("message", std::string()), std::string("invalid object type: /v1, Kind=Secret"));
        auto otherName = apply(QStringLiteral("url-name"), manager,
                               R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"body-name"}})");
        QCOMPARE(otherName.first, 400);
        QCOMPARE(otherName.second.value("message", std::string()),
                 std::string("the name of the object (body-name) does not match the name on the URL (url-name)"));
        auto otherNamespace =
            apply(QStringLiteral("spaces"), manager,
                  R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"spaces","namespace":"elsewhere"}})");
        QCOMPARE(otherNamespace.first, 400);
        QCOMPARE(otherNamespace.second.value("reason", std::string()), std::string("BadRequest"));
        auto noManager =
            apply(QStringLiteral("managerless"), QString(), R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"m"}})");
        QCOMPARE(noManager.first, 422);
        QCOMPARE(noManager.second.value("message", std::string()),
                 std::string("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply "
                             "patch"));
        auto badLabel =
            apply(QStringLiteral("labelled"), manager,
                  R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"labelled","labels":{"a":"has space"}}})");
        QCOMPARE(badLabel.first, 422);
        QCOMPARE(badLabel.second["details"]["causes"][0].value("field", std::string()), std::string("metadata.labels"));
        QVERIFY(!badLabel.second["details"].contains("group")); // the core group is left out

        // A delete that takes effect at once is answered with a Status naming the object.
        auto created = clientFor(server)->apply(configMap(QStringLiteral("short-lived"), QStringLiteral("x")), {}, m_cancel);
        REQUIRE_OK(created);
        auto deleted = rawRequest(*connection, "DELETE", QStringLiteral("/api/v1/namespaces/shop/configmaps/short-lived"), {});
        QCOMPARE(deleted.first, 200);
        QCOMPARE(deleted.second.value("kind", std::string()), std::string("Status"));
        QCOMPARE(deleted.second.value("status", std::string()), std::string("Success"));
        QCOMPARE(deleted.second["details"].value("kind", std::string()), std::string("configmaps"));
        QCOMPARE(deleted.second["details"].value("uid", std::string()), (*created)["metadata"].value("uid", std::string()));
    }

    void wrongTokenIsUnauthorized() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        auto connection = ClusterConnection::resolve({server.kubeconfig, server.context, false});
        REQUIRE_OK(connection);
        QVERIFY(!connection->caPem.isEmpty()); // TLS verified against the kubeconfig's CA
        connection->token = QStringLiteral("not-the-token-123");
        HttpKubeClient client(*connection, nullptr);
        auto result = client.discover(m_cancel);
        QVERIFY(!result);
        QCOMPARE(result.error().code, util::ErrorCode::Auth);
        QVERIFY(result.error().message.startsWith(QStringLiteral("401")));
        QVERIFY(!result.error().toString().contains(QStringLiteral("not-the-token-123")));
    }

    void threadsApplyingAtOnceStayWithinTheBound() {
        SYNCLINE_FETCH_SERVER(m_servers, server);
        QVERIFY(clientFor(server)); // the namespace
        auto connection = ClusterConnection::resolve({server.kubeconfig, server.context, false});
        REQUIRE_OK(connection);
        HttpClientOptions options;
        options.maxConcurrent = 3;
        HttpKubeClient client(*connection, nullptr, options);
        REQUIRE_OK(client.discover(m_cancel));
        std::atomic<int> failures{0};
        std::vector<std::unique_ptr<QThread>> threads;
        for (int t = 0; t < 6; ++t) {
            threads.emplace_back(QThread::create([&client, &failures, t] {
                util::CancellationToken cancel;
                for (int i = 0; i < 15; ++i) {
                    auto result = client.apply(configMap(QStringLiteral("thread-%1-%2").arg(t).arg(i), QStringLiteral("threads")),
                                               {}, cancel);
                    if (!result) {
                        qWarning("%s", qPrintable(result.error().toString()));
                        ++failures;
                    }
                }
            }));
            threads.back()->start();
        }
        for (auto& thread : threads)
            QVERIFY(thread->wait(120000));
        QCOMPARE(failures.load(), 0);
        QVERIFY2(client.peakRequestsInFlight() <= 3, qPrintable(QString::number(client.peakRequestsInFlight())));
        QVERIFY(client.peakRequestsInFlight() >= 2); // they did run at the same time
        QCOMPARE(client.requestsInFlight(), 0);
        auto listed =
            client.list(QString(), QStringLiteral("ConfigMap"),
                        {.namespaceName = QStringLiteral("shop"), .labelSelector = QStringLiteral("app=threads")}, m_cancel);
        REQUIRE_OK(listed);
        QCOMPARE(listed->size(), std::size_t(90));
    }
};

QTEST_GUILESS_MAIN(TestKubeClientServers)
#include "tst_kubeclient_servers.moc"
