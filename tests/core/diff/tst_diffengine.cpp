#include "diff/DiffEngine.h"
#include "diff/Quantity.h"
#include "diff/UnifiedDiff.h"
#include "manifest/YamlParser.h"

#include <QTest>

#include <string>

using namespace syncline::diff;
using namespace syncline::manifest;
using nlohmann::ordered_json;

// QCOMPARE prints these by name.
namespace syncline::diff {
char* toString(ResourceState state) { return qstrdup(qPrintable(stateName(state))); }
char* toString(FieldChangeKind kind) {
    return qstrdup(kind == FieldChangeKind::Added ? "Added" : kind == FieldChangeKind::Removed ? "Removed" : "Changed");
}
} // namespace syncline::diff

namespace {

std::vector<ManifestObject> parse(const char* yaml) {
    auto docs = parseYamlStream(yaml, QStringLiteral("fixture.yaml"));
    if (!docs) {
        qWarning().noquote() << docs.error().toString();
        return {};
    }
    std::vector<ManifestObject> objects;
    for (auto& doc : *docs) {
        ManifestObject object;
        object.key = ResourceKey::of(doc.value);
        object.body = std::move(doc.value);
        objects.push_back(std::move(object));
    }
    return objects;
}

QString replaced(QString text, const char* from, const char* to) { return text.replace(QLatin1String(from), QLatin1String(to)); }

std::vector<ManifestObject> parse(const QString& yaml) { return parse(yaml.toUtf8().constData()); }

const ResourceDiff* find(const DiffResult& result, const QString& kind, const QString& name) {
    for (const auto& r : result.resources)
        if (r.key.kind == kind && r.key.name == name)
            return &r;
    return nullptr;
}

QStringList paths(const ResourceDiff& diff) {
    QStringList out;
    for (const auto& c : diff.changes)
        out << c.path;
    return out;
}

// The unified diff's changed lines, without the ---/+++ headers.
QStringList changedLines(const QString& unified) {
    QStringList out;
    for (const QString& line : unified.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("--- ")) || line.startsWith(QLatin1String("+++ ")))
            continue;
        if (line.startsWith(QLatin1Char('-')) || line.startsWith(QLatin1Char('+')))
            out << line;
    }
    return out;
}

// Desired, as rendered from Git: no namespace (the environment's default applies).
const char* kDesiredDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels:
    app: api
spec:
  replicas: 3
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      hostNetwork: false
      containers:
      - name: api
        image: shop/api:1.0
        args: ["--port=8080", "--verbose"]
        env:
        - name: A
          value: "1"
        - name: B
          value: two
        - name: C
          value: "true"
        ports:
        - containerPort: 8080
          name: http
        resources:
          limits:
            cpu: 1
            memory: 256Mi
          requests:
            cpu: 0.5
            memory: 128Mi
      - name: sidecar
        image: shop/sidecar:2
)";

// The same Deployment read back from an API server: server-owned metadata, status, and
// every defaulted field; quantities in canonical form.
const char* kLiveDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  uid: 6f1c2a8e-1111-2222-3333-444455556666
  resourceVersion: "48213"
  generation: 4
  creationTimestamp: "2024-05-02T10:00:00Z"
  labels:
    app: api
  annotations:
    deployment.kubernetes.io/revision: "4"
    kubectl.kubernetes.io/last-applied-configuration: |
      {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api"}}
  managedFields:
  - manager: syncline
    operation: Apply
    apiVersion: apps/v1
    fieldsType: FieldsV1
    fieldsV1: {"f:spec": {"f:replicas": {}}}
spec:
  progressDeadlineSeconds: 600
  replicas: 3
  revisionHistoryLimit: 10
  selector:
    matchLabels:
      app: api
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: api
    spec:
      containers:
      - name: sidecar
        image: shop/sidecar:2
        imagePullPolicy: IfNotPresent
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
        resources: {}
      - name: api
        image: shop/api:1.0
        imagePullPolicy: IfNotPresent
        args: ["--port=8080", "--verbose"]
        env:
        - name: A
          value: "1"
        - name: B
          value: two
        - name: C
          value: "true"
        ports:
        - containerPort: 8080
          name: http
          protocol: TCP
        resources:
          limits:
            cpu: "1"
            memory: 256Mi
          requests:
            cpu: 500m
            memory: 128Mi
        terminationMessagePath: /dev/termination-log
        terminationMessagePolicy: File
      dnsPolicy: ClusterFirst
      restartPolicy: Always
      schedulerName: default-scheduler
      securityContext: {}
      terminationGracePeriodSeconds: 30
status:
  availableReplicas: 3
  observedGeneration: 4
  readyReplicas: 3
  replicas: 3
  conditions:
  - type: Available
    status: "True"
)";

