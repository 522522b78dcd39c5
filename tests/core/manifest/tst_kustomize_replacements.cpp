// kustomize `replacements`, native against `kubectl kustomize` on the fixtures in
// tests/data/kustomize-replacements (committed to a scratch Git repository; the native
// renderer reads the Git tree, kubectl the checked-out files):
// - cases/<name>: byte-identical output, rendered natively; kubectl's output is committed
//   as tests/data/golden/kustomize-replacements/<name>.yaml, so this runs without kubectl
//   (and checks the golden file against kubectl when one is on PATH);
// - failing/<name>: both refuse it; expect.txt holds what kubectl says and what
//   Syncline says (one line each, "kubectl: ..." and "native: ..."); without kubectl only
//   Syncline's refusal is checked;
// - external/<name>: what the native renderer does not reproduce exactly goes to
//   kubectl kustomize with the reason shown (expect.txt: "reason: ..."); without a
//   kubectl, that reason is the error.

#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/Renderer.h"
#include "manifest/YamlWriter.h"
#include "support/GitFixture.h"
#include "support/GoldenFile.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace syncline;
using namespace syncline::manifest;

namespace {

QString fixtureRoot() {
    return qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/kustomize-replacements");
}

QStringList caseNames(const QString& group) {
    return QDir(fixtureRoot() + QLatin1Char('/') + group).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
}

// "key: value" lines of a case's expect.txt.
QString expectation(const QString& folder, const QString& key) {
    QFile file(fixtureRoot() + QLatin1Char('/') + folder + QStringLiteral("/expect.txt"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString prefix = key + QStringLiteral(": ");
    for (const QString& line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size());
    }
    return {};
}

struct KubectlRun {
    int exitCode = -1;
    QByteArray output;
    QString errors;
};

KubectlRun kubectlKustomize(const QString& kubectlBinary, const QString& folder) {
    QProcess kubectl;
    kubectl.start(kubectlBinary, {QStringLiteral("kustomize"), folder});
    KubectlRun run;
    if (!kubectl.waitForFinished(60000))
        return run;
    run.exitCode = kubectl.exitCode();
    run.output = kubectl.readAllStandardOutput();
    run.errors = QString::fromUtf8(kubectl.readAllStandardError());
    return run;
}

QByteArray yamlOf(const RenderResult& result) {
    std::vector<nlohmann::ordered_json> documents;
    for (const ManifestObject& object : result.objects)
        documents.push_back(object.body);
    return QByteArray::fromStdString(writeYamlStream(documents));
}

QString errorsOf(const RenderResult& result) {
    QString errors;
    for (const auto& error : result.errors)
        errors += error.toString() + QLatin1Char('\n');
    return errors;
}

void addRows(const QString& group) {
    QTest::addColumn<QString>("folder");
    for (const QString& name : caseNames(group))
        QTest::newRow(qPrintable(name)) << group + QLatin1Char('/') + name;
}

} // namespace

class TestKustomizeReplacements : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesKubectl_data() { addRows(QStringLiteral("cases")); }
    void matchesKubectl();
    void failsLikeKubectl_data() { addRows(QStringLiteral("failing")); }
    void failsLikeKubectl();
    void handedToKubectlWithTheReason_data() { addRows(QStringLiteral("external")); }
    void handedToKubectlWithTheReason();
    void hostileFieldPathsAreBounded();

private:
    RenderResult renderNative(const QString& folder, const QString& kubectl) const;

    std::unique_ptr<test::GitFixture> m_repo;
    std::shared_ptr<const git::Repository> m_repository;
    QString m_commit;
    QString m_kubectl; // empty: none on PATH
};

void TestKustomizeReplacements::initTestCase() {
    m_kubectl = test::liveKubectl();
    QVERIFY2(caseNames(QStringLiteral("cases")).size() >= 5, qPrintable(fixtureRoot()));
    m_repo = std::make_unique<test::GitFixture>();
    m_repo->writeFolder(fixtureRoot());
    m_commit = m_repo->commitAll(QStringLiteral("replacements"), 1700000000);
    auto repository = git::Repository::open(m_repo->path());
    QVERIFY2(repository, qPrintable(repository ? QString() : repository.error().toString()));
    m_repository = std::make_shared<const git::Repository>(std::move(*repository));
}

RenderResult TestKustomizeReplacements::renderNative(const QString& folder, const QString& kubectl) const {
    auto snapshot = git::TreeSnapshot::atRevision(m_repository, m_commit);
    if (!snapshot)
        return {};
    GitTreeFileSource source(*snapshot);
    RenderOptions options;
    options.kubectlBinary = kubectl;
    return render(source, folder, RendererKind::Kustomize, options);
}

void TestKustomizeReplacements::matchesKubectl() {
    QFETCH(QString, folder);
    std::optional<QByteArray> live;
    if (!m_kubectl.isEmpty()) {
        const KubectlRun run = kubectlKustomize(m_kubectl, m_repo->filePath(folder));
        QVERIFY2(run.exitCode == 0, qPrintable(run.errors));
        live = run.output;
    }
    const auto golden = test::GoldenFile(QStringLiteral("kustomize-replacements/%1.yaml")
                                             .arg(test::GoldenFile::fileNameOf(QString::fromUtf8(QTest::currentDataTag()))))
                            .expected(live);
    QVERIFY2(golden.problem.isEmpty(), qPrintable(golden.problem));

    const RenderResult result = renderNative(folder, m_kubectl);
    QVERIFY2(result.errors.empty(), qPrintable(errorsOf(result)));
    QVERIFY2(result.renderer == QStringLiteral("kustomize (native)"), qPrintable(result.warnings.join(QLatin1Char('\n'))));
    const QByteArray actual = yamlOf(result);
    if (actual != golden.bytes)
        qWarning().noquote() << "native:\n" << actual << "\nkubectl (golden):\n" << golden.bytes;
    QCOMPARE(actual, golden.bytes);
}

