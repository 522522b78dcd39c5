#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/Hooks.h"
#include "manifest/JsonPatch.h"
#include "manifest/RenderCache.h"
#include "manifest/Renderer.h"
#include "support/GitFixture.h"

#include <QFile>
#include <QTest>

#include <memory>

using namespace syncline;
using namespace syncline::manifest;

namespace {

const char* kConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %1\ndata:\n  k: v\n";

QByteArray configMap(const QString& name) { return QString::fromLatin1(kConfigMap).arg(name).toUtf8(); }

QString errorsOf(const RenderResult& result) {
    QStringList lines;
    for (const auto& error : result.errors)
        lines << error.toString();
    return lines.join(QLatin1Char('\n'));
}

QStringList namesOf(const RenderResult& result) {
    QStringList names;
    for (const ManifestObject& object : result.objects)
        names << object.key.kind + QLatin1Char('/') + object.key.name;
    return names;
}

// A scratch repository and a source over one of its commits.
class Repo {
public:
    void write(const QString& path, const QByteArray& content) { m_fixture.writeFile(path, content); }
    void symlink(const QString& path, const QString& target) {
        QFile::remove(m_fixture.filePath(path));
        QVERIFY(QFile::link(target, m_fixture.filePath(path)));
    }
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
    test::GitFixture& fixture() { return m_fixture; }

private:
    test::GitFixture m_fixture;
    std::shared_ptr<const git::Repository> m_repository;
    int m_count = 0;
};

} // namespace

class TestRenderer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void plainRendersFolderRecursively();
    void plainBadFileIsAnErrorOthersRender();
    void plainDuplicateNamesBothPlaces();
    void plainRejectsNonObjects();
    void plainSymlinks();
    void argoHooksAreKeptApartFromTheDesiredObjects();
    void autoPicksRenderer();
    void kustomizeBasics();
    void kustomizeMalformedResourceOthersRender();
    void kustomizeDuplicateResources();
    void kustomizeCycle();
    void kustomizeEscapesAndAbsolutePaths();
    void kustomizeSymlinkOutOfTree();
    void kustomizeRemoteBaseRefused();
    void kustomizeUnsupportedField();
    void kustomizeUnknownKindAndCustomResources();
    void hugeSingleLineFile();
    void cacheHitsAcrossCommitsThatDidNotTouchTheEnvironment();
    void cacheMissesWhenABaseChanges();
    void cacheIsBounded();
    void jsonPatchEscapesAndAtomicity();
    void jsonPatchThatDoublesTheObjectFortyTimesIsRefused();
    void patchTargetsAreLinearTimeRegularExpressions();
    void patchTargetsAnchorLikeKustomize();
    void patchTargetLengthsAreCapped();
    void kustomizeSymlinkOutsideTheRootIsRefused();
    void kustomizeSymlinksInsideTheRootAndLinkedBasesRender();
};

void TestRenderer::plainRendersFolderRecursively() {
    Repo repo;
    repo.write(QStringLiteral("env/b.yaml"), configMap(QStringLiteral("b1")) + "---\n" + configMap(QStringLiteral("b2")));
    repo.write(QStringLiteral("env/a/inner.yml"), configMap(QStringLiteral("inner")));
    repo.write(QStringLiteral("env/c.json"), R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}})");
    repo.write(QStringLiteral("env/list.yaml"), "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n"
                                                "  metadata:\n    name: svc\n- apiVersion: v1\n  kind: ConfigMap\n"
                                                "  metadata:\n    name: from-list\n");
    repo.write(QStringLiteral("env/README.md"), "not: yaml: at: all");
    repo.write(QStringLiteral("env/empty.yaml"), "---\n# nothing\n");
    repo.write(QStringLiteral("other/x.yaml"), configMap(QStringLiteral("elsewhere")));
    auto source = repo.source(repo.commit());
    QVERIFY(source);
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(result.renderer, QStringLiteral("plain"));
    QCOMPARE(namesOf(result),
             QStringList({QStringLiteral("ConfigMap/inner"), QStringLiteral("ConfigMap/b1"), QStringLiteral("ConfigMap/b2"),
                          QStringLiteral("Secret/s"), QStringLiteral("Service/svc"), QStringLiteral("ConfigMap/from-list")}));
    QCOMPARE(result.objects[2].source.toString(), QStringLiteral("env/b.yaml:8:1"));
    QCOMPARE(result.objects[0].key.namespaceName, QString());
    QVERIFY(!result.cacheKey.isEmpty());
}

