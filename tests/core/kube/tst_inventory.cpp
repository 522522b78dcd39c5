#include "kube/Inventory.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <random>

using namespace syncline::kube;
using nlohmann::json;
using syncline::manifest::ResourceKey;
using syncline::util::ErrorCode;

namespace {

const QString kSha = QStringLiteral("3f9c2d7a41b0e8c5d6f1a2b3c4d5e6f708192a3b");

ResourceKey key(const char* group, const char* kind, const char* ns, const char* name) {
    return ResourceKey{QString::fromLatin1(group), QString::fromLatin1(kind), QString::fromLatin1(ns), QString::fromLatin1(name)};
}

Inventory sample() {
    Inventory inventory;
    inventory.environment = QStringLiteral("prod");
    inventory.revision = kSha;
    inventory.deployedAt = QDateTime(QDate(2026, 11, 28), QTime(2, 40, 5), Qt::UTC);
    inventory.deployedBy = QStringLiteral("Jane Doe <jane@example.com>");
    inventory.resources = {
        key("apps", "Deployment", "shop-prod", "api"),   key("", "Service", "shop-prod", "api"),
        key("", "Namespace", "", "shop-prod"),           key("rbac.authorization.k8s.io", "ClusterRole", "", "syncline:reader"),
        key("", "ConfigMap", "shop-prod", "api-config"),
    };
    return inventory;
}

json built(const Inventory& inventory) {
    auto configMap = toConfigMap(inventory, QStringLiteral("shop-prod"));
    if (!configMap)
        qFatal("toConfigMap failed: %s", qPrintable(configMap.error().toString()));
    return *configMap;
}

QString errorOf(const json& configMap) {
    auto inventory = fromConfigMap(configMap);
    return inventory ? QStringLiteral("<no error>") : inventory.error().toString();
}

} // namespace

class TestInventory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void configMapShape();
    void roundTrip();
    void stableSortedDeduplicatedLines();
    void orderOfInputDoesNotMatter();
    void lineForm_data();
    void lineForm();
    void malformedLines_data();
    void malformedLines();
    void malformedConfigMaps_data();
    void malformedConfigMaps();
    void invalidInventoriesAreRefused();
    void namespaceAndName();
    void annotatesDesiredObjects();
    void fiveThousandKeysQuickly();
};

