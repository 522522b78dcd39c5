// Flux HelmReleases whose chart comes from a Helm repository or an OCI registry, against
// real servers on 127.0.0.1: a Helm repository made with `helm package` and `helm repo
// index` (served by tests/support/chart_repository_server.py) and Debian's docker-registry
// with the chart pushed by `helm push`. Syncline detects the release, refuses to contact a
// host the user has not allowed (the server's log shows no request), renders what
// `helm template` renders once allowed, renders again from its cache with the server
// stopped, names the URL when a server sends garbage or too much, and never uses the
// user's own helm or registry configuration.

#include "charts/ChartRepositoryAccess.h"
#include "charts/RemoteCharts.h"
#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/Hooks.h"
#include "manifest/YamlParser.h"
#include "support/GitFixture.h"
#include "support/HelmRepositoryServer.h"
#include "support/OciRegistry.h"
#include "support/TestTools.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/detect/ApplicationDetector.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;

namespace {

const QString kRelease = QStringLiteral("clusters/staging/hello.yaml");

QByteArray releaseYaml(const QByteArray& sourceKind, const QByteArray& chartSpec) {
    return "---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: hello\n"
           "  namespace: flux-system\nspec:\n  interval: 10m\n  targetNamespace: web\n" +
           (sourceKind == "OCIRepository" ? QByteArray("  chartRef:\n    kind: OCIRepository\n    name: hello\n")
                                          : "  chart:\n    spec:\n" + chartSpec) +
           "  values:\n    greeting: bonjour\n";
}

QString errorsOf(const manifest::RenderResult& result) {
    QStringList lines;
    for (const auto& error : result.errors)
        lines << error.toString();
    return lines.join(QLatin1Char('\n'));
}

QStringList bodiesOf(const manifest::RenderResult& result) {
    QStringList bodies;
    for (const auto* group : {&result.objects, &result.hooks})
        for (const manifest::ManifestObject& object : *group)
            bodies << QString::fromStdString(object.body.dump());
    return bodies;
}

QStringList bodiesOf(const QByteArray& stream) {
    auto documents =
        manifest::parseYamlStream(std::string_view(stream.constData(), std::size_t(stream.size())), QStringLiteral("helm"));
    if (!documents)
        return {QStringLiteral("unparsable: ") + documents.error().toString()};
    QStringList bodies, hooks;
    for (const manifest::YamlDocument& document : *documents)
        (manifest::isHook(document.value) ? hooks : bodies) << QString::fromStdString(document.value.dump());
    return bodies + hooks;
}

} // namespace

class TestRemoteCharts : public QObject {
    Q_OBJECT

    test::TestTool m_helm;
    QTemporaryDir m_work;
    QString m_package; // hello-1.2.3.tgz, as `helm package` made it