DiffOptions desiredVsLive() { return DiffOptions{.left = {.defaultNamespace = QStringLiteral("shop")}}; }

} // namespace

class TestDiffEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void liveWithServerDefaultsIsSame();
    void replicasChangeIsOneFieldAndOneDiffLine();
    void yamlScalarsAreTyped();
    void reorderedKeyedListsAreSame();
    void imageChangeIsNamedByContainer();
    void liveOnlyKeyedItemIsRemoved();
    void missingAndExtra();
    void ignoreRules();
    void secretValuesNeverAppear();
    void secretStringDataEqualsData();
    void environmentVsEnvironment();
    void fullComparisonReportsRightOnlyFields();
    void clusterScopedKindsPairWithoutNamespace();
    void countsAndOrder();
    void quantities_data();
    void quantities();
    void unifiedDiffFormat();
    void unifiedDiffLargeDocuments();
};

void TestDiffEngine::liveWithServerDefaultsIsSame() {
    const auto result = DiffEngine::compare(parse(kDesiredDeployment), parse(kLiveDeployment), desiredVsLive());
    QCOMPARE(result.resources.size(), std::size_t(1));
    const ResourceDiff& diff = result.resources.front();
    QCOMPARE(paths(diff), QStringList());
    QCOMPARE(diff.state, ResourceState::Same);
    QCOMPARE(diff.key.namespaceName, QStringLiteral("shop")); // defaulted on the desired side
    QVERIFY(diff.unifiedDiff.isEmpty());
    QCOMPARE(result.count(ResourceState::Same), std::size_t(1));
}

void TestDiffEngine::replicasChangeIsOneFieldAndOneDiffLine() {
    const QString live = replaced(QString::fromUtf8(kLiveDeployment), "  replicas: 3\n  revisionHistoryLimit",
                                  "  replicas: 2\n  revisionHistoryLimit");
    const auto result = DiffEngine::compare(parse(kDesiredDeployment), parse(live), desiredVsLive());
    const ResourceDiff& diff = result.resources.front();
    QCOMPARE(diff.state, ResourceState::Modified);
    QCOMPARE(paths(diff), QStringList{QStringLiteral("/spec/replicas")});
    QCOMPARE(diff.changes[0].kind, FieldChangeKind::Changed);
    QCOMPARE(diff.changes[0].left, QStringLiteral("3"));
    QCOMPARE(diff.changes[0].right, QStringLiteral("2"));
    // The YAML diff reads live → desired and shows nothing but that line.
    QCOMPARE(changedLines(diff.unifiedDiff), (QStringList{QStringLiteral("-  replicas: 2"), QStringLiteral("+  replicas: 3")}));
    QVERIFY(diff.unifiedDiff.startsWith(QLatin1String("--- a/Deployment.apps/shop/api\n+++ b/Deployment.apps/shop/api\n@@ ")));
    QVERIFY(!diff.unifiedDiff.contains(QLatin1String("progressDeadlineSeconds")));
    QVERIFY(!diff.unifiedDiff.contains(QLatin1String("managedFields")));
    QVERIFY(!diff.unifiedDiff.contains(QLatin1String("500m"))); // equal quantities shown as desired writes them
    QCOMPARE(DiffEngine::unifiedDiff(diff), diff.unifiedDiff);  // the lazy form gives the same text
    QCOMPARE(result.count(ResourceState::Modified), std::size_t(1));
}

