#include "manifest/YamlParser.h"
#include "manifest/YamlWriter.h"
#include "support/GoldenFile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline::manifest;
using nlohmann::ordered_json;

namespace {

std::string roundTrip(const QByteArray& yaml) {
    auto docs = parseYamlStream(std::string_view(yaml.constData(), std::size_t(yaml.size())), QStringLiteral("in.yaml"));
    if (!docs) {
        qWarning().noquote() << docs.error().toString();
        return "<parse error>";
    }
    std::vector<ordered_json> values;
    for (auto& doc : *docs)
        values.push_back(std::move(doc.value));
    return writeYamlStream(values);
}

// `kubectl kustomize` over a directory holding `resource` as its only resource.
QByteArray kustomize(const QString& kubectl, const QByteArray& resource, const QString& fileName) {
    QTemporaryDir dir;
    if (!dir.isValid())
        return "<no temp dir>";
    QFile kustomization(dir.filePath(QStringLiteral("kustomization.yaml")));
    QFile file(dir.filePath(fileName));
    if (!kustomization.open(QIODevice::WriteOnly) || !file.open(QIODevice::WriteOnly))
        return "<cannot write>";
    kustomization.write("resources:\n- " + fileName.toUtf8() + "\n");
    file.write(resource);
    kustomization.close();
    file.close();
    QProcess process;
    process.start(kubectl, {QStringLiteral("kustomize"), dir.path()});
    if (!process.waitForFinished(60'000) || process.exitCode() != 0)
        return "<kubectl failed: " + process.readAllStandardError() + ">";
    return process.readAllStandardOutput();
}

QByteArray fixture(const char* text) { return QByteArray(text); }

} // namespace

class TestYamlWriter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kubectlLayout();
    void goYamlQuoting_data();
    void goYamlQuoting();
    void numbers_data();
    void numbers();
    void naturalKeyOrder();
    void mergeLookingKeyStaysAString();
    void emptyCollectionsAndStream();
    void matchesKubectl_data();
    void matchesKubectl();
};

void TestYamlWriter::kubectlLayout() {
    const auto value = ordered_json::parse(R"({"spec":{"containers":[{"name":"web","image":"nginx:1.25",
        "ports":[{"containerPort":80}]}],"replicas":3},"apiVersion":"apps/v1"})");
    QCOMPARE(writeYaml(value), std::string("apiVersion: apps/v1\n"
                                           "spec:\n"
                                           "  containers:\n"
                                           "  - image: nginx:1.25\n"
                                           "    name: web\n"
                                           "    ports:\n"
                                           "    - containerPort: 80\n"
                                           "  replicas: 3\n"));
    // A list inside a list is indented; a map inside a list starts on the dash line.
    QCOMPARE(writeYaml(ordered_json::parse(R"([["a","b"],{"k":"v","j":1}])")), std::string("- - a\n  - b\n- j: 1\n  k: v\n"));
}

void TestYamlWriter::goYamlQuoting_data() {
    QTest::addColumn<QByteArray>("value");    // bytes: QString would drop a leading BOM
    QTest::addColumn<QByteArray>("expected"); // as kubectl v1.32 prints `k: <value>`
    const auto row = [](const char* value, const char* expected) {
        QTest::newRow(value) << QByteArray(value) << QByteArray(expected);
    };
    row("3", "\"3\"");
    row("true", "\"true\"");
    row("yes", "\"yes\"");
    row("off", "\"off\"");
    row("y", "\"y\"");
    row("null", "\"null\"");
    row("~", "\"~\"");
    row("", "\"\"");
    row("1e3", "\"1e3\"");
    row("0x10", "\"0x10\"");
    row("017", "\"017\"");
    row("1_000", "\"1_000\"");
    row("0b101", "\"0b101\"");
    row("2001-12-14", "\"2001-12-14\"");
    row("2001-13-14", "2001-13-14"); // not a date, so no quotes
    row("1:20", "\"1:20\"");
    row(".inf", "\".inf\"");
    row("<<", "<<");
    row("a: b", "'a: b'");
    row("a:b", "a:b");
    row("# x", "'# x'");
    row("a #b", "'a #b'");
    row("a#b", "a#b");
    row("*x", "'*x'");
    row("&x", "'&x'");
    row("!x", "'!x'");
    row("|x", "'|x'");
    row(">x", "'>x'");
    row("%x", "'%x'");
    row("@x", "'@x'");
    row("`x", "'`x'");
    row("- x", "'- x'");
    row("-x", "-x");
    row("?x", "?x");
    row("---", "'---'");
    row(" lead", "' lead'");
    row("trail ", "'trail '");
    row("it's", "it's");
    row("'a", "'''a'");
    row("a\tb", "\"a\\tb\"");
    row("a\x01"
        "b",
        "\"a\\x01b\"");
    row("héllo ☃", "héllo ☃");
    row("\xF0\x9F\x98\x80", "\"\\U0001F600\"");
    row("\xEF\xBB\xBF"
        "a",
        "\"\\uFEFF\\x61\"");
    row("line1\nline2\n", "|\n  line1\n  line2");
    row("line1\nline2", "|-\n  line1\n  line2");
    row("a\n\n", "|+\n  a\n");
    row(" a\nb", "|2-\n   a\n  b");
    row("a \nb", "\"a \\nb\"");
}