    // helm run by hand, as a user would, in a home of its own.
    QByteArray runHelm(const QStringList& arguments, QString* errors = nullptr) {
        QProcess process;
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        environment.insert(QStringLiteral("HOME"), m_work.filePath(QStringLiteral("helm-home")));
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(m_work.path());
        process.start(m_helm.path, arguments);
        if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            if (errors)
                *errors = QString::fromUtf8(process.readAllStandardError());
            return {};
        }
        const QByteArray output = process.readAllStandardOutput();
        return output.isEmpty() ? QByteArray("ok") : output; // empty means failed
    }

    void writeFile(const QString& path, const QByteArray& content) {
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }

    // What `helm template` makes of the packaged chart with the release's inputs: the oracle.
    QStringList expectedBodies() {
        const QString values = m_work.filePath(QStringLiteral("values.yaml"));
        writeFile(values, "greeting: bonjour\n");
        QString errors;
        const QByteArray output =
            runHelm({QStringLiteral("template"), QStringLiteral("web-hello"), m_package, QStringLiteral("--namespace"),
                     QStringLiteral("web"), QStringLiteral("-f"), values, QStringLiteral("--include-crds")},
                    &errors);
        if (output.isEmpty())
            return {QStringLiteral("helm template failed: ") + errors};
        return bodiesOf(output);
    }

    // Detects the repository's single HelmRelease and renders it as the window would.
    struct Rendered {
        std::optional<workspace::DetectedApplication> application;
        workspace::DetectionResult detection;
        manifest::RenderResult result;
    };
    Rendered detectAndRender(const QByteArray& sources, std::shared_ptr<const manifest::LocalChartSource> chartSource = {}) {
        test::GitFixture repo;
        repo.writeFile(kRelease, sources);
        repo.commitAll(QStringLiteral("hello"), 1700000000);
        auto opened = git::Repository::open(repo.path());
        auto repository = std::make_shared<const git::Repository>(std::move(*opened));
        auto snapshot = git::TreeSnapshot::atRevision(repository, QStringLiteral("HEAD"));
        const manifest::GitTreeFileSource files(*snapshot);
        Rendered rendered;
        rendered.detection = workspace::ApplicationDetector::detect(files, {});
        for (const auto& app : rendered.detection.applications)
            if (app.application == QLatin1String("hello"))
                rendered.application = app;
        if (!rendered.application)
            return rendered;
        workspace::Environment environment;
        environment.name = QStringLiteral("hello-staging");
        environment.path = rendered.application->path;
        environment.renderer = rendered.application->renderer;
        environment.helm = rendered.application->helm;
        environment.defaultNamespace = rendered.application->defaultNamespace;
        workspace::EnvironmentRenderer renderer(repository);
        if (chartSource)
            renderer.setRenderOptions(manifest::RenderOptions{.charts = std::move(chartSource)});
        auto result = renderer.render(environment);
        if (result)
            rendered.result = result->result;
        else
            rendered.result.errors.push_back(result.error());
        return rendered;
    }

    // The chart repository the user's own helm knows, with a password: never to be used.
    void writeUsersHelmConfiguration(const QString& url, const QString& registryHost) {
        const QString home = QDir::homePath();
        writeFile(home + QStringLiteral("/.config/helm/repositories.yaml"),
                  "apiVersion: \"\"\ngenerated: \"0001-01-01T00:00:00Z\"\nrepositories:\n- name: hello\n  url: " + url.toUtf8() +
                      "\n  username: bogus-user\n  password: bogus-password\n");
        const QByteArray auth = QByteArray("bogus-user:bogus-password").toBase64();
        const QByteArray registry = "{\"auths\":{\"" + registryHost.toUtf8() + "\":{\"auth\":\"" + auth + "\"}}}";
        writeFile(home + QStringLiteral("/.config/helm/registry/config.json"), registry);
        writeFile(home + QStringLiteral("/.docker/config.json"), registry);
    }

    // Nothing of the user's helm was written either: no repository cache, no registry state.
    void verifyUsersHelmUntouched() {
        QVERIFY2(!QFileInfo::exists(QDir::homePath() + QStringLiteral("/.cache/helm")), "helm used the user's cache");
        QVERIFY2(!QFileInfo::exists(QDir::homePath() + QStringLiteral("/.local/share/helm")), "helm used the user's data");
    }

