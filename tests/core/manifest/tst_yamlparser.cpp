#include "manifest/YamlParser.h"

#include <QTest>

#include <cmath>

using namespace syncline::manifest;
using nlohmann::ordered_json;

namespace {

const QString kFile = QStringLiteral("file.yaml");

syncline::util::Result<std::vector<YamlDocument>> parse(std::string_view yaml, const YamlLimits& limits = {}) {
    return parseYamlStream(yaml, kFile, limits);
}

// The single document's value, or a JSON string naming the error.
ordered_json parseOne(const std::string& yaml) {
    auto docs = parse(yaml);
    if (!docs)
        return ordered_json("error: " + docs.error().toString().toStdString());
    if (docs->size() != 1)
        return ordered_json("documents: " + std::to_string(docs->size()));
    return std::move(docs->front().value);
}

QString errorOf(std::string_view yaml, const YamlLimits& limits = {}) {
    auto docs = parse(yaml, limits);
    return docs ? QStringLiteral("<no error>") : docs.error().toString();
}

} // namespace

class TestYamlParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void coreSchema_data();
    void coreSchema();
    void specialFloats();
    void keepsKeyOrder();
    void multiDocument();
    void listKindIsOneDocument();
    void anchorsAndMergeKeys();
    void nonStringKeys();
    void jsonInput();
    void duplicateKeys();
    void malformedYamlNamesPosition();
    void nonUtf8IsAnError();
    void billionLaughsIsAnError();
    void deepNestingIsAnError();
    void deepAliasIsAnError();
    void aliasedBigScalarStopsAtTheByteLimit();
    void aliasBytesAreChargedToTheRenderBudget();
    void fileSizeLimit();
    void documentLimit();
    void badTagsAndAliases();
};

void TestYamlParser::coreSchema_data() {
    QTest::addColumn<QByteArray>("scalar");   // as written after "v: "
    QTest::addColumn<QByteArray>("expected"); // JSON
    QTest::addColumn<QByteArray>("type");     // nlohmann type name, ints and floats told apart
    const auto row = [](const char* scalar, const char* expected, const char* type) {
        QTest::newRow(scalar) << QByteArray(scalar) << QByteArray(expected) << QByteArray(type);
    };
    row("3", "3", "number");
    row("-7", "-7", "number");
    row("+5", "5", "number");
    row("0o17", "15", "number");
    row("0x1F", "31", "number");
    row("017", "17", "number"); // decimal in YAML 1.2 (go-yaml would say octal 15)
    row("9223372036854775808", "9223372036854775808", "number");
    row("1.5", "1.5", "number");
    row("1e3", "1000.0", "number");
    row(".5", "0.5", "number");
    row("-2.5E-3", "-0.0025", "number");
    row("1.", "1.0", "number");
    row("true", "true", "boolean");
    row("True", "true", "boolean");
    row("TRUE", "true", "boolean");
    row("false", "false", "boolean");
    row("null", "null", "null");
    row("Null", "null", "null");
    row("~", "null", "null");
    row("", "null", "null");
    row("yes", "\"yes\"", "string"); // YAML 1.1 bools are strings in 1.2
    row("on", "\"on\"", "string");
    row("tRUE", "\"tRUE\"", "string");
    row("1_000", "\"1_000\"", "string");
    row("0b101", "\"0b101\"", "string");
    row("0x", "\"0x\"", "string");
    row("2001-12-14", "\"2001-12-14\"", "string");
    row("1:20", "\"1:20\"", "string");
    row("nginx:1.25", "\"nginx:1.25\"", "string");
    row("[x, {}]", "[\"x\",{}]", "array");
    row("\"3\"", "\"3\"", "string");
    row("'true'", "\"true\"", "string");
    row("\"\"", "\"\"", "string");
    row("'null'", "\"null\"", "string");
    row("|\n  3\n", "\"3\\n\"", "string");
    row("!!str 3", "\"3\"", "string");
    row("!!str", "\"\"", "string");
    row("!!int \"42\"", "42", "number");
    row("!!float 3", "3.0", "number");
    row("!!bool \"false\"", "false", "boolean");
    row("!!null x", "null", "null");
    row("! 3", "\"3\"", "string");
    row("!Ref 3", "3", "number"); // application tags resolve by content
    row("!Ref \"3\"", "\"3\"", "string");
}

void TestYamlParser::coreSchema() {
    QFETCH(QByteArray, scalar);
    QFETCH(QByteArray, expected);
    QFETCH(QByteArray, type);
    const ordered_json doc = parseOne("v: " + scalar.toStdString() + "\n");
    QVERIFY2(doc.is_object(), doc.dump().c_str());
    const ordered_json& value = doc["v"];
    QCOMPARE(QByteArray(value.type_name()), type);
    QCOMPARE(QByteArray::fromStdString(value.dump()), expected);
    if (value.is_number())
        QCOMPARE(value.is_number_float(), expected.contains('.'));
}