void TestYamlWriter::goYamlQuoting() {
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    ordered_json doc;
    doc["k"] = value.toStdString();
    QCOMPARE(QByteArray::fromStdString(writeYaml(doc)), "k: " + expected + "\n");
}

void TestYamlWriter::numbers_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("expected");
    QTest::newRow("integral") << 1.0 << "1";
    QTest::newRow("negative zero") << -0.0 << "0";
    QTest::newRow("fraction") << 1.5 << "1.5";
    QTest::newRow("large fraction") << 1234567.5 << "1.2345675e+06";
    QTest::newRow("small") << 0.00001 << "1e-05";
    QTest::newRow("1e-4") << 0.0001 << "0.0001";
    QTest::newRow("1e20") << 1e20 << "1e+20";
    QTest::newRow("2^60") << 1152921504606846976.0 << "1152921504606847000";
    QTest::newRow("inf") << std::numeric_limits<double>::infinity() << ".inf";
}

void TestYamlWriter::numbers() {
    QFETCH(double, value);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(writeYaml(ordered_json(value))), expected + u"\n");
}

// kustomize drops such a key, so there is no kubectl output to match: what counts is that
// the written text reads back as the same mapping, not as a merge.
void TestYamlWriter::mergeLookingKeyStaysAString() {
    ordered_json doc;
    doc["<<"] = "v";
    doc["k"] = "<<";
    const std::string written = writeYaml(doc);
    QCOMPARE(QByteArray::fromStdString(written), QByteArray("\"<<\": v\nk: <<\n"));
    auto reread = parseYamlStream(written, QStringLiteral("written.yaml"));
    QVERIFY(reread && reread->size() == 1);
    QCOMPARE(reread->front().value.dump(), doc.dump());
}

void TestYamlWriter::naturalKeyOrder() {
    const auto doc = ordered_json::parse(R"({"item10":1,"item9":2,"item09":3,"aZ":4,"a_":5,"A":6,"10":7,"2":8})");
    QCOMPARE(writeYaml(doc), std::string("\"2\": 8\n\"10\": 7\nA: 6\na_: 5\naZ: 4\nitem9: 2\nitem09: 3\nitem10: 1\n"));
}

void TestYamlWriter::emptyCollectionsAndStream() {
    const std::vector<ordered_json> docs{ordered_json::parse(R"({"a":{},"b":[],"c":null})"),
                                         ordered_json::parse(R"({"d":[{}]})")};
    QCOMPARE(writeYamlStream(docs), std::string("a: {}\nb: []\nc: null\n---\nd:\n- {}\n"));
    QCOMPARE(writeYamlStream({}), std::string());
}