private Q_SLOTS:
    void initTestCase() {
        m_helm = test::testTool(QStringLiteral("helm"));
        if (!m_helm.found())
            QSKIP(qPrintable(m_helm.whyMissing));
        // RemoteCharts finds helm on PATH, as it finds the user's.
        qputenv("PATH", (QFileInfo(m_helm.path).path() + QLatin1Char(':') + qEnvironmentVariable("PATH")).toLocal8Bit());
        const QString chart = m_work.filePath(QStringLiteral("hello"));
        writeFile(chart + QStringLiteral("/Chart.yaml"), "apiVersion: v2\nname: hello\nversion: 1.2.3\n");
        writeFile(chart + QStringLiteral("/values.yaml"), "greeting: hi\nreplicas: 1\n");
        writeFile(chart + QStringLiteral("/templates/configmap.yaml"),
                  "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-greeting\n"
                  "  namespace: {{ .Release.Namespace }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n"
                  "  replicas: {{ .Values.replicas | quote }}\n");
        QString errors;
        QVERIFY2(!runHelm({QStringLiteral("package"), chart, QStringLiteral("-d"), m_work.filePath(QStringLiteral("packages"))},
                          &errors)
                      .isEmpty(),
                 qPrintable(errors));
        m_package = m_work.filePath(QStringLiteral("packages/hello-1.2.3.tgz"));
        QVERIFY(QFileInfo::exists(m_package));
    }

    // Each test starts with nothing allowed and nothing cached.
    void init() {
        static int count = 0;
        const QString root = m_work.filePath(QStringLiteral("user-%1").arg(++count));
        qputenv("XDG_CONFIG_HOME", (root + QStringLiteral("/config")).toLocal8Bit());
        qputenv("XDG_CACHE_HOME", (root + QStringLiteral("/cache")).toLocal8Bit());
    }

    void helmRepositoryChartIsPulledOnlyOnceAllowedAndThenCached() {
        const QString served = m_work.filePath(QStringLiteral("served-http"));
        QDir().mkpath(served);
        QVERIFY(QFile::copy(m_package, served + QStringLiteral("/hello-1.2.3.tgz")));
        test::HelmRepositoryServer server(served);
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        QString errors;
        QVERIFY2(
            !runHelm({QStringLiteral("repo"), QStringLiteral("index"), served, QStringLiteral("--url"), server.url()}, &errors)
                 .isEmpty(),
            qPrintable(errors));
        writeUsersHelmConfiguration(server.url(), QStringLiteral("127.0.0.1"));
        const QByteArray sources = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: hello\n"
                                   "  namespace: flux-system\nspec:\n  interval: 5m\n  url: " +
                                   server.url().toUtf8() + "\n" +
                                   releaseYaml("HelmRepository", "      chart: hello\n      version: \"1.x\"\n"
                                                                 "      sourceRef:\n        kind: HelmRepository\n"
                                                                 "        name: hello\n");

        // Not allowed: the release is an application with the reason; the server saw nothing.
        Rendered refused = detectAndRender(sources);
        QVERIFY(refused.application);
        QCOMPARE(refused.application->renderer, workspace::RendererChoice::Helm);
        QCOMPARE(refused.application->path, QStringLiteral("clusters/staging"));
        QCOMPARE(refused.application->helm->remoteChart,
                 (manifest::RemoteChart{server.url(), QStringLiteral("hello"), QStringLiteral("1.x")}));
        QCOMPARE(refused.result.errors.size(), std::size_t(1));
        QCOMPARE(refused.result.errors[0].code, util::ErrorCode::NotAllowed);
        QVERIFY2(refused.result.errors[0].message.contains(server.url() + QStringLiteral(" — not allowed yet")),
                 qPrintable(errorsOf(refused.result)));
        QVERIFY(server.log().settle());
        QCOMPARE(server.log().requests(), QStringList());
        QCOMPARE(charts::ChartRepositoryAccess().asked(), QStringList{server.url()});

        // Allowed: what helm template renders of the same chart and values.
        QVERIFY(charts::ChartRepositoryAccess().allow(server.url()));
        Rendered allowed = detectAndRender(sources);
        QVERIFY2(allowed.result.ok(), qPrintable(errorsOf(allowed.result)));
        QCOMPARE(bodiesOf(allowed.result), expectedBodies());
        QVERIFY(server.log().settle());
        const QStringList requests = server.log().requests();
        QVERIFY2(requests.filter(QStringLiteral("GET /hello-1.2.3.tgz")).size() == 1,
                 qPrintable(requests.join(QLatin1Char('\n'))));
        QVERIFY2(requests.filter(QStringLiteral("REQUEST auth")).isEmpty(), qPrintable(requests.join(QLatin1Char('\n'))));
        verifyUsersHelmUntouched();

        // The server stopped: the cache renders it, with no network.
        server.stop();
        Rendered offline = detectAndRender(sources);
        QVERIFY2(offline.result.ok(), qPrintable(errorsOf(offline.result)));
        QCOMPARE(bodiesOf(offline.result), bodiesOf(allowed.result));
    }

    void ociRegistryChartIsPulledOnlyOnceAllowedAndThenCached_data() {
        QTest::addColumn<QByteArray>("source");
        QTest::newRow("HelmRepository type oci") << QByteArray("HelmRepository");
        QTest::newRow("OCIRepository chartRef") << QByteArray("OCIRepository");
    }

    void ociRegistryChartIsPulledOnlyOnceAllowedAndThenCached() {
        QFETCH(QByteArray, source);
        test::OciRegistry registry;
        QString why;
        if (!registry.start(&why))
            QSKIP(qPrintable(why));
        QString errors;
        const QString chartsUrl = QStringLiteral("oci://%1/charts").arg(registry.host());
        QVERIFY2(!runHelm({QStringLiteral("push"), m_package, chartsUrl, QStringLiteral("--plain-http")}, &errors).isEmpty(),
                 qPrintable(errors));
        writeUsersHelmConfiguration(QStringLiteral("http://%1").arg(registry.host()), registry.host());
        QVERIFY(registry.log().settle());
        const qsizetype pushed = registry.log().requests().size();

        QByteArray sources;
        if (source == "OCIRepository")
            sources = "apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata:\n  name: hello\n"
                      "  namespace: flux-system\nspec:\n  interval: 5m\n  url: " +
                      chartsUrl.toUtf8() + "/hello\n  ref:\n    semver: \">=1.0.0 <2.0.0\"\n" + releaseYaml(source, {});
        else
            sources = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: hello\n"
                      "  namespace: flux-system\nspec:\n  type: oci\n  interval: 5m\n  url: " +
                      chartsUrl.toUtf8() + "\n" +
                      releaseYaml(source, "      chart: hello\n      version: 1.2.3\n      sourceRef:\n"
                                          "        kind: HelmRepository\n        name: hello\n");
        Rendered refused = detectAndRender(sources);
        QVERIFY(refused.application);
        QCOMPARE(refused.application->helm->remoteChart->pullReference(), chartsUrl + QStringLiteral("/hello"));
        QCOMPARE(refused.result.errors.size(), std::size_t(1));
        QCOMPARE(refused.result.errors[0].code, util::ErrorCode::NotAllowed);
        QVERIFY(registry.log().settle());
        QCOMPARE(registry.log().requests().size(), pushed); // not one request more

        QVERIFY(charts::ChartRepositoryAccess().allow(chartsUrl));
        Rendered allowed = detectAndRender(sources);
        QVERIFY2(allowed.result.ok(), qPrintable(errorsOf(allowed.result)));
        QCOMPARE(bodiesOf(allowed.result), expectedBodies());
        QVERIFY(registry.log().settle());
        QVERIFY(registry.log().requests().size() > pushed);
        verifyUsersHelmUntouched();

        registry.stop();
        Rendered offline = detectAndRender(sources);
        QVERIFY2(offline.result.ok(), qPrintable(errorsOf(offline.result)));
        QCOMPARE(bodiesOf(offline.result), bodiesOf(allowed.result));
    }

    void garbageOrOversizedChartIsAnErrorNamingTheUrl_data() {
        QTest::addColumn<QByteArray>("archive");
        QTest::addColumn<quint64>("maxArchiveBytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("garbage") << QByteArray(4096, 'x') << quint64(16 * 1024 * 1024) << QStringLiteral("");
        QTest::newRow("oversized") << QByteArray() << quint64(100) << QStringLiteral("more than the 100 allowed");
    }

    void garbageOrOversizedChartIsAnErrorNamingTheUrl() {
        QFETCH(QByteArray, archive);
        QFETCH(quint64, maxArchiveBytes);
        QFETCH(QString, expected);
        const QString served = m_work.filePath(QStringLiteral("served-%1").arg(QString::fromLatin1(QTest::currentDataTag())));
        QDir().mkpath(served);
        QVERIFY(QFile::copy(m_package, served + QStringLiteral("/hello-1.2.3.tgz")));
        test::HelmRepositoryServer server(served);
        QString why;
        QVERIFY2(server.start(&why), qPrintable(why));
        QString errors;
        QVERIFY2(
            !runHelm({QStringLiteral("repo"), QStringLiteral("index"), served, QStringLiteral("--url"), server.url()}, &errors)
                 .isEmpty(),
            qPrintable(errors));
        if (!archive.isEmpty()) { // the index promises a chart; the server sends something else
            QFile file(served + QStringLiteral("/hello-1.2.3.tgz"));
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(archive);
        }
        QVERIFY(charts::ChartRepositoryAccess().allow(server.url()));
        auto source = std::make_shared<const charts::RemoteCharts>(
            charts::RemoteCharts::Options{.pull = {.maxArchiveBytes = maxArchiveBytes}});
        const QByteArray sources = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: hello\n"
                                   "  namespace: flux-system\nspec:\n  url: " +
                                   server.url().toUtf8() + "\n" +
                                   releaseYaml("HelmRepository", "      chart: hello\n      version: 1.2.3\n"
                                                                 "      sourceRef:\n        kind: HelmRepository\n"
                                                                 "        name: hello\n");
        Rendered rendered = detectAndRender(sources, source);
        QVERIFY(!rendered.result.ok());
        const QString text = errorsOf(rendered.result);
        QVERIFY2(text.contains(server.url()), qPrintable(text));
        QVERIFY2(text.contains(expected), qPrintable(text));
        QVERIFY(rendered.result.objects.empty());
    }

    // Hostile sources: listed with the reason, never contacted.
    void unusableChartRepositoriesAreListedWithTheReason_data() {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QString>("reason");
        QTest::newRow("credentials") << QByteArray("https://user:secret@charts.example.com")
                                     << QStringLiteral("holds a user name or password: refused");
        QTest::newRow("scheme") << QByteArray("file:///etc") << QStringLiteral("is not a valid URL");
        QTest::newRow("ftp") << QByteArray("ftp://charts.example.com") << QStringLiteral("only http, https and oci are reached");
        QTest::newRow("templated") << QByteArray("https://${host}/charts") << QStringLiteral("its URL is templated");
    }

    void unusableChartRepositoriesAreListedWithTheReason() {
        QFETCH(QByteArray, url);
        QFETCH(QString, reason);
        const QByteArray sources = "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: hello\n"
                                   "  namespace: flux-system\nspec:\n  url: " +
                                   url + "\n" +
                                   releaseYaml("HelmRepository", "      chart: hello\n      sourceRef:\n"
                                                                 "        kind: HelmRepository\n        name: hello\n");
        Rendered rendered = detectAndRender(sources);
        QVERIFY(!rendered.application);
        QCOMPARE(rendered.detection.unrecognized.size(), std::size_t(1));
        QVERIFY2(rendered.detection.unrecognized[0].reason.contains(reason),
                 qPrintable(rendered.detection.unrecognized[0].reason));
        QVERIFY(!rendered.detection.unrecognized[0].reason.contains(QLatin1String("secret")));
    }
};

QTEST_GUILESS_MAIN(TestRemoteCharts)
#include "tst_remotecharts.moc"