void TestDiffEngine::yamlScalarsAreTyped() {
    const char* desired = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: ns}\n"
                          "spec: {port: \"3\", ratio: 1, enabled: true, cpu: \"1\"}\n";
    const char* live = "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: ns}\n"
                       "spec: {port: 3, ratio: 1.0, enabled: \"true\", cpu: 1}\n";
    const auto result = DiffEngine::compare(parse(desired), parse(live), {});
    const ResourceDiff& diff = result.resources.front();
    QCOMPARE(diff.state, ResourceState::Modified);
    // 1 and 1.0 are the same number; "3"/3, true/"true" and "1"/1 (outside resource maps) are not.
    QCOMPARE(paths(diff),
             (QStringList{QStringLiteral("/spec/port"), QStringLiteral("/spec/enabled"), QStringLiteral("/spec/cpu")}));
    QCOMPARE(diff.changes[0].left, QStringLiteral("\"3\""));
    QCOMPARE(diff.changes[0].right, QStringLiteral("3"));
    QCOMPARE(diff.changes[1].left, QStringLiteral("true"));
    QCOMPARE(diff.changes[1].right, QStringLiteral("\"true\""));
}

void TestDiffEngine::reorderedKeyedListsAreSame() {
    // env reordered, ports reordered with a defaulted protocol, containers already swapped in the fixture.
    const QString desired =
        replaced(QString::fromUtf8(kDesiredDeployment), "        ports:\n        - containerPort: 8080\n          name: http\n",
                 "        ports:\n        - containerPort: 8080\n          name: http\n  "
                 "      - containerPort: 9090\n          name: metrics\n");
    QString live = replaced(QString::fromUtf8(kLiveDeployment),
                            "        - name: A\n          value: \"1\"\n        - name: B\n          value: "
                            "two\n        - name: C\n          value: \"true\"\n",
                            "        - name: C\n          value: \"true\"\n        - name: A\n          "
                            "value: \"1\"\n        - name: B\n          value: two\n");
    live = replaced(live, "        ports:\n        - containerPort: 8080\n          name: http\n          protocol: TCP\n",
                    "        ports:\n        - containerPort: 9090\n          name: metrics\n          protocol: TCP\n   "
                    "     - containerPort: 8080\n          name: http\n          protocol: TCP\n");
    QVERIFY(live.contains(QLatin1String("- name: C\n          value: \"true\"\n        - name: A")));
    const auto result = DiffEngine::compare(parse(desired), parse(live), desiredVsLive());
    QCOMPARE(paths(result.resources.front()), QStringList());
    QCOMPARE(result.resources.front().state, ResourceState::Same);

    // A list of scalars is a value: reordered args are a change.
    const QString reorderedArgs =
        replaced(live, "args: [\"--port=8080\", \"--verbose\"]", "args: [\"--verbose\", \"--port=8080\"]");
    const auto argsResult = DiffEngine::compare(parse(desired), parse(reorderedArgs), desiredVsLive());
    QCOMPARE(paths(argsResult.resources.front()), QStringList{QStringLiteral("/spec/template/spec/containers/name=api/args")});
}

void TestDiffEngine::imageChangeIsNamedByContainer() {
    const QString live = replaced(QString::fromUtf8(kLiveDeployment), "image: shop/api:1.0", "image: shop/api:0.9");
    const auto result = DiffEngine::compare(parse(kDesiredDeployment), parse(live), desiredVsLive());
    const ResourceDiff& diff = result.resources.front();
    QCOMPARE(diff.state, ResourceState::Modified);
    QCOMPARE(paths(diff), QStringList{QStringLiteral("/spec/template/spec/containers/name=api/image")});
    QCOMPARE(diff.changes[0].left, QStringLiteral("\"shop/api:1.0\""));
    QCOMPARE(diff.changes[0].right, QStringLiteral("\"shop/api:0.9\""));
    QCOMPARE(changedLines(diff.unifiedDiff),
             (QStringList{QStringLiteral("-        image: shop/api:0.9"), QStringLiteral("+        image: shop/api:1.0")}));
}