void TestInventory::configMapShape() {
    const json configMap = built(sample());
    QVERIFY(configMap["apiVersion"] == "v1");
    QVERIFY(configMap["kind"] == "ConfigMap");
    QVERIFY(configMap["metadata"]["name"] == "syncline-inventory-prod");
    QVERIFY(configMap["metadata"]["namespace"] == "shop-prod");
    QVERIFY(configMap["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "syncline");
    QVERIFY(configMap["metadata"]["labels"]["app.kubernetes.io/component"] == "inventory");
    QVERIFY(configMap["metadata"]["labels"]["syncline.io/environment"] == "prod");
    const json& data = configMap["data"];
    QVERIFY(data["format"] == "1");
    QVERIFY(data["environment"] == "prod");
    QVERIFY(data["revision"] == kSha.toStdString());
    QVERIFY(data["deployedAt"] == "2026-11-28T02:40:05Z");
    QVERIFY(data["deployedBy"] == "Jane Doe <jane@example.com>");
    // ConfigMap data values are strings only.
    for (const auto& [name, value] : data.items())
        QVERIFY2(value.is_string(), name.c_str());
}

void TestInventory::roundTrip() {
    Inventory original = sample();
    auto read = fromConfigMap(built(original));
    QVERIFY2(read.has_value(), qPrintable(read ? QString() : read.error().toString()));
    std::sort(original.resources.begin(), original.resources.end());
    QCOMPARE(read->environment, original.environment);
    QCOMPARE(read->revision, original.revision);
    QCOMPARE(read->deployedAt, original.deployedAt);
    QCOMPARE(read->deployedAt.timeSpec(), Qt::UTC);
    QCOMPARE(read->deployedBy, original.deployedBy);
    QVERIFY(read->resources == original.resources);
    QVERIFY(*read == original);

    // A time given in another zone is recorded as the same instant in UTC.
    Inventory zoned = sample();
    zoned.deployedAt = QDateTime(QDate(2026, 11, 28), QTime(3, 40, 5), QTimeZone(3600));
    QVERIFY(built(zoned)["data"]["deployedAt"] == "2026-11-28T02:40:05Z");

    // Applying it through a real server adds metadata; reading ignores what it does not know.
    json live = built(sample());
    live["metadata"]["uid"] = "0a1b2c3d-0000-4000-8000-000000000000";
    live["metadata"]["resourceVersion"] = "42";
    live["metadata"]["managedFields"] = json::array();
    QVERIFY(fromConfigMap(live).has_value());

    // The revision that ran before is kept when recorded, and absent (not empty) when not.
    QVERIFY(!built(sample())["data"].contains("previousRevision"));
    Inventory withPrevious = sample();
    withPrevious.previousRevision = QString(40, QLatin1Char('b'));
    QVERIFY(built(withPrevious)["data"]["previousRevision"] == std::string(40, 'b'));
    auto readPrevious = fromConfigMap(built(withPrevious));
    QVERIFY(readPrevious.has_value());
    QCOMPARE(readPrevious->previousRevision, withPrevious.previousRevision);
}

void TestInventory::stableSortedDeduplicatedLines() {
    Inventory inventory = sample();
    inventory.resources.push_back(key("apps", "Deployment", "shop-prod", "api")); // a duplicate
    const json configMap = built(inventory);
    QVERIFY(QString::fromStdString(configMap["data"]["resources"].get<std::string>()) ==
            QStringLiteral("ConfigMap shop-prod/api-config\n"
                           "Namespace shop-prod\n"
                           "Service shop-prod/api\n"
                           "apps/Deployment shop-prod/api\n"
                           "rbac.authorization.k8s.io/ClusterRole syncline:reader\n"));
    // Building twice gives the same bytes.
    QCOMPARE(built(inventory).dump(), configMap.dump());
    QCOMPARE(fromConfigMap(configMap)->resources.size(), std::size_t(5));
}

void TestInventory::orderOfInputDoesNotMatter() {
    Inventory a = sample();
    Inventory b = sample();
    std::mt19937 random(7);
    std::shuffle(b.resources.begin(), b.resources.end(), random);
    QCOMPARE(built(a).dump(), built(b).dump());
}

void TestInventory::lineForm_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("ns");
    QTest::addColumn<QString>("name");
    QTest::newRow("core namespaced") << "Service shop/api"
                                     << ""
                                     << "Service"
                                     << "shop"
                                     << "api";
    QTest::newRow("group namespaced") << "apps/Deployment shop/api"
                                      << "apps"
                                      << "Deployment"
                                      << "shop"
                                      << "api";
    QTest::newRow("cluster scoped") << "Namespace shop"
                                    << ""
                                    << "Namespace"
                                    << ""
                                    << "shop";
    QTest::newRow("rbac colon") << "rbac.authorization.k8s.io/ClusterRole system:controller:job"
                                << "rbac.authorization.k8s.io"
                                << "ClusterRole"
                                << ""
                                << "system:controller:job";
    QTest::newRow("crd kind") << "example.syncline.io/Widget shop/cart"
                              << "example.syncline.io"
                              << "Widget"
                              << "shop"
                              << "cart";
}

void TestInventory::lineForm() {
    QFETCH(QString, line);
    QFETCH(QString, group);
    QFETCH(QString, kind);
    QFETCH(QString, ns);
    QFETCH(QString, name);
    const ResourceKey expected{group, kind, ns, name};
    QCOMPARE(inventoryLine(expected), line);
    const auto parsed = parseInventoryLine(line);
    QVERIFY(parsed.has_value());
    QVERIFY(*parsed == expected);
}

void TestInventory::malformedLines_data() {
    QTest::addColumn<QString>("line");
    QTest::newRow("one field") << "Service";
    QTest::newRow("three fields") << "apps/Deployment shop/api extra";
    QTest::newRow("leading space") << " Service shop/api";
    QTest::newRow("empty group") << "/Deployment shop/api";
    QTest::newRow("empty kind") << "apps/ shop/api";
    QTest::newRow("empty namespace") << "Service /api";
    QTest::newRow("empty name") << "Service shop/";
    QTest::newRow("slash in kind") << "a/b/Deployment shop/api";
    QTest::newRow("slash in name") << "Service shop/api/x";
}

void TestInventory::malformedLines() {
    QFETCH(QString, line);
    QVERIFY(!parseInventoryLine(line).has_value());
}

void TestInventory::malformedConfigMaps_data() {
    QTest::addColumn<QByteArray>("patch"); // JSON merge patch applied to a good ConfigMap
    QTest::addColumn<QString>("error");
    QTest::newRow("not a ConfigMap") << QByteArray(R"({"kind":"Secret"})") << "expected a v1 ConfigMap, found kind \"Secret\"";
    QTest::newRow("no data") << QByteArray(R"({"data":null})") << "inventory shop-prod/syncline-inventory-prod: no data";
    QTest::newRow("no format") << QByteArray(R"({"data":{"format":null}})") << "data.format is missing";
    QTest::newRow("bad format") << QByteArray(R"({"data":{"format":"one"}})") << "data.format \"one\" is not a format version";
    QTest::newRow("bad previous revision") << QByteArray(R"({"data":{"previousRevision":"HEAD~1"}})")
                                           << "data.previousRevision \"HEAD~1\" is not a full commit id";
    QTest::newRow("newer format") << QByteArray(R"({"data":{"format":"2"}})")
                                  << "written by a newer Syncline (format 2; this one reads format 1)";
    QTest::newRow("no environment") << QByteArray(R"({"data":{"environment":null}})") << "data.environment is missing";
    QTest::newRow("bad environment") << QByteArray(R"({"data":{"environment":"Prod Env"}})")
                                     << "data.environment \"Prod Env\" is not an environment name";
    QTest::newRow("no revision") << QByteArray(R"({"data":{"revision":null}})") << "data.revision is missing";
    QTest::newRow("short revision") << QByteArray(R"({"data":{"revision":"3f9c2d7"}})")
                                    << "data.revision \"3f9c2d7\" is not a full commit id";
    QTest::newRow("numeric revision") << QByteArray(R"({"data":{"revision":12345}})") << "data.revision is not a string";
    QTest::newRow("no time") << QByteArray(R"({"data":{"deployedAt":null}})") << "data.deployedAt is missing";
    QTest::newRow("bad time") << QByteArray(R"({"data":{"deployedAt":"yesterday"}})")
                              << "data.deployedAt \"yesterday\" is not an ISO 8601 time";
    QTest::newRow("no resources") << QByteArray(R"({"data":{"resources":null}})") << "data.resources is missing";
    QTest::newRow("bad line") << QByteArray(R"({"data":{"resources":"Service shop/api\n\nDeployment\n"}})")
                              << "data.resources line 3: \"Deployment\" is not \"[group/]Kind [namespace/]name\"";
    QTest::newRow("label disagrees") << QByteArray(R"({"metadata":{"labels":{"syncline.io/environment":"staging"}}})")
                                     << "label syncline.io/environment says \"staging\" but data.environment says \"prod\"";
}

void TestInventory::malformedConfigMaps() {
    QFETCH(QByteArray, patch);
    QFETCH(QString, error);
    json configMap = built(sample());
    configMap.merge_patch(json::parse(patch.toStdString()));
    auto read = fromConfigMap(configMap);
    QVERIFY2(!read.has_value(), "a malformed inventory was accepted");
    QCOMPARE(read.error().code, ErrorCode::Corrupt);
    QVERIFY2(read.error().toString().contains(error),
             qPrintable(QStringLiteral("\"%1\" lacks \"%2\"").arg(read.error().toString(), error)));

    QVERIFY(errorOf(json()).contains(QStringLiteral("not an object")));
    QVERIFY(errorOf(json::array({1})).contains(QStringLiteral("not an object")));
}

void TestInventory::invalidInventoriesAreRefused() {
    auto refuse = [](const Inventory& inventory, const QString& ns, const QString& fragment) {
        auto result = toConfigMap(inventory, ns);
        QVERIFY2(!result.has_value(), qPrintable(fragment));
        QCOMPARE(result.error().code, ErrorCode::InvalidArgument);
        QVERIFY2(result.error().message.contains(fragment), qPrintable(result.error().toString()));
    };
    Inventory inventory = sample();
    inventory.environment = QStringLiteral("Prod");
    refuse(inventory, QStringLiteral("shop"), QStringLiteral("environment name \"Prod\" is not a DNS label"));
    inventory = sample();
    inventory.revision = QStringLiteral("HEAD");
    refuse(inventory, QStringLiteral("shop"), QStringLiteral("revision \"HEAD\" is not a full commit id"));
    inventory = sample();
    inventory.deployedAt = {};
    refuse(inventory, QStringLiteral("shop"), QStringLiteral("the deployment time is not set"));
    refuse(sample(), QString(), QStringLiteral("namespace \"\" is not a valid namespace name"));
    inventory = sample();
    inventory.resources.push_back(key("", "Service", "shop", "has space"));
    refuse(inventory, QStringLiteral("shop"), QStringLiteral("cannot record \"Service shop/has space\""));
    inventory = sample();
    inventory.resources.push_back(key("", "", "shop", "nameless-kind"));
    refuse(inventory, QStringLiteral("shop"), QStringLiteral("kind and name must be set"));

    // SHA-256 repositories have 64-digit ids.
    inventory = sample();
    inventory.revision = QString(64, QLatin1Char('a'));
    QVERIFY(toConfigMap(inventory, QStringLiteral("shop")).has_value());
}

void TestInventory::namespaceAndName() {
    QCOMPARE(inventoryName(QStringLiteral("staging")), QStringLiteral("syncline-inventory-staging"));
    QCOMPARE(inventoryNamespace(QStringLiteral("shop-staging")), QStringLiteral("shop-staging"));
    QCOMPARE(inventoryNamespace(QString()), QStringLiteral("default"));
    const ResourceKey k = inventoryKey(QStringLiteral("dev"), QString());
    QVERIFY(k == (ResourceKey{QString(), QStringLiteral("ConfigMap"), QStringLiteral("default"),
                              QStringLiteral("syncline-inventory-dev")}));
    QVERIFY(ResourceKey::of(built(sample())) == inventoryKey(QStringLiteral("prod"), QStringLiteral("shop-prod")));
}

void TestInventory::annotatesDesiredObjects() {
    nlohmann::ordered_json desired = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "api"}}}};
    annotateApplied(desired, QStringLiteral("prod"), kSha);
    QVERIFY(desired["metadata"]["annotations"]["syncline.io/environment"] == "prod");
    QVERIFY(desired["metadata"]["annotations"]["syncline.io/revision"] == kSha.toStdString());
    QVERIFY(desired["metadata"]["name"] == "api");

    json withAnnotations = {
        {"kind", "Service"},
        {"metadata", {{"name", "api"}, {"annotations", {{"team", "shop"}, {"syncline.io/revision", "old"}}}}}};
    annotateApplied(withAnnotations, QStringLiteral("dev"), kSha);
    QVERIFY(withAnnotations["metadata"]["annotations"]["team"] == "shop");
    QCOMPARE(appliedEnvironment(withAnnotations), QStringLiteral("dev"));
    QCOMPARE(appliedRevision(withAnnotations), kSha);

    json bare = {{"kind", "ConfigMap"}};
    annotateApplied(bare, QStringLiteral("dev"), kSha);
    QCOMPARE(appliedRevision(bare), kSha);

    json notAnObject = json::array();
    annotateApplied(notAnObject, QStringLiteral("dev"), kSha);
    QVERIFY(notAnObject.empty());
    QCOMPARE(appliedEnvironment(json{{"metadata", {{"annotations", "odd"}}}}), QString());
}