void TestYamlWriter::matchesKubectl_data() {
    QTest::addColumn<QByteArray>("resource");
    QTest::addColumn<QString>("fileName");
    const QString yaml = QStringLiteral("res.yaml");
    QTest::newRow("tricky scalars") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: scalars
  labels: {app: web, tier: "1"}
data:
  num: "3"
  float: "1.5"
  exp: "1e3"
  hex: "0x10"
  octal: "0o17"
  leadingZero: "010"
  underscore: "1_000"
  binary: "0b101"
  bool: "true"
  yes_: "yes"
  no_: "no"
  on_: "on"
  off_: "off"
  y_: "y"
  nul: "null"
  tilde: "~"
  empty: ""
  date: "2001-12-14"
  notDate: "2001-13-14"
  time: "2001-12-14T21:59:43.10Z"
  sexagesimal: "1:20"
  inf: ".inf"
  plusInf: "+.inf"
  merge: "<<"
  colon: "a: b"
  colon2: "a:b"
  colonEnd: "a:"
  hash: "# x"
  hash2: "a #b"
  hash3: "a#b"
  star: "*x"
  amp: "&x"
  bang: "!x"
  pipe: "|x"
  gt: ">x"
  pct: "%x"
  at: "@x"
  bt: "`x"
  dash: "- x"
  dash2: "-x"
  dash3: "-"
  docStart: "---"
  docEnd: "..."
  q: "?x"
  q2: "? x"
  brackets: "[x]"
  braces: "{x}"
  comma: "a, b"
  lead: " lead"
  trail: "trail "
  dq: "say \"hi\""
  sq: "it's"
  quoteStart: "'a"
  tab: "a\tb"
  ctl: "a\u0001b"
  backslash: "a\\b"
  url: "https://example.com/a?b=c#d"
  flag: "--enable-feature=true"
  selector: "app=web,tier!=db"
  path: "/var/lib/data"
  cron: "*/5 * * * *"
  json: '{"a": [1, 2]}'
  version: "1.10"
  semver: "v1.2.3"
  plus: "+1"
  minus: "-1"
  dot: "."
)") << yaml;
    QTest::newRow("block scalars") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: blocks
data:
  clip: "line1\nline2\n"
  strip: "line1\nline2"
  keep: "line1\n\nline2\n\n"
  indented: "  indented\nline2\n"
  leadingBreak: "\nafter"
  onlyBreak: "\n"
  twoBreaks: "\n\n"
  crlf: "a\r\nb"
  spaceBreak: "a \nb"
  breakSpace: "a\n b"
  tabLine: "a\t\nb"
  colonLine: "a: b\nc"
  hashLine: "#x\ny"
  ctlLine: "a\u0001\nb"
  script: |
    #!/bin/sh
    set -eu
    echo "hello: world" # comment
    exit 0
  folded: >
    folded text
    joins lines
  nested:
    - |
      in a list
    - plain
)") << yaml;
    QTest::newRow("numbers") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: numbers
values: [0, 3, -7, 1.5, 1.0, 1e3, 1234567.5, 0.0001, 0.00001, 1e21, 1e20, -0.0, 0x10, 0o17,
  100000.5, 0.1, 1e-7, 12345678901234567890, 9223372036854775807, -9223372036854775808,
  3.14159265358979, 2.5e-10, 6.02e23, 1152921504606846976, true, false, null, ~]
)") << yaml;
    QTest::newRow("deployment") << fixture(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/version: "1.0"
  annotations:
    description: "A rather long description that goes on and on past the eighty column limit so that go-yaml folds it"
    quoted.long: "Needs quotes: because of the colon and it is also long enough to be folded by the emitter at 80"
    example.com/very-long-annotation-key-that-is-long-enough-to-push-past-the-width-of-eighty: "value with spaces that wraps"
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: "registry.example.com/team/web:1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        args: ["--port=8080", "--log-level", "debug", "--", "*"]
        command: [/bin/sh, -c, "exec web --config /etc/web/config.yaml"]
        env:
        - name: MODE
          value: "on"
        - name: EMPTY
          value: ""
        - name: PORT
          value: "8080"
        ports:
        - containerPort: 8080
          protocol: TCP
        resources:
          limits: {cpu: 500m, memory: 128Mi}
          requests: {}
        readinessProbe:
          httpGet: {path: /healthz, port: 8080}
      tolerations: []
      nodeSelector: {}
)") << yaml;
    QTest::newRow("keys") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: keys