void TestDiffEngine::liveOnlyKeyedItemIsRemoved() {
    // An env var removed from Git but still on the cluster is drift, even in desired-fields mode.
    const QString live = replaced(QString::fromUtf8(kLiveDeployment), "        - name: C\n          value: \"true\"\n",
                                  "        - name: C\n          value: \"true\"\n        - name: OLD\n          value: x\n");
    const auto result = DiffEngine::compare(parse(kDesiredDeployment), parse(live), desiredVsLive());
    const ResourceDiff& diff = result.resources.front();
    QCOMPARE(paths(diff), QStringList{QStringLiteral("/spec/template/spec/containers/name=api/env/name=OLD")});
    QCOMPARE(diff.changes[0].kind, FieldChangeKind::Removed);
    QVERIFY(diff.changes[0].left.isEmpty());
    QCOMPARE(diff.changes[0].right, QStringLiteral("{\"name\":\"OLD\",\"value\":\"x\"}"));
    QCOMPARE(changedLines(diff.unifiedDiff),
             (QStringList{QStringLiteral("-        - name: OLD"), QStringLiteral("-          value: x")}));
}

void TestDiffEngine::missingAndExtra() {
    const char* desired = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: only-desired}\ndata: {a: b}\n";
    const char* live = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: only-live, namespace: shop, uid: x}\n"
                       "data: {a: b}\nstatus: {}\n";
    const auto result = DiffEngine::compare(parse(desired), parse(live), desiredVsLive());
    QCOMPARE(result.resources.size(), std::size_t(2));
    const ResourceDiff* missing = find(result, QStringLiteral("ConfigMap"), QStringLiteral("only-desired"));
    const ResourceDiff* extra = find(result, QStringLiteral("ConfigMap"), QStringLiteral("only-live"));
    QVERIFY(missing && extra);
    QCOMPARE(missing->state, ResourceState::Missing);
    QVERIFY(missing->left && !missing->right && missing->leftKey && !missing->rightKey);
    QVERIFY(missing->left->at("metadata").at("namespace") == "shop");
    QCOMPARE(extra->state, ResourceState::Extra);
    QVERIFY(!extra->left && extra->right);
    QVERIFY(!extra->right->at("metadata").contains("uid")); // normalized
    QVERIFY(!extra->right->contains("status"));
    QVERIFY(missing->unifiedDiff.isEmpty()); // made for Modified only, or on request:
    const QString created = DiffEngine::unifiedDiff(*missing);
    QVERIFY2(created.contains(QLatin1String("@@ -0,0 +1,7 @@\n+apiVersion: v1\n")), qPrintable(created));
    QCOMPARE(result.count(ResourceState::Missing), std::size_t(1));
    QCOMPARE(result.count(ResourceState::Extra), std::size_t(1));
}