void TestYamlParser::specialFloats() {
    const ordered_json doc = parseOne("a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\ne: .NaN\nf: 1e999\ng: 1e-999\n");
    QVERIFY(std::isinf(doc["a"].get<double>()) && doc["a"].get<double>() > 0);
    QVERIFY(std::isinf(doc["b"].get<double>()) && doc["b"].get<double>() < 0);
    QVERIFY(std::isinf(doc["c"].get<double>()));
    QVERIFY(std::isnan(doc["d"].get<double>()));
    QVERIFY(std::isnan(doc["e"].get<double>()));
    QVERIFY(std::isinf(doc["f"].get<double>()));
    QCOMPARE(doc["g"].get<double>(), 0.0);
    QVERIFY(parseOne("v: .infinity\n")["v"].is_string());
}

void TestYamlParser::keepsKeyOrder() {
    const ordered_json doc = parseOne("zeta: 1\nalpha: {y: 1, b: 2}\nmid: 3\n");
    QCOMPARE(doc.dump(), std::string(R"({"zeta":1,"alpha":{"y":1,"b":2},"mid":3})"));
}

void TestYamlParser::multiDocument() {
    const std::string yaml = "# leading comment\n"
                             "a: 1\n"
                             "---\n"
                             "---\n"
                             "# only a comment\n"
                             "--- null\n"
                             "---\n"
                             "  b: 2\n"
                             "...\n"
                             "--- [x]\n";
    auto docs = parse(yaml);
    QVERIFY2(docs, qPrintable(docs ? QString() : docs.error().toString()));
    QCOMPARE(docs->size(), std::size_t(3));
    QCOMPARE((*docs)[0].value.dump(), std::string(R"({"a":1})"));
    QCOMPARE((*docs)[0].line, 2);
    QCOMPARE((*docs)[0].column, 1);
    QCOMPARE((*docs)[0].index, 0);
    QCOMPARE((*docs)[1].value.dump(), std::string(R"({"b":2})"));
    QCOMPARE((*docs)[1].line, 8);
    QCOMPARE((*docs)[1].column, 3);
    QCOMPARE((*docs)[1].index, 4); // empty documents still count
    QCOMPARE((*docs)[2].value.dump(), std::string(R"(["x"])"));
    QCOMPARE((*docs)[2].line, 10);
    QCOMPARE((*docs)[2].column, 5);
    QCOMPARE((*docs)[2].fileName, kFile);
    QCOMPARE(parse("")->size(), std::size_t(0));
    QCOMPARE(parse("# nothing\n---\n...\n")->size(), std::size_t(0));
}

void TestYamlParser::listKindIsOneDocument() {
    // A kind: List stays one document here; expanding its items is the renderer's job.
    const ordered_json doc = parseOne("apiVersion: v1\nkind: List\nitems:\n"
                                      "- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n"
                                      "- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n");
    QCOMPARE(doc["kind"].dump(), std::string("\"List\""));
    QCOMPARE(doc["items"].size(), std::size_t(2));
    QCOMPARE(doc["items"][1]["metadata"]["name"].dump(), std::string("\"b\""));
}

void TestYamlParser::anchorsAndMergeKeys() {
    const ordered_json doc = parseOne("base: &base {a: 1, b: 2, c: 3}\n"
                                      "other: &other {c: 30, d: 40}\n"
                                      "explicitWins:\n  a: 10\n  <<: *base\n  b: 20\n"
                                      "firstMergeWins:\n  <<: [*other, *base]\n  e: 5\n"
                                      "quotedIsAKey: {\"<<\": x}\n"
                                      "inline:\n  <<: {k: v}\n"
                                      "list: &l [1, &one 1]\n"
                                      "copies: [*l, *one]\n");
    QCOMPARE(doc["explicitWins"].dump(), std::string(R"({"a":10,"b":20,"c":3})"));
    QCOMPARE(doc["firstMergeWins"].dump(), std::string(R"({"e":5,"c":30,"d":40,"a":1,"b":2})"));
    QCOMPARE(doc["quotedIsAKey"].dump(), std::string(R"({"<<":"x"})"));
    QCOMPARE(doc["inline"].dump(), std::string(R"({"k":"v"})"));
    QCOMPARE(doc["copies"].dump(), std::string("[[1,1],1]"));
    QVERIFY(errorOf("a:\n  <<: 3\n").contains(u"file.yaml:2:3: a merge key"));
    QVERIFY(errorOf("a:\n  <<: [{}, 3]\n").contains(u"merge key"));
}

