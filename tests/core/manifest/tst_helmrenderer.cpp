// The Helm renderer against the real `helm template` (built from its pinned Go module into
// SYNCLINE_TOOLS_DIR): the fixture chart (tests/data/helm) is committed to a scratch
// repository; Syncline renders it from the Git tree, helm is run by hand on the checked
// out files with the same inputs, and the objects must be the same, in the same order.

#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/HelmRenderer.h"
#include "manifest/Hooks.h"
#include "manifest/RenderCache.h"
#include "manifest/Renderer.h"
#include "manifest/YamlParser.h"
#include "support/GitFixture.h"
#include "support/TestTools.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>

using namespace syncline;
using namespace syncline::manifest;

Q_DECLARE_METATYPE(syncline::manifest::HelmSource)

namespace {

const QString kChart = QStringLiteral("apps/webapp");

QString fixtureDir() { return qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/helm"); }

QString errorsOf(const RenderResult& result) {
    QStringList lines;
    for (const auto& error : result.errors)
        lines << error.toString();
    return lines.join(QLatin1Char('\n'));
}

// The desired objects, then the hooks (Helm hooks are Argo CD hooks: kept apart).
QStringList bodiesOf(const RenderResult& result) {
    QStringList bodies;
    for (const auto* group : {&result.objects, &result.hooks})
        for (const ManifestObject& object : *group)
            bodies << QString::fromStdString(object.body.dump());
    return bodies;
}

QStringList namesOf(const RenderResult& result) {
    QStringList names;
    for (const ManifestObject& object : result.objects)
        names << object.key.kind + QLatin1Char('/') + object.key.name;
    return names;
}

// A scratch repository holding the fixture chart, rendered at its commits.
class Repo {
public:
    Repo() { m_fixture.writeFolder(fixtureDir()); }
    test::GitFixture& fixture() { return m_fixture; }
    QString commit() {
        ++m_count;
        return m_fixture.commitAll(QStringLiteral("change %1").arg(m_count), 1700000000 + m_count);
    }
    std::unique_ptr<GitTreeFileSource> source(const QString& commit) {
        if (!m_repository) {
            auto repository = git::Repository::open(m_fixture.path());
            if (!repository)
                return nullptr;
            m_repository = std::make_shared<const git::Repository>(std::move(*repository));
        }
        auto snapshot = git::TreeSnapshot::atRevision(m_repository, commit);
        return snapshot ? std::make_unique<GitTreeFileSource>(*snapshot) : nullptr;
    }

private:
    test::GitFixture m_fixture;
    std::shared_ptr<const git::Repository> m_repository;
    int m_count = 0;
};

// `helm template` run by hand on the checked-out chart, in a scratch HOME.
QByteArray helmTemplate(const QString& helm, const QStringList& arguments, QString* errors = nullptr) {
    QTemporaryDir home;
    QProcess process;
    QProcessEnvironment environment;
    environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
    environment.insert(QStringLiteral("HOME"), home.path());
    process.setProcessEnvironment(environment);
    process.start(helm, arguments);
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        if (errors)
            *errors = QString::fromUtf8(process.readAllStandardError());
        return {};
    }
    return process.readAllStandardOutput();
}

QStringList bodiesOf(const QByteArray& stream) {
    QStringList bodies;
    auto documents = parseYamlStream(std::string_view(stream.constData(), std::size_t(stream.size())), QStringLiteral("helm"));
    if (!documents)
        return {QStringLiteral("unparsable: ") + documents.error().toString()};
    QStringList hooks;
    for (const YamlDocument& document : *documents)
        (isHook(document.value) ? hooks : bodies) << QString::fromStdString(document.value.dump());
    return bodies + hooks;
}

// A stand-in for helm that answers `helm version` and then hangs, after leaving a mark
// that it runs (so the test cancels a running helm, not one that has not started).
QString hangingHelm(const QTemporaryDir& dir) {
    const QString path = dir.filePath(QStringLiteral("helm"));
    QFile script(path);
    if (!script.open(QIODevice::WriteOnly))
        return {};
    script.write(QStringLiteral("#!/bin/sh\nif [ \"$1\" = version ]; then echo v0.0.0-hanging; exit 0; fi\n"
                                "touch '%1'\nexec sleep 120\n")
                     .arg(dir.filePath(QStringLiteral("running")))
                     .toUtf8());
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

} // namespace

class TestHelmRenderer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesHelmTemplate_data();
    void matchesHelmTemplate();
    void autoRendersAChartFolder();
    void withoutHelmOnlyTheChartFails();
    void helmErrorsNameRepositoryFiles();
    void cachedByItsInputs();
    void clusterCapabilitiesReachHelm_data();
    void clusterCapabilitiesReachHelm();
    void clusterCapabilitiesAreInTheCacheKey();
    void symlinkOutOfTheRepositoryIsRefused();
    void hugeOutputIsStopped();
    void hangingHelmTimesOut();
    void cancellingStopsHelm();

private:
    RenderOptions options(std::optional<HelmSource> helm = std::nullopt) const {
        RenderOptions o;
        o.helm = std::move(helm);
        o.helmBinary = m_helm;
        return o;
    }