void TestRenderer::plainBadFileIsAnErrorOthersRender() {
    Repo repo;
    repo.write(QStringLiteral("env/good.yaml"), configMap(QStringLiteral("good")));
    repo.write(QStringLiteral("env/bad.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [unclosed\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/good")}));
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].where.startsWith(QLatin1String("env/bad.yaml:")), qPrintable(errorsOf(result)));
    QVERIFY2(result.errors[0].where.count(QLatin1Char(':')) == 2, qPrintable(errorsOf(result))); // file:line:column
}

void TestRenderer::plainDuplicateNamesBothPlaces() {
    Repo repo;
    repo.write(QStringLiteral("env/one.yaml"), configMap(QStringLiteral("same")));
    repo.write(QStringLiteral("env/two.yaml"), "# comment\n" + configMap(QStringLiteral("same")));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(result.objects.size(), std::size_t(1));
    QCOMPARE(result.errors.size(), std::size_t(1));
    const QString message = errorsOf(result);
    QVERIFY2(message.contains(QLatin1String("env/one.yaml:1:1")) && message.contains(QLatin1String("env/two.yaml:2:1")) &&
                 message.contains(QLatin1String("duplicate resource ConfigMap same")),
             qPrintable(message));
}

void TestRenderer::plainRejectsNonObjects() {
    Repo repo;
    repo.write(QStringLiteral("env/a.yaml"), "just a string\n---\nkind: ConfigMap\nmetadata:\n  name: x\n---\n"
                                             "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n---\n" +
                                                 configMap(QStringLiteral("fine")));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/fine")}));
    QCOMPARE(result.errors.size(), std::size_t(3));
    QCOMPARE(result.errors[0].where, QStringLiteral("env/a.yaml:1:1"));
    QVERIFY(result.errors[1].message.contains(QLatin1String("apiVersion")));
    QVERIFY(result.errors[2].message.contains(QLatin1String("metadata.name")));
}

// Argo CD's hooks (PreSync jobs with generateName, Helm hooks) are not desired state: a
// render keeps them apart, so nothing compares them with the cluster, shows them as Missing
// or prunes them; only a hook may go by generateName.
void TestRenderer::argoHooksAreKeptApartFromTheDesiredObjects() {
    Repo repo;
    repo.write(QStringLiteral("env/migrate.yaml"),
               "apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: db-migrate-\n  annotations:\n"
               "    argocd.argoproj.io/hook: PreSync\n    argocd.argoproj.io/hook-delete-policy: HookSucceeded\n"
               "spec:\n  template:\n    spec:\n      restartPolicy: Never\n");
    repo.write(QStringLiteral("env/smoke.yaml"), "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: smoke\n  annotations:\n"
                                                 "    helm.sh/hook: post-install\n");
    repo.write(QStringLiteral("env/stray.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: stray-\n");
    repo.write(QStringLiteral("env/web.yaml"), configMap(QStringLiteral("web")));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/web")}));
    QCOMPARE(result.hooks.size(), std::size_t(2));
    QCOMPARE(result.hooks[0].key.name, QStringLiteral("db-migrate-"));
    QCOMPARE(hookPhases(result.hooks[0].body), QStringLiteral("PreSync"));
    QCOMPARE(result.hooks[1].key.name, QStringLiteral("smoke"));
    QCOMPARE(hookPhases(result.hooks[1].body), QStringLiteral("post-install (helm)"));
    // Anything else with only a generateName is an error that says why.
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].where, QStringLiteral("env/stray.yaml:1:1"));
    QVERIFY2(result.errors[0].message.contains(QLatin1String("only Argo CD hooks")), qPrintable(errorsOf(result)));
}

void TestRenderer::plainSymlinks() {
    Repo repo;
    repo.write(QStringLiteral("shared/cm.yaml"), configMap(QStringLiteral("shared")));
    repo.write(QStringLiteral("env/own.yaml"), configMap(QStringLiteral("own")));
    repo.symlink(QStringLiteral("env/linked.yaml"), QStringLiteral("../shared/cm.yaml"));
    repo.symlink(QStringLiteral("env/escape.yaml"), QStringLiteral("../../../etc/passwd"));
    repo.symlink(QStringLiteral("env/absolute.yaml"), QStringLiteral("/etc/passwd"));
    repo.symlink(QStringLiteral("env/loop"), QStringLiteral("."));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/shared"), QStringLiteral("ConfigMap/own")}));
    QCOMPARE(result.errors.size(), std::size_t(2));
    for (const auto& error : result.errors)
        QVERIFY2(error.message.contains(QLatin1String("symlink points outside the repository")), qPrintable(errorsOf(result)));
    // Paths themselves cannot leave the tree either.
    const RenderResult escaped = render(*source, QStringLiteral("env/../../etc"), RendererKind::Plain);
    QVERIFY(escaped.objects.empty());
    QCOMPARE(escaped.errors.size(), std::size_t(1));
    QVERIFY(escaped.errors[0].message.contains(QLatin1String("leaves the repository")));
    const RenderResult absolute = render(*source, QStringLiteral("/etc"), RendererKind::Plain);
    QVERIFY(absolute.objects.empty() && absolute.errors.size() == 1);
}