void TestYamlParser::nonStringKeys() {
    const ordered_json doc = parseOne("3: a\ntrue: b\nnull: c\n0x10: d\n'q': e\n");
    QCOMPARE(doc.dump(), std::string(R"({"3":"a","true":"b","null":"c","0x10":"d","q":"e"})"));
    QVERIFY(errorOf("[a]: 1\n").contains(u"cannot be a mapping key"));
    QVERIFY(errorOf("? {a: 1}\n: 1\n").contains(u"file.yaml:1:3: a mapping or sequence cannot be a mapping key"));
}

void TestYamlParser::jsonInput() {
    const std::string json = R"({
	"apiVersion": "v1", "kind": "ConfigMap",
	"metadata": {"name": "x", "labels": {"z": "1", "a": "2"}},
	"data": {"escaped": "tab\tquote\"slash\/u\u00e9", "n": -1.5e3, "list": [1, true, null, {}]}
})";
    auto docs = parse(json);
    QVERIFY2(docs, qPrintable(docs ? QString() : docs.error().toString()));
    QCOMPARE(docs->size(), std::size_t(1));
    QVERIFY(docs->front().value == ordered_json::parse(json));
    QCOMPARE(docs->front().value.dump(), ordered_json::parse(json).dump()); // same order, same types
}

void TestYamlParser::duplicateKeys() {
    QCOMPARE(errorOf("a: 1\nb: 2\na: 3\n"), QStringLiteral("file.yaml:3:1: duplicate mapping key \"a\""));
    QVERIFY(errorOf("m: {x: 1, \"x\": 2}\n").contains(u"file.yaml:1:11: duplicate mapping key \"x\""));
    // Past the size where keys are hashed rather than scanned.
    std::string big;
    for (int i = 0; i < 40; ++i)
        big += "k" + std::to_string(i) + ": v\n";
    QVERIFY(parse(big).has_value());
    QCOMPARE(errorOf(big + "k7: again\n"), QStringLiteral("file.yaml:41:1: duplicate mapping key \"k7\""));
    QVERIFY(errorOf("3: a\n\"3\": b\n").contains(u"duplicate mapping key \"3\""));
}

void TestYamlParser::malformedYamlNamesPosition() {
    const QString unclosed = errorOf("a: 1\nb: [1, 2\nc: 3\n");
    QVERIFY2(unclosed.startsWith(u"file.yaml:3:2: "), qPrintable(unclosed));
    QVERIFY2(unclosed.contains(u"did not find expected ',' or ']'"), qPrintable(unclosed));
    const QString badIndent = errorOf("a:\n  b: 1\n c: 2\n");
    QVERIFY2(badIndent.startsWith(u"file.yaml:3:2: "), qPrintable(badIndent));
    const QString tab = errorOf("a:\n\tb: 1\n");
    QVERIFY2(tab.startsWith(u"file.yaml:2:1: "), qPrintable(tab));
    // Errors are values: the documents before the bad one are not returned half-done.
    QVERIFY(!parse("a: 1\n---\nb: [\n").has_value());
}

void TestYamlParser::nonUtf8IsAnError() {
    const QString latin1 = errorOf("a: ok\nb: caf\xe9\n");
    QVERIFY2(latin1.startsWith(u"file.yaml:2:7: "), qPrintable(latin1));
    QVERIFY2(latin1.contains(u"UTF-8"), qPrintable(latin1));
    QVERIFY(errorOf(std::string_view("a: \0\n", 5)).contains(u"control characters"));
}

void TestYamlParser::billionLaughsIsAnError() {
    std::string yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
        const char prev = char(c - 1);
        yaml += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 9; ++i)
            yaml += std::string(i ? ", *" : "*") + prev;
        yaml += "]\n";
    }
    const QString error = errorOf(yaml);
    QVERIFY2(error.contains(u"aliases expand to more than 100000 nodes"), qPrintable(error));
    QVERIFY2(error.startsWith(u"file.yaml:"), qPrintable(error));
    // The same shape within the limit is fine.
    QVERIFY(parse("a: &a [x, x]\nb: [*a, *a]\n").has_value());
}

