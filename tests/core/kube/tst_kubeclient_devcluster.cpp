// HttpKubeClient against a real syncline-devcluster (TLS + bearer token, through the
// kubeconfig it writes): discovery with a CRD created at run time, get/list/selectors/
// pagination, server-side apply (dry run, conflicts, force), merge patch, delete, and
// several threads at once within the client's concurrency bound.
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "support/DevCluster.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace syncline;
using namespace syncline::kube;
using syncline::test::DevCluster;

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

#define REQUIRE_OK(result) QVERIFY2((result), qPrintable((result) ? QString() : describe((result).error())))

} // namespace

class TestKubeClientDevCluster : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<DevCluster> m_cluster;
    std::unique_ptr<HttpKubeClient> m_client;
    util::CancellationToken m_cancel;

private Q_SLOTS:
    void initTestCase() {
        m_cluster =
            std::make_unique<DevCluster>(test::DevClusterOptions{.tls = true, .token = QStringLiteral("devcluster-test-token")});
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        auto client = HttpKubeClient::create({m_cluster->kubeconfigPath(), QStringLiteral("devcluster"), false},
                                             std::make_shared<InMemoryExecApprovals>());
        REQUIRE_OK(client);
        m_client = std::move(*client);
        QVERIFY(m_client->server().scheme() == QLatin1String("https"));
        QVERIFY(m_client->insecureWarning().isEmpty());
        auto ns = m_client->apply({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", "shop"}}}}, {}, m_cancel);
        REQUIRE_OK(ns);
    }

    void cleanupTestCase() {
        m_client.reset();
        m_cluster.reset();
    }

    void discoveryIncludesCrdsCreatedAtRunTime() {
        auto resources = m_client->discover(m_cancel);
        REQUIRE_OK(resources);
        auto has = [&](const std::vector<ApiResource>& list, const QString& group, const QString& kind) {
            for (const ApiResource& resource : list)
                if (resource.group == group && resource.kind == kind)
                    return true;
            return false;
        };
        QVERIFY(has(*resources, QString(), QStringLiteral("ConfigMap")));
        QVERIFY(has(*resources, QStringLiteral("apps"), QStringLiteral("Deployment")));
        auto namespaceType = m_client->resourceFor(QString(), QStringLiteral("Namespace"), m_cancel);
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
        REQUIRE_OK(m_client->apply(crd, {}, m_cancel));
        auto refreshed = m_client->discover(m_cancel, true);
        REQUIRE_OK(refreshed);
        QVERIFY(has(*refreshed, QStringLiteral("example.com"), QStringLiteral("Widget")));
        auto widget = m_client->apply({{"apiVersion", "example.com/v1"},
                                       {"kind", "Widget"},
                                       {"metadata", {{"name", "w1"}, {"namespace", "shop"}}},
                                       {"spec", {{"size", 3}}}},
                                      {}, m_cancel);
        REQUIRE_OK(widget);
        auto read = m_client->get(
            {QStringLiteral("example.com"), QStringLiteral("Widget"), QStringLiteral("shop"), QStringLiteral("w1")}, m_cancel);
        REQUIRE_OK(read);
        QCOMPARE((*read)["spec"]["size"].get<int>(), 3);

        auto unknown = m_client->resourceFor(QStringLiteral("example.com"), QStringLiteral("Gadget"), m_cancel);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, util::ErrorCode::NotFound);
        QVERIFY(unknown.error().message.contains(QStringLiteral("Gadget")));
    }

    void getListSelectorsAndPagination() {
        for (int i = 0; i < 25; ++i)
            REQUIRE_OK(m_client->apply(configMap(QStringLiteral("page-%1").arg(i, 2, 10, QLatin1Char('0')),
                                                 i % 5 == 0 ? QStringLiteral("api") : QStringLiteral("web")),
                                       {}, m_cancel));
        auto all = m_client->list(QString(), QStringLiteral("ConfigMap"),
                                  {.namespaceName = QStringLiteral("shop"), .pageSize = 7}, m_cancel);
        REQUIRE_OK(all);
        int pages = 0;
        for (const auto& item : *all)
            pages +=
                QString::fromStdString(item["metadata"]["name"].get<std::string>()).startsWith(QLatin1String("page-")) ? 1 : 0;
        QCOMPARE(pages, 25);
        QCOMPARE((*all)[0]["kind"].get<std::string>(), std::string("ConfigMap"));

        auto api = m_client->list(
            QString(), QStringLiteral("ConfigMap"),
            {.namespaceName = QStringLiteral("shop"), .labelSelector = QStringLiteral("app=api"), .pageSize = 2}, m_cancel);
        REQUIRE_OK(api);
        QCOMPARE(api->size(), std::size_t(5));
        auto notApi =
            m_client->list(QString(), QStringLiteral("ConfigMap"),
                           {.namespaceName = QStringLiteral("shop"), .labelSelector = QStringLiteral("app!=api,app")}, m_cancel);
        REQUIRE_OK(notApi);
        QCOMPARE(notApi->size(), std::size_t(20));

        // All namespaces.
        auto everywhere = m_client->list(QString(), QStringLiteral("ConfigMap"),
                                         {.labelSelector = QStringLiteral("app in (api,web)")}, m_cancel);
        REQUIRE_OK(everywhere);
        QCOMPARE(everywhere->size(), std::size_t(25));

        auto one = m_client->get(configMapKey(QStringLiteral("page-05")), m_cancel);
        REQUIRE_OK(one);
        QCOMPARE((*one)["metadata"]["labels"]["app"].get<std::string>(), std::string("api"));
        auto missing = m_client->get(configMapKey(QStringLiteral("nope")), m_cancel);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, util::ErrorCode::NotFound);
        QVERIFY(missing.error().where.contains(QStringLiteral("ConfigMap shop/nope")));

        // Cancelled before it starts: nothing is read.
        util::CancellationToken cancelled;
        cancelled.cancel();
        auto stopped = m_client->list(QString(), QStringLiteral("ConfigMap"),
                                      {.namespaceName = QStringLiteral("shop"), .pageSize = 7}, cancelled);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code, util::ErrorCode::Cancelled);
    }

    void applyDryRunConflictsAndForce() {
        const auto key = configMapKey(QStringLiteral("applied"));
        auto dry = m_client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x")), {.dryRun = true}, m_cancel);
        REQUIRE_OK(dry);
        QCOMPARE((*dry)["data"]["key"].get<std::string>(), std::string("v"));
        auto absent = m_client->get(key, m_cancel);
        QVERIFY(!absent);
        QCOMPARE(absent.error().code, util::ErrorCode::NotFound);

        auto stored = m_client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x")), {}, m_cancel);
        REQUIRE_OK(stored);
        QVERIFY(!(*stored)["metadata"]["uid"].get<std::string>().empty());

        // Another manager changing a field syncline owns: 409 with the server's message.
        auto conflict = m_client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x"), QStringLiteral("theirs")),
                                        {.fieldManager = QStringLiteral("someone-else")}, m_cancel);
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().code, util::ErrorCode::Conflict);
        QVERIFY2(conflict.error().message.startsWith(QStringLiteral("409 Conflict: ")), qPrintable(conflict.error().message));
        QVERIFY(conflict.error().message.contains(QStringLiteral("data.key")) ||
                conflict.error().message.contains(QStringLiteral(".data")));
        QVERIFY(conflict.error().where.contains(QStringLiteral("ConfigMap shop/applied")));

        auto forced = m_client->apply(configMap(QStringLiteral("applied"), QStringLiteral("x"), QStringLiteral("theirs")),
                                      {.fieldManager = QStringLiteral("someone-else"), .force = true}, m_cancel);
        REQUIRE_OK(forced);
        auto now = m_client->get(key, m_cancel);
        REQUIRE_OK(now);
        QCOMPARE((*now)["data"]["key"].get<std::string>(), std::string("theirs"));

        // A namespaced object with no namespace is refused before any request.
        nlohmann::json orphan = configMap(QStringLiteral("orphan"), QStringLiteral("x"));
        orphan["metadata"].erase("namespace");
        auto refused = m_client->apply(orphan, {}, m_cancel);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, util::ErrorCode::InvalidArgument);
    }

    void mergePatchAndDelete() {
        const auto key = configMapKey(QStringLiteral("patched"));
        REQUIRE_OK(m_client->apply(configMap(QStringLiteral("patched"), QStringLiteral("p")), {}, m_cancel));
        auto patched =
            m_client->mergePatch(key, {{"metadata", {{"annotations", {{"reconcile.fluxcd.io/requestedAt", "now"}}}}}}, m_cancel);
        REQUIRE_OK(patched);
        auto read = m_client->get(key, m_cancel);
        REQUIRE_OK(read);
        QCOMPARE((*read)["metadata"]["annotations"]["reconcile.fluxcd.io/requestedAt"].get<std::string>(), std::string("now"));

        REQUIRE_OK(m_client->remove(key, {.dryRun = true}, m_cancel));
        REQUIRE_OK(m_client->get(key, m_cancel));
        REQUIRE_OK(m_client->remove(key, {.propagation = DeletePropagation::Foreground}, m_cancel));
        auto gone = m_client->get(key, m_cancel);
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, util::ErrorCode::NotFound);
        auto again = m_client->remove(key, {}, m_cancel);
        QVERIFY(!again);
        QCOMPARE(again.error().code, util::ErrorCode::NotFound);
    }

    void wrongTokenIsUnauthorized() {
        auto connection = ClusterConnection::resolve({m_cluster->kubeconfigPath(), QStringLiteral("devcluster"), false});
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
        auto connection = ClusterConnection::resolve({m_cluster->kubeconfigPath(), QStringLiteral("devcluster"), false});
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

QTEST_GUILESS_MAIN(TestKubeClientDevCluster)
#include "tst_kubeclient_devcluster.moc"