void TestRenderer::autoPicksRenderer() {
    Repo repo;
    repo.write(QStringLiteral("plain/a.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("kust/a.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("kust/kustomization.yaml"), "resources: [a.yaml]\nnamePrefix: k-\n");
    auto source = repo.source(repo.commit());
    const RenderResult plain = render(*source, QStringLiteral("plain"), RendererKind::Auto);
    QCOMPARE(plain.renderer, QStringLiteral("plain"));
    QCOMPARE(namesOf(plain), QStringList({QStringLiteral("ConfigMap/a")}));
    const RenderResult kust = render(*source, QStringLiteral("kust"), RendererKind::Auto);
    QCOMPARE(kust.renderer, QStringLiteral("kustomize (native)"));
    QCOMPARE(namesOf(kust), QStringList({QStringLiteral("ConfigMap/k-a")}));
    // Plain on a kustomize folder reads the kustomization as a (broken) object.
    const RenderResult forcedPlain = render(*source, QStringLiteral("kust"), RendererKind::Plain);
    QCOMPARE(forcedPlain.renderer, QStringLiteral("plain"));
    QVERIFY(!forcedPlain.ok());
}

void TestRenderer::kustomizeBasics() {
    Repo repo;
    repo.write(QStringLiteral("base/kustomization.yaml"), "resources:\n- deploy.yaml\nconfigMapGenerator:\n- name: cfg\n"
                                                          "  literals: [a=1]\n");
    repo.write(QStringLiteral("base/deploy.yaml"),
               "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
               "      containers:\n      - name: web\n        image: web:1\n        envFrom:\n        - configMapRef:\n"
               "            name: cfg\n");
    repo.write(QStringLiteral("prod/kustomization.yaml"), "resources: [../base]\nnamespace: prod\nnamePrefix: prod-\n"
                                                          "images:\n- name: web\n  newTag: \"2\"\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("prod"), RendererKind::Kustomize);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(result.objects.size(), std::size_t(2));
    const ManifestObject& cm = result.objects[0];
    QCOMPARE(cm.key.kind, QStringLiteral("ConfigMap"));
    QVERIFY(cm.key.name.startsWith(QLatin1String("prod-cfg-")) && cm.key.name.size() == 19);
    QCOMPARE(cm.key.namespaceName, QStringLiteral("prod"));
    const ManifestObject& deploy = result.objects[1];
    QCOMPARE(deploy.key.name, QStringLiteral("prod-web"));
    QCOMPARE(deploy.source.toString(), QStringLiteral("base/deploy.yaml:1:1"));
    const auto& container = deploy.body["spec"]["template"]["spec"]["containers"][0];
    QCOMPARE(container["image"].get<std::string>(), std::string("web:2"));
    QCOMPARE(QString::fromStdString(container["envFrom"][0]["configMapRef"]["name"].get<std::string>()), cm.key.name);
}

void TestRenderer::kustomizeMalformedResourceOthersRender() {
    Repo repo;
    repo.write(QStringLiteral("env/kustomization.yaml"), "resources: [good.yaml, bad.yaml]\n");
    repo.write(QStringLiteral("env/good.yaml"), configMap(QStringLiteral("good")));
    repo.write(QStringLiteral("env/bad.yaml"), "apiVersion: v1\nkind: ConfigMap\n  indented: wrong\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Auto);
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/good")}));
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].where.startsWith(QLatin1String("env/bad.yaml:3:")), qPrintable(errorsOf(result)));
}

void TestRenderer::kustomizeDuplicateResources() {
    Repo repo;
    repo.write(QStringLiteral("env/kustomization.yaml"), "resources: [a.yaml, b.yaml]\n");
    repo.write(QStringLiteral("env/a.yaml"), configMap(QStringLiteral("same")));
    repo.write(QStringLiteral("env/b.yaml"), configMap(QStringLiteral("same")));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Auto);
    QVERIFY(result.objects.empty());
    const QString message = errorsOf(result);
    QVERIFY2(message.contains(QLatin1String("duplicate resource")) && message.contains(QLatin1String("env/a.yaml:1:1")) &&
                 message.contains(QLatin1String("env/b.yaml:1:1")),
             qPrintable(message));
}