void TestDiffEngine::ignoreRules() {
    const QString live = replaced(QString::fromUtf8(kLiveDeployment), "  replicas: 3\n  revisionHistoryLimit",
                                  "  replicas: 5\n  revisionHistoryLimit");
    auto compareWith = [&](std::vector<IgnoreRule> rules, const QString& liveText) {
        DiffOptions options = desiredVsLive();
        options.ignoreRules = std::move(rules);
        return DiffEngine::compare(parse(kDesiredDeployment), parse(liveText), options).resources.front();
    };
    const std::vector<std::string> replicas{"/spec/replicas"};
    QCOMPARE(
        compareWith({{.group = QStringLiteral("apps"), .kind = QStringLiteral("Deployment"), .jsonPointers = replicas}}, live)
            .state,
        ResourceState::Same);
    QCOMPARE(compareWith({{.group = QStringLiteral("*"), .kind = QStringLiteral("*"), .jsonPointers = replicas}}, live).state,
             ResourceState::Same);
    QCOMPARE(compareWith({{.group = QStringLiteral("apps"),
                           .kind = QStringLiteral("Deployment"),
                           .namespaceName = QStringLiteral("shop"),
                           .jsonPointers = replicas}},
                         live)
                 .state,
             ResourceState::Same);
    // Rules for another kind, name or group do not apply.
    QCOMPARE(
        compareWith({{.group = QStringLiteral("apps"), .kind = QStringLiteral("StatefulSet"), .jsonPointers = replicas}}, live)
            .state,
        ResourceState::Modified);
    QCOMPARE(compareWith({{.group = QStringLiteral("apps"),
                           .kind = QStringLiteral("Deployment"),
                           .name = QStringLiteral("web"),
                           .jsonPointers = replicas}},
                         live)
                 .state,
             ResourceState::Modified);
    QCOMPARE(compareWith({{.group = QString(), .kind = QStringLiteral("Deployment"), .jsonPointers = replicas}}, live).state,
             ResourceState::Modified);

    // An injected sidecar, ignored by its key; an ignored field is gone from the YAML diff too.
    QString injected = replaced(live, "      containers:\n      - name: sidecar\n",
                                "      containers:\n      - name: istio-proxy\n        image: "
                                "istio/proxyv2\n      - name: sidecar\n");
    const ResourceDiff withSidecar = compareWith({}, injected);
    QCOMPARE(paths(withSidecar),
             (QStringList{QStringLiteral("/spec/replicas"), QStringLiteral("/spec/template/spec/containers/name=istio-proxy")}));
    const ResourceDiff ignored = compareWith(
        {{.kind = QStringLiteral("Deployment"), .jsonPointers = {"/spec/template/spec/containers/name=istio-proxy"}}}, injected);
    QCOMPARE(paths(ignored), QStringList{QStringLiteral("/spec/replicas")});
    QVERIFY(!ignored.unifiedDiff.contains(QLatin1String("istio")));
}

void TestDiffEngine::secretValuesNeverAppear() {
    const QByteArray clearNew = "hunter2-new-password";
    const QByteArray clearOld = "correct-horse-old";
    const QByteArray clearSame = "unchanged-token-value";
    const QString desired =
        QStringLiteral("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\ntype: Opaque\n"
                       "stringData:\n  password: %1\ndata:\n  token: %2\n")
            .arg(QString::fromLatin1(clearNew), QString::fromLatin1(clearSame.toBase64()));
    const QString live =
        QStringLiteral("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: shop\n  annotations:\n"
                       "    kubectl.kubernetes.io/last-applied-configuration: '{\"stringData\":{\"password\":\"%1\"}}'\n"
                       "type: Opaque\ndata:\n  password: %2\n  token: %3\n")
            .arg(QString::fromLatin1(clearOld), QString::fromLatin1(clearOld.toBase64()),
                 QString::fromLatin1(clearSame.toBase64()));
    const auto result = DiffEngine::compare(parse(desired), parse(live), desiredVsLive());
    const ResourceDiff& diff = result.resources.front();
    QCOMPARE(diff.state, ResourceState::Modified);
    QCOMPARE(paths(diff), QStringList{QStringLiteral("/data/password")});
    QCOMPARE(diff.changes[0].left, QStringLiteral("<changed>"));
    QCOMPARE(diff.changes[0].right, QStringLiteral("<changed>"));
    QCOMPARE(changedLines(diff.unifiedDiff).size(), 2);
    QVERIFY(diff.unifiedDiff.contains(QLatin1String("password: <secret:")));

    // Every string the result holds, none of which may carry a secret in any form.
    QStringList texts{diff.unifiedDiff, QString::fromStdString(diff.left->dump()), QString::fromStdString(diff.right->dump())};
    for (const auto& c : diff.changes)
        texts << c.path << c.left << c.right;
    for (const QString& warning : result.warnings)
        texts << warning;
    texts << DiffEngine::unifiedDiff(diff, 100);
    // A Secret only one side has (Missing, Extra) is masked the same way.
    const auto created = DiffEngine::compare(parse(desired), {}, desiredVsLive());
    const auto pruned = DiffEngine::compare({}, parse(live), desiredVsLive());
    QCOMPARE(created.resources.front().state, ResourceState::Missing);
    QCOMPARE(pruned.resources.front().state, ResourceState::Extra);
    texts << QString::fromStdString(created.resources.front().left->dump()) << DiffEngine::unifiedDiff(created.resources.front())
          << QString::fromStdString(pruned.resources.front().right->dump()) << DiffEngine::unifiedDiff(pruned.resources.front());
    QVERIFY(texts.last().contains(QLatin1String("-  password: <secret:")));
    for (const QByteArray& secret : {clearNew, clearOld, clearSame}) {
        for (const QByteArray& form : {secret, secret.toBase64(), secret.toBase64(QByteArray::OmitTrailingEquals)}) {
            for (const QString& text : texts)
                QVERIFY2(!text.contains(QString::fromLatin1(form)), form.constData());
        }
    }
}