void TestInventory::fiveThousandKeysQuickly() {
    Inventory inventory = sample();
    inventory.resources.clear();
    const char* kinds[][2] = {
        {"apps", "Deployment"}, {"", "Service"}, {"", "ConfigMap"}, {"networking.k8s.io", "Ingress"}, {"", "Secret"}};
    for (int i = 0; i < 5000; ++i) {
        const auto& kind = kinds[i % 5];
        inventory.resources.push_back(ResourceKey{QString::fromLatin1(kind[0]), QString::fromLatin1(kind[1]),
                                                  QStringLiteral("team-%1").arg(i % 37), QStringLiteral("object-%1").arg(i)});
    }
    std::mt19937 random(11);
    std::shuffle(inventory.resources.begin(), inventory.resources.end(), random);

    QElapsedTimer timer;
    timer.start();
    const json configMap = built(inventory);
    auto read = fromConfigMap(configMap);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(read.has_value());
    QCOMPARE(read->resources.size(), std::size_t(5000));
    QVERIFY(std::is_sorted(read->resources.begin(), read->resources.end()));
    std::sort(inventory.resources.begin(), inventory.resources.end());
    QVERIFY(read->resources == inventory.resources);
    const auto bytes = configMap["data"]["resources"].get<std::string>().size();
    qInfo("5000 keys: %lld ms to build and read back, %zu bytes of resource lines", elapsed, bytes);
    QVERIFY2(elapsed < 2000, qPrintable(QStringLiteral("took %1 ms").arg(elapsed)));
}

QTEST_GUILESS_MAIN(TestInventory)
#include "tst_inventory.moc"