void TestRenderer::kustomizeCycle() {
    Repo repo;
    repo.write(QStringLiteral("a/kustomization.yaml"), "resources: [../b]\n");
    repo.write(QStringLiteral("b/kustomization.yaml"), "resources: [../a]\n");
    repo.write(QStringLiteral("self/kustomization.yaml"), "resources: [.]\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("a"), RendererKind::Kustomize);
    QVERIFY(result.objects.empty());
    QVERIFY2(errorsOf(result).contains(QLatin1String("kustomization includes itself: a -> b -> a")),
             qPrintable(errorsOf(result)));
    const RenderResult self = render(*source, QStringLiteral("self"), RendererKind::Kustomize);
    QVERIFY2(errorsOf(self).contains(QLatin1String("includes itself: self -> self")), qPrintable(errorsOf(self)));
}

void TestRenderer::kustomizeEscapesAndAbsolutePaths() {
    Repo repo;
    repo.write(QStringLiteral("shared.yaml"), configMap(QStringLiteral("shared")));
    repo.write(QStringLiteral("env/up/kustomization.yaml"), "resources: [../../../outside]\n");
    repo.write(QStringLiteral("env/abs/kustomization.yaml"), "resources: [/etc/kubernetes]\n");
    repo.write(QStringLiteral("env/sibling/kustomization.yaml"), "resources: [../../shared.yaml]\n");
    repo.write(QStringLiteral("env/patch/kustomization.yaml"), "resources: []\npatches:\n- path: ../../shared.yaml\n");
    repo.write(QStringLiteral("env/gen/kustomization.yaml"), "configMapGenerator:\n- name: x\n  files: [/etc/passwd]\n");
    auto source = repo.source(repo.commit());
    const auto check = [&](const char* env, const char* expected) {
        const RenderResult result = render(*source, QString::fromLatin1(env), RendererKind::Kustomize);
        QVERIFY(result.objects.empty());
        QVERIFY2(errorsOf(result).contains(QLatin1String(expected)), qPrintable(errorsOf(result)));
    };
    check("env/up", "path leaves the repository: ../../../outside");
    check("env/abs", "absolute paths are not allowed: /etc/kubernetes");
    check("env/sibling", "is not in or below env/sibling");
    check("env/patch", "is not in or below env/patch");
    check("env/gen", "absolute paths are not allowed: /etc/passwd");
}

void TestRenderer::kustomizeSymlinkOutOfTree() {
    Repo repo;
    repo.write(QStringLiteral("env/kustomization.yaml"), "resources: [link.yaml, inside.yaml]\n");
    repo.write(QStringLiteral("real.yaml"), configMap(QStringLiteral("real")));
    repo.symlink(QStringLiteral("env/link.yaml"), QStringLiteral("../../outside.yaml"));
    repo.symlink(QStringLiteral("env/inside.yaml"), QStringLiteral("../real.yaml"));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY(result.objects.empty());
    QVERIFY2(errorsOf(result).contains(QLatin1String("symlink points outside the repository")), qPrintable(errorsOf(result)));
}

void TestRenderer::kustomizeRemoteBaseRefused() {
    Repo repo;
    repo.write(QStringLiteral("env/kustomization.yaml"),
               "resources:\n- https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QVERIFY2(result.errors[0].message.startsWith(QLatin1String("remote bases are not allowed (no network while rendering)")),
             qPrintable(errorsOf(result)));
    QCOMPARE(result.errors[0].code, util::ErrorCode::Unsupported);
}

void TestRenderer::kustomizeUnsupportedField() {
    Repo repo;
    repo.write(QStringLiteral("a/kustomization.yaml"), "resources: []\nhelmCharts:\n- name: x\n");
    repo.write(QStringLiteral("b/kustomization.yaml"), "images:\n- name: x\n  tagSuffix: y\n");
    repo.write(QStringLiteral("c/kustomization.yaml"), "resources: []\nvars: []\n");
    auto source = repo.source(repo.commit());
    RenderOptions withoutKubectl;
    withoutKubectl.kubectlBinary = QStringLiteral("/nonexistent/kubectl");
    const auto check = [&](const char* env, const char* expected) {
        const RenderResult result = render(*source, QString::fromLatin1(env), RendererKind::Kustomize, withoutKubectl);
        QVERIFY(result.objects.empty());
        QCOMPARE(result.errors.size(), std::size_t(1));
        QCOMPARE(result.errors[0].code, util::ErrorCode::Unsupported);
        QVERIFY2(result.errors[0].message.startsWith(QLatin1String(expected)), qPrintable(errorsOf(result)));
        QCOMPARE(result.errors[0].where, QString::fromLatin1(env) + QStringLiteral("/kustomization.yaml"));
    };
    check("a", "kustomize field helmCharts is not built in; install kubectl (or kustomize) to render it");
    check("b", "kustomize field images[].tagSuffix is not built in; install kubectl");
    check("c", "kustomize field vars is not built in; install kubectl");
}

void TestRenderer::kustomizeUnknownKindAndCustomResources() {
    Repo repo;
    repo.write(QStringLiteral("env/kustomization.yaml"), "resources: [crd.yaml, cr.yaml]\nnamespace: apps\nnamePrefix: x-\n");
    repo.write(QStringLiteral("env/crd.yaml"), "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                                               "metadata:\n  name: widgets.example.com\nspec: {}\n");
    repo.write(QStringLiteral("env/cr.yaml"),
               "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: 3\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(namesOf(result),
             QStringList({QStringLiteral("CustomResourceDefinition/widgets.example.com"), QStringLiteral("Widget/x-w")}));
    QCOMPARE(result.objects[0].key.namespaceName, QString()); // cluster-scoped
    QCOMPARE(result.objects[1].key.namespaceName, QStringLiteral("apps"));
    QCOMPARE(result.objects[1].key.group, QStringLiteral("example.com"));
}

void TestRenderer::hugeSingleLineFile() {
    Repo repo;
    QByteArray huge = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: ";
    huge += QByteArray(50 * 1024 * 1024, 'x');
    repo.write(QStringLiteral("env/huge.yaml"), huge);
    repo.write(QStringLiteral("env/small.yaml"), configMap(QStringLiteral("small")));
    repo.write(QStringLiteral("kust/kustomization.yaml"), "resources: [../env/huge.yaml]\n");
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Plain);
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/small")}));
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].where, QStringLiteral("env/huge.yaml"));
    QVERIFY2(result.errors[0].message.contains(QLatin1String("50")), qPrintable(errorsOf(result)));
}

