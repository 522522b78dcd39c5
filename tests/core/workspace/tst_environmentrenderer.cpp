// Rendering many environments at once (EnvironmentRenderer::renderAll) through the real
// helm (SYNCLINE_TOOLS_DIR), behind a counting stand-in that logs every `helm template`:
// helm runs at most once per distinct input, in parallel when there are cores for it, and
// a commit changing one values file renders that one input again and nothing else.
#include "support/GitFixture.h"
#include "support/ScriptFile.h"
#include "support/TestTools.h"
#include "workspace/EnvironmentRenderer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace syncline;
using namespace syncline::workspace;
using syncline::test::GitFixture;

namespace {

constexpr qint64 t0 = 1'700'000'000;

// How long a helm template run waits for a second one to start before it says it ran
// alone: generous (a loaded machine still meets well within it) and well inside the
// render's 30 s budget, so renders one after the other fail on "alone", not on time.
constexpr int kRendezvousTenths = 100;

// A `helm` that logs "template <release>" for each render, then runs the real helm. When
// the folder holds a file "rendezvous", the first two renders meet: each waits until two
// have started, so renders that run one after the other leave an "alone" line instead of
// passing by luck of timing.
QString countingHelm(const QTemporaryDir& dir, const QString& realHelm) {
    return test::writeScript(dir.filePath(QStringLiteral("helm")),
                             QStringLiteral("#!/bin/sh\n"
                                            "log='%1'\n"
                                            "if [ \"$1\" = template ]; then\n"
                                            "  echo \"template $2\" >>\"$log\"\n"
                                            "fi\n"
                                            "if [ \"$1\" = template ] && [ -e '%4' ]; then\n"
                                            "  tries=0\n"
                                            "  while [ \"$(grep -c '^template' \"$log\")\" -lt 2 ]; do\n"
                                            "    tries=$((tries + 1))\n"
                                            "    if [ $tries -gt %3 ]; then echo alone >>\"$log\"; break; fi\n"
                                            "    sleep 0.1\n"
                                            "  done\n"
                                            "fi\n"
                                            "exec '%2' \"$@\"\n")
                                 .arg(dir.filePath(QStringLiteral("calls.log")), realHelm)
                                 .arg(kRendezvousTenths)
                                 .arg(dir.filePath(QStringLiteral("rendezvous")))
                                 .toUtf8());
}

QStringList loggedCalls(const QTemporaryDir& dir) {
    QFile log(dir.filePath(QStringLiteral("calls.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

qsizetype templateRuns(const QStringList& calls) {
    return std::count_if(calls.begin(), calls.end(),
                         [](const QString& line) { return line.startsWith(QLatin1String("template")); });
}

// One chart with a values file per stage (outside the chart: a file inside it is an input of
// every render of the chart, as templates may read it through .Files), and a kustomize
// overlay beside it.
void writeRepository(GitFixture& repo) {
    repo.writeFile(QStringLiteral("charts/web/Chart.yaml"), "apiVersion: v2\nname: web\nversion: 1.0.0\n");
    repo.writeFile(QStringLiteral("charts/web/values.yaml"), "tier: base\nreplicas: 1\n");
    for (const char* stage : {"dev", "staging", "prod"})
        repo.writeFile(QStringLiteral("envs/%1/web.yaml").arg(QLatin1String(stage)), QByteArray("tier: ") + stage + "\n");
    repo.writeFile(QStringLiteral("charts/web/templates/settings.yaml"),
                   "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\n"
                   "data:\n  tier: {{ .Values.tier | quote }}\n  replicas: {{ .Values.replicas | quote }}\n");
    repo.writeFile(QStringLiteral("apps/api/base/kustomization.yaml"), "resources:\n- settings.yaml\n");
    repo.writeFile(QStringLiteral("apps/api/base/settings.yaml"),
                   "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  tier: base\n");
    repo.writeFile(QStringLiteral("apps/api/overlays/prod/kustomization.yaml"),
                   "namespace: api-prod\nresources:\n- ../../base\n");
    repo.commitAll(QStringLiteral("charts and overlays"), t0);
}

Environment helmEnvironment(const QString& name, const QString& stage) {
    Environment environment;
    environment.name = name;
    environment.path = QStringLiteral("charts/web");
    environment.renderer = RendererChoice::Helm;
    environment.defaultNamespace = QStringLiteral("web-") + stage;
    environment.helm = manifest::HelmSource{.releaseName = QStringLiteral("web"),
                                            .valueFiles = {QStringLiteral("$values/envs/%1/web.yaml").arg(stage)}};
    return environment;
}

// dev, staging, prod, a second prod with the very same inputs (another cluster fed the
// same), and a kustomize overlay.
std::vector<Environment> environments() {
    Environment api;
    api.name = QStringLiteral("api-prod");
    api.path = QStringLiteral("apps/api/overlays/prod");
    api.renderer = RendererChoice::Kustomize;
    return {helmEnvironment(QStringLiteral("web-dev"), QStringLiteral("dev")),
            helmEnvironment(QStringLiteral("web-staging"), QStringLiteral("staging")),
            helmEnvironment(QStringLiteral("web-prod"), QStringLiteral("prod")),
            helmEnvironment(QStringLiteral("web-prod-mirror"), QStringLiteral("prod")), api};
}

QString tierOf(const util::Result<RenderedEnvironment>& rendered) {
    if (!rendered)
        return QStringLiteral("error: ") + rendered.error().toString();
    if (!rendered->result.errors.empty())
        return QStringLiteral("render error: ") + rendered->result.errors.front().toString();
    if (rendered->result.objects.size() != 1)
        return QStringLiteral("%1 objects").arg(rendered->result.objects.size());
    return QString::fromStdString(rendered->result.objects.front().body["data"]["tier"].get<std::string>());
}

} // namespace

class TestEnvironmentRenderer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void helmRunsOncePerDistinctInputInParallel();
    void aOneFileCommitRendersOnlyThatInputAgain();
    void anEnvironmentThatCannotRenderLeavesTheOthers();

private:
    std::unique_ptr<EnvironmentRenderer> rendererFor(const GitFixture& repo) const {
        auto renderer = std::make_unique<EnvironmentRenderer>(test::openRepository(repo.path()));
        manifest::RenderOptions options;
        options.helmBinary = m_helm;
        renderer->setRenderOptions(options);
        return renderer;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_helm;
};

void TestEnvironmentRenderer::init() {
    const test::TestTool helm = test::testTool(QStringLiteral("helm"));
    if (!helm.found())
        QSKIP(qPrintable(QStringLiteral("rendering many Helm environments was NOT checked: ") + helm.whyMissing));
    m_dir = std::make_unique<QTemporaryDir>();
    m_helm = countingHelm(*m_dir, helm.path);
    QVERIFY(!m_helm.isEmpty());
}

void TestEnvironmentRenderer::helmRunsOncePerDistinctInputInParallel() {
    GitFixture repo;
    writeRepository(repo);
    auto renderer = rendererFor(repo);
    QFile rendezvous(m_dir->filePath(QStringLiteral("rendezvous")));
    QVERIFY(rendezvous.open(QIODevice::WriteOnly));
    const auto rendered = renderer->renderAll(environments());

    QCOMPARE(rendered.size(), std::size_t(5));
    QCOMPARE(tierOf(rendered[0]), QStringLiteral("dev"));
    QCOMPARE(tierOf(rendered[1]), QStringLiteral("staging"));
    QCOMPARE(tierOf(rendered[2]), QStringLiteral("prod"));
    QCOMPARE(tierOf(rendered[3]), QStringLiteral("prod"));
    QCOMPARE(rendered[3]->environment, QStringLiteral("web-prod-mirror"));
    QCOMPARE(tierOf(rendered[4]), QStringLiteral("base"));
    QCOMPARE(rendered[4]->result.objects.front().key.namespaceName, QStringLiteral("api-prod"));

    const QStringList calls = loggedCalls(*m_dir);
    QCOMPARE(templateRuns(calls), 3); // dev, staging, prod: the mirror shares prod's render
    if (QThread::idealThreadCount() < 2)
        QSKIP("one core: the renders cannot overlap here (checked on machines with two or more)");
    QVERIFY2(!calls.contains(QStringLiteral("alone")), qPrintable(calls.join(QLatin1String("; "))));
}

void TestEnvironmentRenderer::aOneFileCommitRendersOnlyThatInputAgain() {
    GitFixture repo;
    writeRepository(repo);
    auto renderer = rendererFor(repo);
    QCOMPARE(renderer->renderAll(environments()).size(), std::size_t(5));
    QCOMPARE(templateRuns(loggedCalls(*m_dir)), 3);

    repo.writeFile(QStringLiteral("envs/prod/web.yaml"), "tier: prod-2\n");
    repo.commitAll(QStringLiteral("prod tier"), t0 + 60);
    const auto rendered = renderer->renderAll(environments());
    QCOMPARE(tierOf(rendered[0]), QStringLiteral("dev"));
    QCOMPARE(tierOf(rendered[2]), QStringLiteral("prod-2"));
    QCOMPARE(tierOf(rendered[3]), QStringLiteral("prod-2"));
    QCOMPARE(templateRuns(loggedCalls(*m_dir)), 4);     // prod (and its mirror) once more, nothing else
    QCOMPARE(renderer->cache().hits(), std::size_t(3)); // dev, staging, the overlay

    // Rendering the same commit again runs no helm at all.
    renderer->renderAll(environments());
    QCOMPARE(templateRuns(loggedCalls(*m_dir)), 4);

    // A change to the chart itself is an input of each of its distinct renders, once.
    repo.writeFile(QStringLiteral("charts/web/values.yaml"), "tier: base\nreplicas: 2\n");
    repo.commitAll(QStringLiteral("two replicas"), t0 + 120);
    const auto again = renderer->renderAll(environments());
    QCOMPARE(templateRuns(loggedCalls(*m_dir)), 7);
    QCOMPARE(again[0]->result.objects.front().body["data"]["replicas"].get<std::string>(), std::string("2"));
    QCOMPARE(tierOf(again[4]), QStringLiteral("base"));
}

void TestEnvironmentRenderer::anEnvironmentThatCannotRenderLeavesTheOthers() {
    GitFixture repo;
    writeRepository(repo);
    auto renderer = rendererFor(repo);
    std::vector<Environment> all = environments();
    all[1].branch = QStringLiteral("no-such-branch");
    all[0].helm->valueFiles = QStringList{QStringLiteral("values-missing.yaml")};
    const auto rendered = renderer->renderAll(all);
    QVERIFY(!rendered[1]);
    QCOMPARE(rendered[1].error().message, QStringLiteral("branch 'no-such-branch' does not exist"));
    QVERIFY(rendered[0]);
    QVERIFY(tierOf(rendered[0]).contains(QLatin1String("value file 'charts/web/values-missing.yaml' does not exist")));
    QCOMPARE(tierOf(rendered[2]), QStringLiteral("prod"));
    QCOMPARE(tierOf(rendered[4]), QStringLiteral("base"));
}

QTEST_GUILESS_MAIN(TestEnvironmentRenderer)
#include "tst_environmentrenderer.moc"