data:
  item10: a
  item9: b
  item09: c
  aZ: d
  a_: e
  a-b: f
  ab: g
  A: h
  "1": i
  "10": j
  "2": k
  é: l
  z1a: m
  z01: "n"
  "": o
  "a\nb": p
  "yes": q
  "3": r
  x.y/z: s
  kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: long
  "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": [x, {y: z}]
  "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk129": {a: 1}
)") << yaml;
    QTest::newRow("unicode and folding") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: unicode
data:
  emoji: "smile 😀"
  bom: "\ufeffa"
  nbsp: "\u00a0a"
  ls: "a\u2028b"
  nel: "a\u0085b \u0085\u0085 c\u0085"
  cjk: "日本語のテキスト 日本語のテキスト 日本語のテキスト 日本語のテキスト 日本語のテキスト 日本語のテキスト 日本語のテキスト"
  plainLong: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb cccccccccccccccccccccccccccccccccccccccccccc dddddddddddddddddddddddddddddddddddddddd"
  doubleLong: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\tyyyyyyyy zzzzzzzzzzzzz  wwwwwwwwww vvvvvvvvvvv"
  singleLong: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: yy zzzzzzzzz wwwwwwwwwwwww"
  spaces: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa    bbbbbbbb   cccc"
  noSpaces: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
nested:
  deeper:
    list:
    - "a long string inside a list inside two maps, long enough to be folded by go-yaml's emitter twice over, really"
    - - "nested list item with a long value that goes on and on and on until the emitter folds it"
)") << yaml;
    QTest::newRow("anchors and merge keys") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: anchors
base: &base
  a: 1
  b: 2
  c: 3
other: &other
  c: 30
  d: 40
explicitWins:
  a: 10
  <<: *base
  b: 20
firstMergeWins:
  <<: [*other, *base]
  e: 5
seq: &s [1, 2]
seq2: *s
)") << yaml;
    QTest::newRow("multi-document") << fixture(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data: {k: v}
---
---
# only a comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
data:
  list: |
    x
)") << yaml;
    QTest::newRow("json input") << fixture(R"({
  "apiVersion": "v1",
  "kind": "ConfigMap",
  "metadata": {"name": "from-json", "labels": {"n": "1"}},
  "data": {"slash": "a/b", "unicode": "\u00e9\u2603", "multi": "a\nb\n", "yes": "yes"},
  "spec": {"values": [1, 2.5, -3e2, true, null, "x"], "empty": {}, "none": []}
}
)") << QStringLiteral("res.json");
}

// Byte for byte what `kubectl kustomize` prints for the resource: its output is committed in
// tests/data/golden/yamlwriter/, and compared with a live kubectl when one is on PATH.
void TestYamlWriter::matchesKubectl() {
    QFETCH(QByteArray, resource);
    QFETCH(QString, fileName);
    std::optional<QByteArray> live;
    if (const QString kubectl = syncline::test::liveKubectl(); !kubectl.isEmpty()) {
        live = kustomize(kubectl, resource, fileName);
        QVERIFY2(!live->startsWith('<'), live->constData());
    }
    const auto golden =
        syncline::test::GoldenFile(QStringLiteral("yamlwriter/%1.yaml")
                                       .arg(syncline::test::GoldenFile::fileNameOf(QString::fromUtf8(QTest::currentDataTag()))))
            .expected(live);
    QVERIFY2(golden.problem.isEmpty(), qPrintable(golden.problem));
    const QByteArray& expected = golden.bytes;
    const QByteArray actual = QByteArray::fromStdString(roundTrip(resource));
    if (actual != expected) {
        qWarning().noquote() << "kubectl (golden):\n"
                             << QString::fromUtf8(expected) << "\nsyncline:\n"
                             << QString::fromUtf8(actual);
        const auto a = actual.split('\n'), e = expected.split('\n');
        for (qsizetype i = 0; i < std::min(a.size(), e.size()); ++i) {
            if (a[i] != e[i]) {
                qWarning().noquote() << "first difference at line" << i + 1 << ":\n  kubectl:  " << e[i]
                                     << "\n  syncline: " << a[i];
                break;
            }
        }
    }
    QCOMPARE(actual, expected);
}

QTEST_GUILESS_MAIN(TestYamlWriter)
#include "tst_yamlwriter.moc"