    QString m_helm;
    std::unique_ptr<Repo> m_repo;
    QString m_commit;
};

void TestHelmRenderer::initTestCase() {
    const test::TestTool helm = test::testTool(QStringLiteral("helm"));
    if (!helm.found())
        QSKIP(qPrintable(QStringLiteral("the Helm renderer was NOT checked against helm: ") + helm.whyMissing));
    m_helm = helm.path;
    QVERIFY2(QFile::exists(fixtureDir() + QStringLiteral("/apps/webapp/Chart.yaml")), qPrintable(fixtureDir()));
    m_repo = std::make_unique<Repo>();
    m_repo->fixture().writeFile(QStringLiteral("plain/cm.yaml"),
                                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  k: v\n");
    m_commit = m_repo->commit();
}

void TestHelmRenderer::matchesHelmTemplate_data() {
    QTest::addColumn<HelmSource>("helm");
    // What helm is run with by hand, after `template RELEASE CHART`; CHART/ and REPO/ are
    // replaced with the checked-out chart and repository.
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QByteArray>("inlineValues");

    QTest::newRow("chart defaults with its CRDs and subchart")
        << HelmSource{.releaseName = QStringLiteral("web"), .namespace_ = QStringLiteral("shop")}
        << QStringList{QStringLiteral("--namespace"), QStringLiteral("shop"), QStringLiteral("--include-crds")} << QByteArray();
    QTest::newRow("value files in order, $values from the repository root")
        << HelmSource{.releaseName = QStringLiteral("web"),
                      .namespace_ = QStringLiteral("shop"),
                      .valueFiles = {QStringLiteral("values-staging.yaml"), QStringLiteral("$values/envs/prod/values.yaml")}}
        << QStringList{QStringLiteral("--namespace"),
                       QStringLiteral("shop"),
                       QStringLiteral("-f"),
                       QStringLiteral("CHART/values-staging.yaml"),
                       QStringLiteral("-f"),
                       QStringLiteral("REPO/envs/prod/values.yaml"),
                       QStringLiteral("--include-crds")}
        << QByteArray();
    QTest::newRow("inline values after the files, --set last (a comma stays in the value)")
        << HelmSource{.releaseName = QStringLiteral("shop-web"),
                      .namespace_ = QStringLiteral("prod"),
                      .valueFiles = {QStringLiteral("values-staging.yaml")},
                      .values = QStringLiteral("replicaCount: 7\nextra: from-inline\nenv: inline\n"),
                      .parameters = {{QStringLiteral("extra"), QStringLiteral("a,b")},
                                     {QStringLiteral("image.tag"), QStringLiteral("9.9")}}}
        << QStringList{QStringLiteral("--namespace"),
                       QStringLiteral("prod"),
                       QStringLiteral("-f"),
                       QStringLiteral("CHART/values-staging.yaml"),
                       QStringLiteral("-f"),
                       QStringLiteral("INLINE"),
                       QStringLiteral("--set"),
                       QStringLiteral("extra=a\\,b"),
                       QStringLiteral("--set"),
                       QStringLiteral("image.tag=9.9"),
                       QStringLiteral("--include-crds")}
        << QByteArray("replicaCount: 7\nextra: from-inline\nenv: inline\n");
    QTest::newRow("no CRDs, the cluster's kube version and API versions")
        << HelmSource{.releaseName = QStringLiteral("web"),
                      .includeCrds = false,
                      .kubeVersion = QStringLiteral("1.31.0"),
                      .apiVersions = {QStringLiteral("monitoring.coreos.com/v1")}}
        << QStringList{QStringLiteral("--kube-version"), QStringLiteral("1.31.0"), QStringLiteral("--api-versions"),
                       QStringLiteral("monitoring.coreos.com/v1")}
        << QByteArray();
}

void TestHelmRenderer::matchesHelmTemplate() {
    QFETCH(HelmSource, helm);
    QFETCH(QStringList, flags);
    QFETCH(QByteArray, inlineValues);

    QTemporaryDir scratch;
    const QString inlineFile = scratch.filePath(QStringLiteral("inline.yaml"));
    QFile inlineOut(inlineFile);
    QVERIFY(inlineOut.open(QIODevice::WriteOnly));
    inlineOut.write(inlineValues);
    inlineOut.close();
    QStringList arguments{QStringLiteral("template"), helm.releaseName, m_repo->fixture().filePath(kChart)};
    for (QString flag : flags) {
        flag.replace(QStringLiteral("CHART/"), m_repo->fixture().filePath(kChart) + QLatin1Char('/'));
        flag.replace(QStringLiteral("REPO/"), m_repo->fixture().path() + QLatin1Char('/'));
        flag.replace(QStringLiteral("INLINE"), inlineFile);
        arguments << flag;
    }
    QString helmErrors;
    const QByteArray expected = helmTemplate(m_helm, arguments, &helmErrors);
    QVERIFY2(!expected.isEmpty(), qPrintable(helmErrors));

    auto source = m_repo->source(m_commit);
    QVERIFY(source);
    const RenderResult result = render(*source, kChart, RendererKind::Helm, options(helm));
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(result.renderer, QStringLiteral("helm"));
    QVERIFY(result.cacheable);
    QCOMPARE(bodiesOf(result), bodiesOf(expected));
    // Each object names the template it came from, as a repository path.
    for (const ManifestObject& object : result.objects)
        QVERIFY2(object.source.file.startsWith(kChart + QLatin1Char('/')), qPrintable(object.source.file));
}

// Argo CD's order: a kustomization first, then a chart. The chart used to fail with
// "Chart.yaml: object has no apiVersion or kind".
void TestHelmRenderer::autoRendersAChartFolder() {
    auto source = m_repo->source(m_commit);
    QVERIFY(source);
    const RenderResult result = render(*source, kChart, RendererKind::Auto, options());
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(result.renderer, QStringLiteral("helm"));
    QVERIFY2(namesOf(result).contains(QStringLiteral("Deployment/release-name-webapp")), qPrintable(namesOf(result).join(u' ')));
    QVERIFY(namesOf(result).contains(QStringLiteral("Service/release-name-cache")));                   // the subchart
    QVERIFY(namesOf(result).contains(QStringLiteral("CustomResourceDefinition/widgets.example.com"))); // crds/
}

void TestHelmRenderer::withoutHelmOnlyTheChartFails() {
    QTemporaryDir emptyPath;
    const QByteArray path = qgetenv("PATH");
    qputenv("PATH", emptyPath.path().toUtf8());
    auto source = m_repo->source(m_commit);
    QVERIFY(source);
    const RenderResult chart = render(*source, kChart, RendererKind::Auto, RenderOptions{});
    const RenderResult plain = render(*source, QStringLiteral("plain"), RendererKind::Auto, RenderOptions{});
    qputenv("PATH", path);

    QVERIFY(chart.objects.empty());
    QCOMPARE(chart.errors.size(), std::size_t(1));
    QCOMPARE(chart.errors[0].message, QStringLiteral("Helm charts need helm on PATH"));
    QCOMPARE(chart.errors[0].where, kChart);
    QVERIFY2(!chart.cacheable, "installing helm must render the chart without a new commit");
    QVERIFY2(plain.ok(), qPrintable(errorsOf(plain)));
    QCOMPARE(namesOf(plain), QStringList{QStringLiteral("ConfigMap/plain")});
}

void TestHelmRenderer::helmErrorsNameRepositoryFiles() {
    Repo repo;
    repo.fixture().writeFile(QStringLiteral("charts/broken/Chart.yaml"), "apiVersion: v2\nname: broken\nversion: 0.1.0\n");
    repo.fixture().writeFile(
        QStringLiteral("charts/broken/templates/cm.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.name | required \"name is required\" }}\n");
    auto source = repo.source(repo.commit());
    QVERIFY(source);
    const RenderResult result = render(*source, QStringLiteral("charts/broken"), RendererKind::Helm, options());
    QCOMPARE(result.errors.size(), std::size_t(1));
    const QString message = result.errors[0].message;
    QVERIFY2(message.contains(QLatin1String("name is required")), qPrintable(message));
    QVERIFY2(message.contains(QLatin1String("broken/templates/cm.yaml")), qPrintable(message));
    QVERIFY2(!message.contains(QDir::tempPath()), qPrintable(message)); // no scratch paths
    QCOMPARE(result.errors[0].where, QStringLiteral("charts/broken"));
}

// One helm run per distinct input: the same chart and values again is a hit; another
// values digest, release, or a changed value file is a miss; an unrelated commit is a hit.
void TestHelmRenderer::cachedByItsInputs() {
    Repo repo;
    const QString first = repo.commit();
    const HelmSource helm{.releaseName = QStringLiteral("web"),
                          .namespace_ = QStringLiteral("shop"),
                          .valueFiles = {QStringLiteral("$values/envs/prod/values.yaml")}};
    RenderCache cache;
    auto source = repo.source(first);
    QVERIFY(source);
    const RenderResult cold = cache.render(*source, kChart, RendererKind::Helm, options(helm));
    QVERIFY2(cold.ok(), qPrintable(errorsOf(cold)));
    const RenderResult warm = cache.render(*source, kChart, RendererKind::Helm, options(helm));
    QCOMPARE(cache.misses(), std::size_t(1));
    QCOMPARE(cache.hits(), std::size_t(1));
    QCOMPARE(warm.cacheKey, cold.cacheKey);

    HelmSource otherValues = helm;
    otherValues.parameters = {{QStringLiteral("replicaCount"), QStringLiteral("9")}};
    const RenderResult set = cache.render(*source, kChart, RendererKind::Helm, options(otherValues));
    QCOMPARE(cache.misses(), std::size_t(2));
    QVERIFY(set.cacheKey != cold.cacheKey);
    HelmSource otherRelease = helm;
    otherRelease.releaseName = QStringLiteral("web2");
    cache.render(*source, kChart, RendererKind::Helm, options(otherRelease));
    QCOMPARE(cache.misses(), std::size_t(3));

    repo.fixture().writeFile(QStringLiteral("README.md"), "unrelated\n");
    auto unrelated = repo.source(repo.commit());
    QVERIFY(unrelated);
    cache.render(*unrelated, kChart, RendererKind::Helm, options(helm));
    QCOMPARE(cache.misses(), std::size_t(3));

    repo.fixture().writeFile(QStringLiteral("envs/prod/values.yaml"), "replicaCount: 11\n");
    auto changed = repo.source(repo.commit());
    QVERIFY(changed);
    const RenderResult after = cache.render(*changed, kChart, RendererKind::Helm, options(helm));
    QCOMPARE(cache.misses(), std::size_t(4));
    QVERIFY2(after.ok(), qPrintable(errorsOf(after)));
    bool sawReplicas = false;
    for (const ManifestObject& object : after.objects)
        if (object.key.kind == QLatin1String("Deployment"))
            sawReplicas = object.body["spec"]["replicas"] == 11;
    QVERIFY2(sawReplicas, "the changed value file was not used");
}

namespace {

const QString kCapabilitiesChart = QStringLiteral("charts/capabilities");

// A repository holding tests/data/helm-capabilities: a chart that branches on
// semverCompare over .Capabilities.KubeVersion and on .Capabilities.APIVersions.Has.
std::unique_ptr<GitTreeFileSource> capabilitiesSource(test::GitFixture& repo) {
    for (const QString& file : {QStringLiteral("Chart.yaml"), QStringLiteral("templates/capabilities.yaml")}) {
        QFile in(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/helm-capabilities/") + file);
        if (!in.open(QIODevice::ReadOnly))
            return nullptr;
        repo.writeFile(kCapabilitiesChart + QLatin1Char('/') + file, in.readAll());
    }
    const QString commit = repo.commitAll(QStringLiteral("capabilities chart"), 1700000000);
    auto repository = git::Repository::open(repo.path());
    if (!repository)
        return nullptr;
    auto snapshot = git::TreeSnapshot::atRevision(std::make_shared<const git::Repository>(std::move(*repository)), commit);
    return snapshot ? std::make_unique<GitTreeFileSource>(*snapshot) : nullptr;
}

const ClusterCapabilities kOldClusterWithMonitoring{QStringLiteral("v1.29.3"),
                                                    {QStringLiteral("apps/v1"), QStringLiteral("apps/v1/Deployment"),
                                                     QStringLiteral("monitoring.coreos.com/v1"),
                                                     QStringLiteral("monitoring.coreos.com/v1/ServiceMonitor")}};

} // namespace

Q_DECLARE_METATYPE(std::optional<syncline::manifest::ClusterCapabilities>)

void TestHelmRenderer::clusterCapabilitiesReachHelm_data() {
    QTest::addColumn<std::optional<ClusterCapabilities>>("cluster");
    QTest::addColumn<HelmSource>("helm");
    QTest::addColumn<QStringList>("flags"); // what `helm template` is run with by hand
    QTest::addColumn<QString>("policy");

    const HelmSource plain{.releaseName = QStringLiteral("web")};
    QTest::newRow("no cluster: helm's defaults")
        << std::optional<ClusterCapabilities>() << plain << QStringList() << QStringLiteral("recent");
    QStringList oldFlags{QStringLiteral("--kube-version"), kOldClusterWithMonitoring.kubeVersion};
    for (const QString& apiVersion : kOldClusterWithMonitoring.apiVersions)
        oldFlags << QStringLiteral("--api-versions") << apiVersion;
    QTest::newRow("an old cluster serving ServiceMonitors")
        << std::optional<ClusterCapabilities>(kOldClusterWithMonitoring) << plain << oldFlags << QStringLiteral("old");
    HelmSource pinned = plain;
    pinned.kubeVersion = QStringLiteral("1.31.0");
    QStringList pinnedFlags{QStringLiteral("--kube-version"), QStringLiteral("1.31.0")};
    for (const QString& apiVersion : kOldClusterWithMonitoring.apiVersions)
        pinnedFlags << QStringLiteral("--api-versions") << apiVersion;
    QTest::newRow("syncline.yaml's kubeVersion wins over the cluster's")
        << std::optional<ClusterCapabilities>(kOldClusterWithMonitoring) << pinned << pinnedFlags << QStringLiteral("recent");
}

// The cluster's version and API versions reach helm as --kube-version / --api-versions:
// the same output as `helm template` run by hand with those flags.
void TestHelmRenderer::clusterCapabilitiesReachHelm() {
    QFETCH(std::optional<ClusterCapabilities>, cluster);
    QFETCH(HelmSource, helm);
    QFETCH(QStringList, flags);
    QFETCH(QString, policy);
    test::GitFixture repo;
    auto source = capabilitiesSource(repo);
    QVERIFY(source);
    QString helmErrors;
    const QByteArray expected =
        helmTemplate(m_helm, QStringList{QStringLiteral("template"), helm.releaseName, repo.filePath(kCapabilitiesChart)} + flags,
                     &helmErrors);
    QVERIFY2(!expected.isEmpty(), qPrintable(helmErrors));

    RenderOptions renderOptions = options(helm);
    renderOptions.cluster = cluster;
    const RenderResult result = render(*source, kCapabilitiesChart, RendererKind::Helm, renderOptions);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(bodiesOf(result), bodiesOf(expected));
    QVERIFY(!result.objects.empty());
    QCOMPARE(QString::fromStdString(result.objects.front().body["data"]["policy"].get<std::string>()), policy);
    QCOMPARE(result.objects.size(), std::size_t(cluster ? 2 : 1)); // the ServiceMonitor only where served
}

void TestHelmRenderer::clusterCapabilitiesAreInTheCacheKey() {
    test::GitFixture repo;
    auto source = capabilitiesSource(repo);
    QVERIFY(source);
    const HelmSource helm{.releaseName = QStringLiteral("web")};
    RenderCache cache;
    RenderOptions withOld = options(helm);
    withOld.cluster = kOldClusterWithMonitoring;
    const RenderResult old = cache.render(*source, kCapabilitiesChart, RendererKind::Helm, withOld);
    QVERIFY2(old.ok(), qPrintable(errorsOf(old)));
    RenderOptions upgraded = withOld;
    upgraded.cluster->kubeVersion = QStringLiteral("v1.32.1");
    const RenderResult recent = cache.render(*source, kCapabilitiesChart, RendererKind::Helm, upgraded);
    QCOMPARE(cache.misses(), std::size_t(2));
    QVERIFY(recent.cacheKey != old.cacheKey);
    QCOMPARE(QString::fromStdString(recent.objects.front().body["data"]["policy"].get<std::string>()), QStringLiteral("recent"));
    RenderOptions withoutMonitoring = withOld;
    withoutMonitoring.cluster->apiVersions = {QStringLiteral("apps/v1")};
    const RenderResult plain = cache.render(*source, kCapabilitiesChart, RendererKind::Helm, withoutMonitoring);
    QCOMPARE(cache.misses(), std::size_t(3));
    QCOMPARE(plain.objects.size(), std::size_t(1));
    cache.render(*source, kCapabilitiesChart, RendererKind::Helm, withOld);
    QCOMPARE(cache.misses(), std::size_t(3));
    QCOMPARE(cache.hits(), std::size_t(1));
}

void TestHelmRenderer::symlinkOutOfTheRepositoryIsRefused() {
    Repo repo;
    const QString link = repo.fixture().filePath(kChart + QStringLiteral("/templates/passwd.yaml"));
    QVERIFY(QFile::link(QStringLiteral("../../../../../../../../etc/passwd"), link));
    auto source = repo.source(repo.commit());
    QVERIFY(source);
    const RenderResult result = render(*source, kChart, RendererKind::Helm, options());
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.contains(QLatin1String("symlink 'apps/webapp/templates/passwd.yaml' points outside")),
             qPrintable(result.errors[0].toString()));
    QVERIFY(!result.errors[0].message.contains(QLatin1String("root:")));
}

void TestHelmRenderer::hugeOutputIsStopped() {
    Repo repo;
    repo.fixture().writeFile(QStringLiteral("charts/huge/Chart.yaml"), "apiVersion: v2\nname: huge\nversion: 0.1.0\n");
    repo.fixture().writeFile(QStringLiteral("charts/huge/templates/many.yaml"),
                             "{{- range until 200000 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                             "  name: cm-{{ . }}\ndata:\n  padding: \"{{ repeat 64 \"x\" }}\"\n{{- end }}\n");
    auto source = repo.source(repo.commit());
    QVERIFY(source);
    RenderOptions o = options();
    o.budget.maxToolOutputBytes = 4 * 1024 * 1024;
    const RenderResult result = render(*source, QStringLiteral("charts/huge"), RendererKind::Helm, o);
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.contains(QLatin1String("printed more than 4 MiB")),
             qPrintable(result.errors[0].toString()));
}

void TestHelmRenderer::hangingHelmTimesOut() {
    QTemporaryDir tools;
    auto source = m_repo->source(m_commit);
    QVERIFY(source);
    RenderOptions o = options();
    o.helmBinary = hangingHelm(tools);
    o.toolTimeout = std::chrono::seconds(1);
    QElapsedTimer clock;
    clock.start();
    const RenderResult result = render(*source, kChart, RendererKind::Helm, o);
    QVERIFY2(clock.elapsed() < 30000, "the timeout did not stop helm");
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].code, util::ErrorCode::Timeout);
    QVERIFY2(result.errors[0].message.contains(QLatin1String("did not finish within 1 s")), qPrintable(result.errors[0].message));
    QVERIFY(!result.cacheable);
}

void TestHelmRenderer::cancellingStopsHelm() {
    QTemporaryDir tools;
    auto source = m_repo->source(m_commit);
    QVERIFY(source);
    RenderOptions o = options();
    o.helmBinary = hangingHelm(tools);
    std::atomic<bool> done = false;
    // Cancels once helm runs (its mark exists), as the window does when the user moves on.
    std::thread canceller([&, cancel = o.cancel, mark = tools.filePath(QStringLiteral("running"))] {
        while (!done && !QFile::exists(mark))
            std::this_thread::yield();
        cancel.cancel();
    });
    QElapsedTimer clock;
    clock.start();
    const RenderResult result = render(*source, kChart, RendererKind::Helm, o);
    done = true;
    canceller.join();
    QVERIFY2(clock.elapsed() < 30000, "cancelling did not stop helm");
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].code, util::ErrorCode::Cancelled);
    QVERIFY(!result.cacheable);
}

QTEST_GUILESS_MAIN(TestHelmRenderer)
#include "tst_helmrenderer.moc"