void TestDiffEngine::secretStringDataEqualsData() {
    const char* desired = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\nstringData: {key: value-1}\n";
    const char* live = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\ntype: Opaque\n"
                       "data: {key: dmFsdWUtMQ==, other: eA==}\n";
    QCOMPARE(DiffEngine::compare(parse(desired), parse(live), desiredVsLive()).resources.front().state, ResourceState::Same);
}

void TestDiffEngine::environmentVsEnvironment() {
    const char* dev = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: dev-api, namespace: shop-dev, labels: {app: api}}
spec:
  replicas: 1
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: shop/api:1.2
        envFrom:
        - configMapRef: {name: dev-api-config}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: dev-api-config, namespace: shop-dev}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: Service
metadata: {name: dev-api, namespace: shop-dev}
spec:
  selector: {app: api}
  ports:
  - {port: 80, targetPort: 8080}
)";
    const char* prod = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: prod-api, namespace: shop-prod, labels: {app: api}}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - name: api
        image: shop/api:1.1
        envFrom:
        - configMapRef: {name: prod-api-config}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: prod-api-config, namespace: shop-prod}
data: {LOG_LEVEL: info}
---
apiVersion: v1
kind: Service
metadata: {name: prod-api, namespace: shop-prod}
spec:
  selector: {app: api}
  ports:
  - {port: 80, targetPort: 8080}
)";
    const DiffOptions options{.left = {.defaultNamespace = QStringLiteral("shop-dev"), .namePrefix = QStringLiteral("dev-")},
                              .right = {.defaultNamespace = QStringLiteral("shop-prod"), .namePrefix = QStringLiteral("prod-")},
                              .compareOnlyDesiredFields = false,
                              .ignoreNamespace = true};
    const auto result = DiffEngine::compare(parse(dev), parse(prod), options);
    QCOMPARE(result.resources.size(), std::size_t(3));
    QCOMPARE(result.count(ResourceState::Same), std::size_t(2));
    QCOMPARE(result.count(ResourceState::Modified), std::size_t(1));
    const ResourceDiff* deployment = find(result, QStringLiteral("Deployment"), QStringLiteral("api"));
    QVERIFY(deployment);
    QCOMPARE(deployment->leftKey->name, QStringLiteral("dev-api"));
    QCOMPARE(deployment->rightKey->namespaceName, QStringLiteral("shop-prod"));
    QCOMPARE(paths(*deployment),
             (QStringList{QStringLiteral("/spec/replicas"), QStringLiteral("/spec/template/spec/containers/name=api/image")}));
    QCOMPARE(changedLines(deployment->unifiedDiff),
             (QStringList{QStringLiteral("-  replicas: 3"), QStringLiteral("+  replicas: 1"),
                          QStringLiteral("-        image: shop/api:1.1"), QStringLiteral("+        image: shop/api:1.2")}));

    // Without the prefix/namespace options, nothing pairs.
    const auto raw = DiffEngine::compare(parse(dev), parse(prod), DiffOptions{.compareOnlyDesiredFields = false});
    QCOMPARE(raw.count(ResourceState::Missing), std::size_t(3));
    QCOMPARE(raw.count(ResourceState::Extra), std::size_t(3));
}