void TestRenderer::cacheHitsAcrossCommitsThatDidNotTouchTheEnvironment() {
    Repo repo;
    repo.write(QStringLiteral("envs/dev/kustomization.yaml"), "resources: [../../base]\nnamePrefix: dev-\n");
    repo.write(QStringLiteral("base/kustomization.yaml"), "resources: [cm.yaml]\n");
    repo.write(QStringLiteral("base/cm.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("plain/one.yaml"), configMap(QStringLiteral("one")));
    repo.write(QStringLiteral("unrelated.txt"), "1");
    const QString first = repo.commit();
    repo.write(QStringLiteral("unrelated.txt"), "2");
    repo.write(QStringLiteral("envs/prod/kustomization.yaml"), "resources: [../../base]\n");
    const QString second = repo.commit();

    RenderCache cache;
    auto atFirst = repo.source(first);
    auto atSecond = repo.source(second);
    const RenderResult dev1 = cache.render(*atFirst, QStringLiteral("envs/dev"), RendererKind::Auto);
    const RenderResult plain1 = cache.render(*atFirst, QStringLiteral("plain"), RendererKind::Auto);
    QCOMPARE(cache.misses(), std::size_t(2));
    const RenderResult dev2 = cache.render(*atSecond, QStringLiteral("envs/dev"), RendererKind::Auto);
    const RenderResult plain2 = cache.render(*atSecond, QStringLiteral("plain"), RendererKind::Auto);
    QCOMPARE(cache.hits(), std::size_t(2));
    QCOMPARE(cache.misses(), std::size_t(2));
    QCOMPARE(namesOf(dev2), QStringList({QStringLiteral("ConfigMap/dev-a")}));
    QCOMPARE(dev2.cacheKey, dev1.cacheKey);
    QCOMPARE(plain2.cacheKey, plain1.cacheKey);
    // Same inputs give the same key without the cache too.
    QCOMPARE(render(*atSecond, QStringLiteral("envs/dev"), RendererKind::Auto).cacheKey, dev1.cacheKey);
    // Another renderer kind is another entry.
    cache.render(*atSecond, QStringLiteral("plain"), RendererKind::Plain);
    QCOMPARE(cache.misses(), std::size_t(3));
}

void TestRenderer::cacheMissesWhenABaseChanges() {
    Repo repo;
    repo.write(QStringLiteral("envs/dev/kustomization.yaml"), "resources: [../../base]\n");
    repo.write(QStringLiteral("base/kustomization.yaml"), "resources: [cm.yaml]\n");
    repo.write(QStringLiteral("base/cm.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("plain/one.yaml"), configMap(QStringLiteral("one")));
    const QString first = repo.commit();
    repo.write(QStringLiteral("base/cm.yaml"), configMap(QStringLiteral("b")));
    repo.write(QStringLiteral("plain/sub/two.yaml"), configMap(QStringLiteral("two")));
    const QString second = repo.commit();
    // A kustomization.yml appearing next to the .yaml changes what Auto would read.
    repo.write(QStringLiteral("plain/kustomization.yml"), "resources: [one.yaml]\n");
    const QString third = repo.commit();

    RenderCache cache;
    auto atFirst = repo.source(first);
    auto atSecond = repo.source(second);
    auto atThird = repo.source(third);
    QCOMPARE(namesOf(cache.render(*atFirst, QStringLiteral("envs/dev"), RendererKind::Auto)),
             QStringList({QStringLiteral("ConfigMap/a")}));
    QCOMPARE(namesOf(cache.render(*atSecond, QStringLiteral("envs/dev"), RendererKind::Auto)),
             QStringList({QStringLiteral("ConfigMap/b")}));
    QCOMPARE(cache.hits(), std::size_t(0));
    QCOMPARE(namesOf(cache.render(*atFirst, QStringLiteral("plain"), RendererKind::Auto)),
             QStringList({QStringLiteral("ConfigMap/one")}));
    QCOMPARE(namesOf(cache.render(*atSecond, QStringLiteral("plain"), RendererKind::Auto)),
             QStringList({QStringLiteral("ConfigMap/one"), QStringLiteral("ConfigMap/two")}));
    const RenderResult third1 = cache.render(*atThird, QStringLiteral("plain"), RendererKind::Auto);
    QCOMPARE(third1.renderer, QStringLiteral("kustomize (native)"));
    QCOMPARE(cache.hits(), std::size_t(0));
    QCOMPARE(cache.misses(), std::size_t(5));
    // Going back to an earlier commit finds its entry again.
    cache.render(*atFirst, QStringLiteral("envs/dev"), RendererKind::Auto);
    QCOMPARE(cache.hits(), std::size_t(1));
}

void TestRenderer::cacheIsBounded() {
    Repo repo;
    for (int i = 0; i < 4; ++i)
        repo.write(QStringLiteral("e%1/a.yaml").arg(i), configMap(QStringLiteral("a")));
    auto source = repo.source(repo.commit());
    RenderCache cache(2);
    for (int i = 0; i < 4; ++i)
        cache.render(*source, QStringLiteral("e%1").arg(i), RendererKind::Plain);
    QCOMPARE(cache.size(), std::size_t(2));
    cache.render(*source, QStringLiteral("e3"), RendererKind::Plain); // most recent: kept
    QCOMPARE(cache.hits(), std::size_t(1));
    cache.render(*source, QStringLiteral("e0"), RendererKind::Plain); // evicted long ago
    QCOMPARE(cache.misses(), std::size_t(5));
}

void TestRenderer::jsonPatchEscapesAndAtomicity() {
    auto patch = JsonPatch::parse(nlohmann::ordered_json::parse(
        R"([{"op":"add","path":"/a~1b","value":1},{"op":"add","path":"/c~0d","value":2},
            {"op":"add","path":"/list/1","value":"x"},{"op":"remove","path":"/gone"}])"));
    QVERIFY(patch);
    nlohmann::ordered_json document = nlohmann::ordered_json::parse(R"({"list":["a","b"],"gone":true})");
    QVERIFY(patch->apply(document));
    QCOMPARE(document.dump(), std::string(R"({"list":["a","x","b"],"a/b":1,"c~d":2})"));
    auto failing = JsonPatch::parse(
        nlohmann::ordered_json::parse(R"([{"op":"add","path":"/new","value":1},{"op":"remove","path":"/missing"}])"));
    QVERIFY(failing);
    const std::string before = document.dump();
    auto applied = failing->apply(document);
    QVERIFY(!applied);
    QVERIFY(applied.error().message.contains(QLatin1String("remove /missing")));
    QCOMPARE(document.dump(), before);
    QVERIFY(!JsonPatch::parse(nlohmann::ordered_json::parse(R"([{"op":"add","path":"/x~2","value":1}])")));
    QVERIFY(!JsonPatch::parse(nlohmann::ordered_json::parse(R"([{"op":"frobnicate","path":"/x"}])")));
}

// Found by fuzz/targets/JsonPatchTarget.cpp: each copy of the root doubled the object, and
// 2^40 values never finished. Now an error naming the operation, the object untouched.
void TestRenderer::jsonPatchThatDoublesTheObjectFortyTimesIsRefused() {
    nlohmann::ordered_json operations = nlohmann::ordered_json::array();
    for (int i = 0; i < 40; ++i)
        operations.push_back({{"op", "copy"}, {"from", ""}, {"path", "/a" + std::to_string(i)}});
    auto patch = JsonPatch::parse(operations);
    QVERIFY(patch);
    nlohmann::ordered_json document = {{"x", 1}};
    auto applied = patch->apply(document);
    QVERIFY(!applied);
    QVERIFY2(applied.error().message.contains(QLatin1String("copy /a")), qPrintable(applied.error().message));
    QVERIFY(applied.error().message.contains(QLatin1String("copies more than 200000 values")));
    QCOMPARE(document.dump(), std::string(R"({"x":1})"));
    // Copies that stay small still work: twenty copies of a three-value list.
    nlohmann::ordered_json small = {{"list", {1, 2}}};
    nlohmann::ordered_json copies = nlohmann::ordered_json::array();
    for (int i = 0; i < 20; ++i)
        copies.push_back({{"op", "copy"}, {"from", "/list"}, {"path", "/c" + std::to_string(i)}});
    QVERIFY(JsonPatch::parse(copies)->apply(small));
    QCOMPARE(small.size(), std::size_t(21));
}

namespace {

// A kustomization over `cms.yaml` with one JSON patch adding data.patched to its target.
QByteArray patchedKustomization(const QByteArray& target) {
    return "resources: [cms.yaml]\npatches:\n- target:\n" + target +
           "  patch: |-\n    - op: add\n      path: /data/patched\n      value: \"yes\"\n";
}

QStringList patchedNames(const RenderResult& result) {
    QStringList names;
    for (const ManifestObject& object : result.objects) {
        if (object.body["data"].contains("patched"))
            names << object.key.name;
    }
    return names;
}

} // namespace

// std::regex backtracks exponentially on "(a*)*b" against a run of a's (the test would
// never end) and recurses per character on ".*"; RE2 does neither.
void TestRenderer::patchTargetsAreLinearTimeRegularExpressions() {
    Repo repo;
    const QString longName(4000, QLatin1Char('a'));
    repo.write(QStringLiteral("env/cms.yaml"), configMap(longName) + "---\n" + configMap(QStringLiteral("b")));
    repo.write(QStringLiteral("env/kustomization.yaml"), patchedKustomization("    name: \"(a*)*b\"\n"));
    repo.write(QStringLiteral("all/cms.yaml"), configMap(longName));
    repo.write(QStringLiteral("all/kustomization.yaml"), patchedKustomization("    name: \".*\"\n"));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(patchedNames(result), QStringList({QStringLiteral("b")}));
    const RenderResult all = render(*source, QStringLiteral("all"), RendererKind::Kustomize);
    QVERIFY2(all.ok(), qPrintable(errorsOf(all)));
    QCOMPARE(patchedNames(all), QStringList({longName}));
}

// kustomize wraps each pattern as ^(?:pattern)$, takes kind/group/version as patterns
// too, and matches an unset namespace as "default" (tst_kustomize_kubectl checks the
// same against kubectl byte for byte).
void TestRenderer::patchTargetsAnchorLikeKustomize() {
    Repo repo;
    repo.write(QStringLiteral("env/cms.yaml"), configMap(QStringLiteral("a")) + "---\n" + configMap(QStringLiteral("ab")) +
                                                   "---\n" + configMap(QStringLiteral("ba")) + "---\n" +
                                                   configMap(QStringLiteral("b")));
    repo.write(QStringLiteral("env/kustomization.yaml"), patchedKustomization("    kind: Config.*\n    name: a|b\n"));
    repo.write(QStringLiteral("ns/cms.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("ns/kustomization.yaml"), patchedKustomization("    namespace: default\n"));
    repo.write(QStringLiteral("bad/cms.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("bad/kustomization.yaml"), patchedKustomization("    name: \"(\"\n"));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(patchedNames(result), QStringList({QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(patchedNames(render(*source, QStringLiteral("ns"), RendererKind::Kustomize)), QStringList({QStringLiteral("a")}));
    const RenderResult bad = render(*source, QStringLiteral("bad"), RendererKind::Kustomize);
    QCOMPARE(bad.errors.size(), std::size_t(1));
    QCOMPARE(bad.errors[0].code, util::ErrorCode::InvalidArgument);
    QVERIFY2(bad.errors[0].message.startsWith(QLatin1String("patch target name: invalid regular expression \"(\": missing )")),
             qPrintable(errorsOf(bad)));
    QCOMPARE(bad.errors[0].where, QStringLiteral("bad/kustomization.yaml"));
}

void TestRenderer::patchTargetLengthsAreCapped() {
    Repo repo;
    repo.write(QStringLiteral("env/cms.yaml"), configMap(QString(300'000, QLatin1Char('x'))));
    repo.write(QStringLiteral("env/kustomization.yaml"), patchedKustomization("    name: \".*\"\n"));
    repo.write(QStringLiteral("long/cms.yaml"), configMap(QStringLiteral("a")));
    repo.write(QStringLiteral("long/kustomization.yaml"), patchedKustomization("    name: \"" + QByteArray(5000, 'a') + "\"\n"));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY(result.objects.empty());
    QCOMPARE(result.errors.size(), std::size_t(1));
    QCOMPARE(result.errors[0].message,
             QStringLiteral("a name of 300000 characters is longer than the 4096 a patch target can match"));
    QCOMPARE(result.errors[0].where, QStringLiteral("env/kustomization.yaml"));
    const RenderResult longPattern = render(*source, QStringLiteral("long"), RendererKind::Kustomize);
    QCOMPARE(longPattern.errors.size(), std::size_t(1));
    QCOMPARE(longPattern.errors[0].message,
             QStringLiteral("patch target name: a pattern of 5000 characters is longer than 4096"));
}

// kubectl kustomize refuses these too ("security; file ... is not in or below ..."),
// see tst_kustomize_kubectl.
void TestRenderer::kustomizeSymlinkOutsideTheRootIsRefused() {
    Repo repo;
    repo.write(QStringLiteral("real.yaml"), configMap(QStringLiteral("real")));
    repo.write(QStringLiteral("res/kustomization.yaml"), "resources: [link.yaml]\n");
    repo.symlink(QStringLiteral("res/link.yaml"), QStringLiteral("../real.yaml"));
    repo.write(QStringLiteral("patch/kustomization.yaml"), "resources: [cm.yaml]\npatches:\n- path: p.yaml\n");
    repo.write(QStringLiteral("patch/cm.yaml"), configMap(QStringLiteral("real")));
    repo.symlink(QStringLiteral("patch/p.yaml"), QStringLiteral("../real.yaml"));
    repo.write(QStringLiteral("gen/kustomization.yaml"), "configMapGenerator:\n- name: g\n  files: [data.txt]\n");
    repo.symlink(QStringLiteral("gen/data.txt"), QStringLiteral("../real.yaml"));
    repo.write(QStringLiteral("dir/kustomization.yaml"), "resources: [sub/cm.yaml]\n");
    repo.symlink(QStringLiteral("dir/sub"), QStringLiteral("../outside"));
    repo.write(QStringLiteral("outside/cm.yaml"), configMap(QStringLiteral("o")));
    auto source = repo.source(repo.commit());
    const auto check = [&](const char* env, const char* file, const char* target) {
        const RenderResult result = render(*source, QString::fromLatin1(env), RendererKind::Kustomize);
        QVERIFY(result.objects.empty());
        QCOMPARE(result.errors.size(), std::size_t(1));
        QCOMPARE(result.errors[0].code, util::ErrorCode::InvalidArgument);
        QCOMPARE(result.errors[0].message, QStringLiteral("%1/%2 resolves through a symlink to %3, which is not in or below %1 "
                                                          "(kustomize load restrictions)")
                                               .arg(QLatin1String(env), QLatin1String(file), QLatin1String(target)));
        QCOMPARE(result.errors[0].where, QString::fromLatin1(env) + QStringLiteral("/kustomization.yaml"));
    };
    check("res", "link.yaml", "real.yaml");
    check("patch", "p.yaml", "real.yaml");
    check("gen", "data.txt", "real.yaml");
    check("dir", "sub/cm.yaml", "outside/cm.yaml");
}

void TestRenderer::kustomizeSymlinksInsideTheRootAndLinkedBasesRender() {
    Repo repo;
    repo.write(QStringLiteral("env/kustomization.yaml"), "resources: [link.yaml, base]\n");
    repo.write(QStringLiteral("env/sub/cm.yaml"), configMap(QStringLiteral("inside")));
    repo.symlink(QStringLiteral("env/link.yaml"), QStringLiteral("sub/cm.yaml"));
    repo.symlink(QStringLiteral("env/base"), QStringLiteral("../shared"));
    repo.write(QStringLiteral("shared/kustomization.yaml"), "resources: [cm.yaml]\n");
    repo.write(QStringLiteral("shared/cm.yaml"), configMap(QStringLiteral("shared")));
    auto source = repo.source(repo.commit());
    const RenderResult result = render(*source, QStringLiteral("env"), RendererKind::Kustomize);
    QVERIFY2(result.ok(), qPrintable(errorsOf(result)));
    QCOMPARE(namesOf(result), QStringList({QStringLiteral("ConfigMap/inside"), QStringLiteral("ConfigMap/shared")}));
}

QTEST_GUILESS_MAIN(TestRenderer)
#include "tst_renderer.moc"