void TestYamlParser::deepNestingIsAnError() {
    const std::string brackets(100'000, '[');
    QCOMPARE(errorOf(brackets), QStringLiteral("file.yaml:1:201: nesting deeper than 200 levels"));
    std::string braces;
    for (int i = 0; i < 100'000; ++i)
        braces += "{a: ";
    QCOMPARE(errorOf(braces), QStringLiteral("file.yaml:1:801: nesting deeper than 200 levels"));
    std::string block;
    for (int i = 0; i < 300; ++i)
        block += std::string(std::size_t(i), ' ') + "k:\n";
    QCOMPARE(errorOf(block), QStringLiteral("file.yaml:201:201: nesting deeper than 200 levels"));
    QVERIFY(parse(std::string(200, '[') + std::string(200, ']')).has_value());
    QVERIFY(!parse(std::string(201, '[') + std::string(201, ']')).has_value());
}

void TestYamlParser::deepAliasIsAnError() {
    // 150 levels under an anchor, aliased 100 levels down: 250 levels once expanded.
    const std::string deep = std::string(150, '[') + std::string(150, ']');
    const std::string yaml = "a: &deep " + deep + "\nb: " + std::string(99, '[') + "*deep" + std::string(99, ']') + "\n";
    QVERIFY2(errorOf(yaml).contains(u"alias \"deep\" nests deeper than 200 levels"), qPrintable(errorOf(yaml)));
}

// Nodes are cheap here (one per alias) but bytes are not: 20,000 copies of 64 KiB would
// be 1.3 GB. The parser stops at the 513th alias, the first past 32 MiB.
void TestYamlParser::aliasedBigScalarStopsAtTheByteLimit() {
    std::string yaml = "a: &x " + std::string(64 * 1024, 'x') + "\nlist:\n";
    for (int i = 0; i < 20'000; ++i)
        yaml += "- *x\n";
    QCOMPARE(errorOf(yaml), QStringLiteral("file.yaml:515:3: aliases expand to more than 32.0 MiB (the limit for "
                                           "alias-expanded bytes in one file)"));
    // Bytes inside an anchored collection count, aliases in it expanded: 2 x 64 KiB per *b.
    const std::string nested = "a: &x " + std::string(64 * 1024, 'x') + "\nb: &b [*x, *x]\nc: [*b, *b, *b]\n";
    QCOMPARE(errorOf(nested, YamlLimits{.maxAliasBytes = 5 * 64 * 1024}),
             QStringLiteral("file.yaml:3:9: aliases expand to more than 320.0 KiB (the limit for alias-expanded "
                            "bytes in one file)"));
    QVERIFY(parse(nested, YamlLimits{.maxAliasBytes = 8 * 64 * 1024}).has_value());
}

void TestYamlParser::aliasBytesAreChargedToTheRenderBudget() {
    const std::string yaml = "a: &x " + std::string(1024, 'x') + "\nlist: [*x, *x, *x]\n";
    RenderBudget budget(RenderLimits{.maxAliasBytes = 2048});
    auto docs = parseYamlStream(yaml, kFile, {}, &budget);
    QVERIFY(!docs);
    QCOMPARE(docs.error().message,
             QStringLiteral("over the render budget for alias-expanded bytes: more than 2.0 KiB in one render"));
    QCOMPARE(docs.error().where, QStringLiteral("file.yaml:2:16"));
    QVERIFY(budget.exhausted());
    // Once exhausted, the next file of the same render stops at once.
    auto next = parseYamlStream("k: v\n", QStringLiteral("next.yaml"), {}, &budget);
    QVERIFY(next.has_value()); // no alias in it: nothing charged
    QVERIFY(!parseYamlStream("a: &y v\nb: *y\n", QStringLiteral("next.yaml"), {}, &budget));
}

void TestYamlParser::fileSizeLimit() {
    std::string huge = "k: ";
    huge.append(50u * 1024u * 1024u, 'a');
    huge += '\n';
    QCOMPARE(errorOf(huge), QStringLiteral("file.yaml: file is 50.0 MiB, larger than the 16.0 MiB limit for YAML"));
    QVERIFY(parse("k: v\n", YamlLimits{.maxFileBytes = 5}).has_value());
    QVERIFY(!parse("k: vv\n", YamlLimits{.maxFileBytes = 5}).has_value());
}

void TestYamlParser::documentLimit() {
    const YamlLimits limits{.maxDocuments = 3};
    QVERIFY(parse("a: 1\n---\nb: 2\n---\nc: 3\n", limits).has_value());
    QCOMPARE(errorOf("a: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n", limits), QStringLiteral("file.yaml:6:1: more than 3 documents"));
}

void TestYamlParser::badTagsAndAliases() {
    QCOMPARE(errorOf("v: !!int abc\n"), QStringLiteral("file.yaml:1:4: \"abc\" is not a valid !!int"));
    QVERIFY(errorOf("v: !!bool yes\n").contains(u"is not a valid !!bool"));
    QCOMPARE(errorOf("v: *nope\n"), QStringLiteral("file.yaml:1:4: unknown anchor \"nope\""));
    // An alias inside its own anchor would recurse forever; it is simply not defined yet.
    QVERIFY(errorOf("a: &x [*x]\n").contains(u"unknown anchor \"x\""));
    // Anchors do not leak into the next document.
    QVERIFY(errorOf("a: &x 1\n---\nb: *x\n").contains(u"unknown anchor"));
}

QTEST_GUILESS_MAIN(TestYamlParser)
#include "tst_yamlparser.moc"