void TestDiffEngine::fullComparisonReportsRightOnlyFields() {
    const char* older = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {a: '1', b: '2'}\n";
    const char* newer = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: n}\ndata: {a: '1'}\n";
    // Commit vs commit: what did the newer commit change? (left = newer, right = older)
    const auto full = DiffEngine::compare(parse(newer), parse(older), DiffOptions{.compareOnlyDesiredFields = false});
    const ResourceDiff& diff = full.resources.front();
    QCOMPARE(paths(diff), QStringList{QStringLiteral("/data/b")});
    QCOMPARE(diff.changes[0].kind, FieldChangeKind::Removed);
    QCOMPARE(diff.changes[0].right, QStringLiteral("\"2\""));
    QCOMPARE(changedLines(diff.unifiedDiff), QStringList{QStringLiteral("-  b: \"2\"")});
    // Desired-fields mode would call the extra key a default.
    QCOMPARE(DiffEngine::compare(parse(newer), parse(older), {}).resources.front().state, ResourceState::Same);
}

void TestDiffEngine::clusterScopedKindsPairWithoutNamespace() {
    const char* desired = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n"
                          "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\nrules: []\n";
    const char* live = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, uid: u}\nspec: {finalizers: [kubernetes]}\n"
                       "status: {phase: Active}\n---\n"
                       "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: reader}\n";
    const auto result = DiffEngine::compare(parse(desired), parse(live), desiredVsLive());
    QCOMPARE(result.count(ResourceState::Same), std::size_t(2));
    for (const auto& r : result.resources)
        QVERIFY(r.key.namespaceName.isEmpty());
    // A caller's discovery decides instead of the built-in list.
    DiffOptions options = desiredVsLive();
    options.isClusterScoped = [](const ResourceKey&) { return false; };
    QCOMPARE(DiffEngine::compare(parse(desired), parse(live), options).count(ResourceState::Missing), std::size_t(2));
}

void TestDiffEngine::countsAndOrder() {
    const char* desired = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: '1'}\n---\n"
                          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: '1'}\n---\n"
                          "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {x: '1'}\n---\n"
                          "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1}\n";
    const char* live = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\ndata: {x: '1'}\n---\n"
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: shop}\ndata: {x: '2'}\n---\n"
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: z, namespace: shop}\ndata: {x: '1'}\n---\n"
                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\ndata: {x: '9'}\n";
    const auto result = DiffEngine::compare(parse(desired), parse(live), desiredVsLive());
    QCOMPARE(result.count(ResourceState::Same), std::size_t(1));
    QCOMPARE(result.count(ResourceState::Modified), std::size_t(1));
    QCOMPARE(result.count(ResourceState::Missing), std::size_t(2));
    QCOMPARE(result.count(ResourceState::Extra), std::size_t(1));
    QStringList order;
    for (const auto& r : result.resources)
        order << r.key.toString();
    QCOMPARE(order, (QStringList{QStringLiteral("ConfigMap shop/a"), QStringLiteral("ConfigMap shop/b"),
                                 QStringLiteral("ConfigMap shop/c"), QStringLiteral("ConfigMap shop/z"),
                                 QStringLiteral("apps/Deployment shop/d")}));
    QCOMPARE(result.warnings.size(), std::size_t(1)); // the second live "a"
    QVERIFY(result.warnings.front().contains(QLatin1String("ConfigMap shop/a")));
}

void TestDiffEngine::quantities_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("milli") << QStringLiteral("500m") << QStringLiteral("0.5") << true;
    QTest::newRow("int") << QStringLiteral("1") << QStringLiteral("1000m") << true;
    QTest::newRow("binary") << QStringLiteral("1Ki") << QStringLiteral("1024") << true;
    QTest::newRow("gibi") << QStringLiteral("1Gi") << QStringLiteral("1073741824") << true;
    QTest::newRow("exponent") << QStringLiteral("1e3") << QStringLiteral("1k") << true;
    QTest::newRow("decimal suffix") << QStringLiteral("1M") << QStringLiteral("1000k") << true;
    QTest::newRow("different") << QStringLiteral("100m") << QStringLiteral("0.2") << false;
    QTest::newRow("binary vs decimal") << QStringLiteral("1Ki") << QStringLiteral("1k") << false;
    QTest::newRow("not a quantity") << QStringLiteral("abc") << QStringLiteral("abc") << false;
}