void TestKustomizeReplacements::failsLikeKubectl() {
    QFETCH(QString, folder);
    const QString kubectlSays = expectation(folder, QStringLiteral("kubectl"));
    const QString nativeSays = expectation(folder, QStringLiteral("native"));
    QVERIFY2(!kubectlSays.isEmpty() && !nativeSays.isEmpty(), "expect.txt needs a kubectl: and a native: line");
    if (!m_kubectl.isEmpty()) {
        const KubectlRun kubectl = kubectlKustomize(m_kubectl, m_repo->filePath(folder));
        QVERIFY2(kubectl.exitCode != 0, "kubectl kustomize accepted it");
        QVERIFY2(kubectl.errors.contains(kubectlSays), qPrintable(kubectl.errors));
    }

    const RenderResult result = renderNative(folder, m_kubectl);
    QCOMPARE(result.renderer, QStringLiteral("kustomize (native)"));
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.contains(nativeSays), qPrintable(result.errors[0].toString()));
    // Where: the kustomization (or replacements file) the replacement comes from.
    QVERIFY2(result.errors[0].where.startsWith(folder + QLatin1Char('/')), qPrintable(result.errors[0].toString()));
}

void TestKustomizeReplacements::handedToKubectlWithTheReason() {
    QFETCH(QString, folder);
    const QString reason = expectation(folder, QStringLiteral("reason"));
    QVERIFY2(!reason.isEmpty(), "expect.txt needs a reason: line");

    const RenderResult without = renderNative(folder, QStringLiteral("/nonexistent/kubectl"));
    QVERIFY(without.objects.empty());
    QCOMPARE(without.errors.size(), std::size_t(1));
    QVERIFY2(without.errors[0].message.contains(reason), qPrintable(without.errors[0].toString()));
    QVERIFY2(without.errors[0].message.endsWith(QStringLiteral("install kubectl (or kustomize) to render it")),
             qPrintable(without.errors[0].toString()));

    if (m_kubectl.isEmpty())
        QSKIP("kubectl is not on PATH: the hand-over to kubectl kustomize was NOT checked (the refusal without it was)");
    const KubectlRun expected = kubectlKustomize(m_kubectl, m_repo->filePath(folder));
    QVERIFY2(expected.exitCode == 0, qPrintable(expected.errors));
    const RenderResult result = renderNative(folder, m_kubectl);
    QVERIFY2(result.errors.empty(), qPrintable(errorsOf(result)));
    QCOMPARE(result.renderer, QStringLiteral("kubectl kustomize (external)"));
    QCOMPARE(result.warnings.size(), 1);
    QVERIFY2(result.warnings[0].contains(reason), qPrintable(result.warnings[0]));
    QVERIFY2(result.warnings[0].endsWith(QStringLiteral("; rendered with kubectl kustomize")), qPrintable(result.warnings[0]));
    QCOMPARE(yamlOf(result), expected.output);
}

// A repository's replacement cannot make the renderer recurse or scan without bound: a
// created path 5,000 fields deep and a 5,000-character list pattern are errors naming them.
void TestKustomizeReplacements::hostileFieldPathsAreBounded() {
    test::GitFixture repo;
    QString deep;
    for (int i = 0; i < 5000; ++i)
        deep += QStringLiteral("a.");
    const QByteArray pattern(5000, 'x');
    repo.writeFile(QStringLiteral("base/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: y\n");
    repo.writeFile(QStringLiteral("base/kustomization.yaml"), "resources: [cm.yaml]\n");
    repo.writeFile(QStringLiteral("deep/kustomization.yaml"),
                   "resources: [../base]\nreplacements:\n- source: {kind: ConfigMap, fieldPath: data.x}\n  targets:\n"
                   "  - select: {kind: ConfigMap}\n    options: {create: true}\n    fieldPaths: [" +
                       deep.toUtf8() + "end]\n");
    repo.writeFile(QStringLiteral("long/kustomization.yaml"),
                   "resources: [../base]\nreplacements:\n- source: {kind: ConfigMap, fieldPath: data.x}\n  targets:\n"
                   "  - select: {kind: ConfigMap}\n    fieldPaths: [\"data.[x=" +
                       pattern + "]\"]\n");
    repo.commitAll(QStringLiteral("hostile"), 1700000000);
    auto repository = git::Repository::open(repo.path());
    QVERIFY(repository);
    auto snapshot =
        git::TreeSnapshot::atRevision(std::make_shared<const git::Repository>(std::move(*repository)), QStringLiteral("HEAD"));
    QVERIFY(snapshot);
    GitTreeFileSource source(*snapshot);
    const RenderResult deepResult = render(source, QStringLiteral("deep"), RendererKind::Kustomize);
    QCOMPARE(deepResult.errors.size(), std::size_t(1));
    QVERIFY2(deepResult.errors[0].message.contains(QLatin1String("a field path of more than 64 parts")),
             qPrintable(deepResult.errors[0].toString()));
    QCOMPARE(deepResult.errors[0].where, QStringLiteral("deep/kustomization.yaml"));
    const RenderResult longResult = render(source, QStringLiteral("long"), RendererKind::Kustomize);
    QCOMPARE(longResult.errors.size(), std::size_t(1));
    QVERIFY2(longResult.errors[0].message.contains(QLatin1String("is longer than 4096 characters")),
             qPrintable(longResult.errors[0].toString()));
}

QTEST_GUILESS_MAIN(TestKustomizeReplacements)
#include "tst_kustomize_replacements.moc"