void TestDiffEngine::quantities() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    const auto qa = Quantity::parse(a.toStdString());
    const auto qb = Quantity::parse(b.toStdString());
    QCOMPARE(qa.has_value() && qb.has_value() && *qa == *qb, equal);
    QVERIFY(Quantity::of(ordered_json(0.5)) == Quantity::parse("500m"));
    QVERIFY(Quantity::of(ordered_json(2)) == Quantity::parse("2000m"));
    QVERIFY(Quantity::of(ordered_json(2)) != Quantity::parse("2001m"));
}

void TestDiffEngine::unifiedDiffFormat() {
    const std::string a = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n";
    const std::string b = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n15\n16\n17\n";
    QCOMPARE(QString::fromStdString(UnifiedDiff::make(a, b, "x", "x")),
             QStringLiteral("--- a/x\n+++ b/x\n"
                            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
                            "@@ -11,6 +11,6 @@\n 11\n 12\n 13\n-14\n 15\n 16\n+17\n"));
    QVERIFY(UnifiedDiff::make(a, a, "x", "x").empty());
    QCOMPARE(QString::fromStdString(UnifiedDiff::make("", "a\n", "n", "n")),
             QStringLiteral("--- a/n\n+++ b/n\n@@ -0,0 +1 @@\n+a\n"));
    QCOMPARE(QString::fromStdString(UnifiedDiff::make("a\nb", "a\nc", "n", "n")),
             QStringLiteral("--- a/n\n+++ b/n\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
                            "\\ No newline at end of file\n"));
}

void TestDiffEngine::unifiedDiffLargeDocuments() {
    // 50,000 lines with two edits: head/tail trimming and Myers over the rest.
    std::string a, b;
    for (int i = 0; i < 50'000; ++i) {
        const std::string line = "  key" + std::to_string(i) + ": value\n";
        a += line;
        b += i == 100 ? "  key100: changed\n" : i == 40'000 ? std::string() : line;
    }
    const std::string diff = UnifiedDiff::make(a, b, "big", "big");
    QCOMPARE(QString::fromStdString(diff),
             QStringLiteral("--- a/big\n+++ b/big\n@@ -98,7 +98,7 @@\n   key97: value\n   key98: value\n   key99: value\n"
                            "-  key100: value\n+  key100: changed\n   key101: value\n   key102: value\n   key103: value\n"
                            "@@ -39998,7 +39998,6 @@\n   key39997: value\n   key39998: value\n   key39999: value\n"
                            "-  key40000: value\n   key40001: value\n   key40002: value\n   key40003: value\n"));

    // Two unrelated 50,000-line documents: past maxEditDistance the middle is one replaced
    // block (still a correct diff: every old line removed, every new line added).
    std::string c;
    for (int i = 0; i < 50'000; ++i)
        c += "  other" + std::to_string(i) + ": value\n";
    const std::string replacedAll = UnifiedDiff::make(a, c, "big", "big", UnifiedDiffOptions{.maxEditDistance = 500});
    QVERIFY(QString::fromStdString(replacedAll).startsWith(QLatin1String("--- a/big\n+++ b/big\n@@ -1,50000 +1,50000 @@\n")));
    std::size_t removed = 0, added = 0;
    for (std::size_t pos = 0; (pos = replacedAll.find('\n', pos)) != std::string::npos && pos + 1 < replacedAll.size(); ++pos) {
        removed += replacedAll[pos + 1] == '-';
        added += replacedAll[pos + 1] == '+';
    }
    QCOMPARE(removed, std::size_t(50'000));
    QCOMPARE(added, std::size_t(50'001)); // and the "+++" header
}

QTEST_GUILESS_MAIN(TestDiffEngine)
#include "tst_diffengine.moc"
