// Application detection on repositories shaped like argoproj/argocd-example-apps (an
// app-of-apps chart, ApplicationSets) and fluxcd/flux2-kustomize-helm-example (a Flux
// monorepo, once with GitRepository sources and once with an ArtifactGenerator), and on
// folder layouts: what is found, why, and the reason for what is not. The fixtures under
// tests/data/detect/ are committed into a scratch repository and read from Git.
#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/FluxSubstitution.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/YamlWriter.h"
#include "support/GitFixture.h"
#include "support/TestTools.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/WorkspaceLoader.h"
#include "workspace/detect/ApplicationDetector.h"
#include "workspace/detect/ApplicationEnvironments.h"
#include "workspace/detect/HelmChartRendering.h"
#include "workspace/detect/StageOrder.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>

using namespace syncline;
using namespace syncline::workspace;
using syncline::test::GitFixture;

namespace {

constexpr qint64 t0 = 1'700'000'000;

void commitFixture(GitFixture& repo, const QString& name) {
    repo.writeFolder(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/detect/") + name);
    repo.commitAll(QStringLiteral("fixture ") + name, t0);
}

DetectionResult detectIn(const GitFixture& repo, DetectorOptions options = {}) {
    auto snapshot = git::TreeSnapshot::atRevision(syncline::test::openRepository(repo.path()), QStringLiteral("main"));
    if (!snapshot)
        qFatal("snapshot: %s", qPrintable(snapshot.error().toString()));
    const manifest::GitTreeFileSource files(std::move(*snapshot));
    if (options.currentBranch.isEmpty())
        options.currentBranch = QStringLiteral("main");
    return ApplicationDetector::detect(files, options);
}

DetectionResult detectFixture(const QString& name, DetectorOptions options = {}) {
    GitFixture repo;
    commitFixture(repo, name);
    return detectIn(repo, std::move(options));
}

const DetectedApplication* find(const DetectionResult& result, const QString& application, const QString& environment) {
    for (const DetectedApplication& app : result.applications)
        if (app.application == application && app.environment == environment)
            return &app;
    return nullptr;
}

// "application@environment" of every application, in the order found.
QStringList keysOf(const DetectionResult& result) {
    QStringList keys;
    for (const DetectedApplication& app : result.applications)
        keys.append(app.application + QLatin1Char('@') + app.environment);
    return keys;
}

// The reason given for `what`, or an empty string when it is not listed.
QString reasonFor(const DetectionResult& result, const QString& what) {
    for (const UnrecognizedSource& source : result.unrecognized)
        if (source.what == what)
            return source.reason;
    return {};
}

QString dump(const DetectionResult& result) {
    QStringList lines;
    for (const DetectedApplication& app : result.applications)
        lines.append(app.application + QLatin1Char('@') + app.environment + QStringLiteral(" | ") + app.reason);
    for (const UnrecognizedSource& source : result.unrecognized)
        lines.append(QStringLiteral("? ") + source.where + QStringLiteral(" | ") + source.what + QStringLiteral(" | ") +
                     source.reason);
    return lines.join(QLatin1Char('\n'));
}

#define VERIFY_FOUND(app) QVERIFY2(app, qPrintable(dump(result)))

// A kustomize base with overlays at the root of the repository, and an envs/ folder of plain YAML.
void writeRootFolderLayout(GitFixture& repo) {
    repo.writeFile(QStringLiteral("base/kustomization.yaml"), "resources:\n- deployment.yaml\n");
    repo.writeFile(QStringLiteral("base/deployment.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
    for (const char* env : {"prod", "dev", "staging", "base"})
        repo.writeFile(QStringLiteral("overlays/%1/kustomization.yaml").arg(QLatin1String(env)), "resources:\n- ../../base\n");
    repo.writeFile(QStringLiteral("envs/qa/web.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
}

} // namespace

class TestApplicationDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appOfAppsChartWithoutHelmReadsValuesYaml() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"));
        const DetectedApplication* guestbook = find(result, QStringLiteral("guestbook"), QStringLiteral("default"));
        VERIFY_FOUND(guestbook);
        QCOMPARE(guestbook->path, QStringLiteral("guestbook"));
        QCOMPARE(guestbook->renderer, RendererChoice::Plain);
        QCOMPARE(guestbook->mode, Mode::ArgoCD);
        QCOMPARE(guestbook->argocd, (ArgoCDAgent{QStringLiteral("guestbook"), QStringLiteral("argocd")}));
        QCOMPARE(guestbook->branch, QStringLiteral("main")); // targetRevision HEAD, read from values.yaml
        QCOMPARE(guestbook->clusterHint, QStringLiteral("https://kubernetes.default.svc"));
        QCOMPARE(guestbook->defaultNamespace, QStringLiteral("guestbook"));
        QCOMPARE(guestbook->sync, SyncPolicy{});
        QCOMPARE(guestbook->reason, QStringLiteral("Argo CD Application of the app-of-apps chart apps, guestbook in "
                                                   "apps/templates/guestbook.yaml: source path guestbook (plain)"));

        const DetectedApplication* kustomize = find(result, QStringLiteral("kustomize-guestbook"), QStringLiteral("default"));
        VERIFY_FOUND(kustomize);
        QCOMPARE(kustomize->renderer, RendererChoice::Kustomize);
        QCOMPARE(kustomize->sync, (SyncPolicy{.autoSync = true, .prune = true, .selfHeal = true}));

        const DetectedApplication* helm = find(result, QStringLiteral("helm-guestbook"), QStringLiteral("default"));
        VERIFY_FOUND(helm);
        QCOMPARE(helm->renderer, RendererChoice::Helm);
        QVERIFY(helm->helm);
        QCOMPARE(helm->helm->chartPath, QStringLiteral("helm-guestbook"));
        QCOMPARE(helm->helm->releaseName, QStringLiteral("guestbook"));
        QCOMPARE(helm->helm->namespace_, QStringLiteral("helm-guestbook"));
        QCOMPARE(helm->helm->valueFiles, QStringList{QStringLiteral("values-production.yaml")});
        QCOMPARE(helm->helm->values, QStringLiteral("{\"service\":{\"type\":\"ClusterIP\"}}"));
        QCOMPARE(helm->helm->parameters.size(), std::size_t(1));
        QCOMPARE(helm->helm->parameters[0], (std::pair{QStringLiteral("replicaCount"), QStringLiteral("2")}));

        // Without helm the {{- if }} around cert-manager cannot be evaluated; its chart is remote anyway.
        QCOMPARE(reasonFor(result, QStringLiteral("Argo CD Application of the app-of-apps chart apps, cert-manager")),
                 QStringLiteral("chart cert-manager from the Helm repository https://charts.jetstack.io: not rendered offline"));
        // The chart folder itself is not an application.
        QVERIFY2(!keysOf(result).filter(QRegularExpression(QStringLiteral("^apps@"))).size(), qPrintable(dump(result)));
    }

    void appOfAppsChartIsRenderedWhenARendererIsGiven() {
        QList<manifest::HelmSource> asked;
        DetectorOptions options;
        options.renderChart = [&](const manifest::FileSource& files,
                                  const manifest::HelmSource& source) -> util::Result<QByteArray> {
            asked.append(source);
            Q_UNUSED(files);
            // What helm prints: only what the chart's conditions let through.
            return QByteArray("---\n# Source: applications/templates/guestbook.yaml\n"
                              "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: guestbook\n"
                              "  namespace: argocd\nspec:\n  destination:\n    namespace: guestbook\n"
                              "    server: https://kubernetes.default.svc\n  source:\n    path: guestbook\n"
                              "    repoURL: https://github.com/argoproj/argocd-example-apps.git\n    targetRevision: HEAD\n");
        };
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"), options);
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked[0].chartPath, QStringLiteral("apps"));
        QVERIFY2(find(result, QStringLiteral("guestbook"), QStringLiteral("default")), qPrintable(dump(result)));
        QCOMPARE(find(result, QStringLiteral("guestbook"), QStringLiteral("default"))
                     ->reason.contains(QStringLiteral("apps/templates/guestbook.yaml")),
                 true);
        // The rendered chart has no helm-guestbook and no cert-manager: nothing is guessed beside it.
        QVERIFY(!find(result, QStringLiteral("helm-guestbook"), QStringLiteral("default")));
        QVERIFY(reasonFor(result, QStringLiteral("Argo CD Application of the app-of-apps chart apps, cert-manager")).isEmpty());
    }

    // The window and `syncline detect` render an app-of-apps chart with the real helm: the
    // Applications are those helm prints, and no values.yaml guess is needed.
    void appOfAppsChartRenderedByTheRealHelm() {
        const test::TestTool helm = test::testTool(QStringLiteral("helm"));
        if (!helm.found())
            QSKIP(qPrintable(QStringLiteral("app-of-apps detection was NOT checked with helm: ") + helm.whyMissing));
        DetectorOptions options;
        options.renderChart = helmChartRenderer(helm.path);
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"), options);
        for (const char* name : {"guestbook", "kustomize-guestbook", "helm-guestbook"}) {
            const DetectedApplication* app = find(result, QString::fromLatin1(name), QStringLiteral("default"));
            VERIFY_FOUND(app);
            QVERIFY2(app->reason.contains(QStringLiteral("apps/templates/")), qPrintable(app->reason));
        }
        QCOMPARE(find(result, QStringLiteral("helm-guestbook"), QStringLiteral("default"))->renderer, RendererChoice::Helm);
        QVERIFY2(reasonFor(result, QStringLiteral("Helm chart apps")).isEmpty(), qPrintable(dump(result)));
    }

    void aChartThatFailsToRenderIsListedAndReadFromValuesYaml() {
        DetectorOptions options;
        options.renderChart = [](const manifest::FileSource&, const manifest::HelmSource&) -> util::Result<QByteArray> {
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("Helm charts need helm on PATH"));
        };
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"), options);
        QCOMPARE(reasonFor(result, QStringLiteral("Helm chart apps")),
                 QStringLiteral("helm template failed (Helm charts need helm on PATH); its values.yaml was read instead"));
        QVERIFY(find(result, QStringLiteral("helm-guestbook"), QStringLiteral("default")));
    }

    void applicationsInAFolderDeployedByAParentApplication() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"));
        const DetectedApplication* root = find(result, QStringLiteral("root"), QStringLiteral("default"));
        VERIFY_FOUND(root);
        QCOMPARE(root->path, QStringLiteral("argocd"));
        QVERIFY2(root->reason.endsWith(QStringLiteral("; an app of apps: its folder holds the Applications "
                                                      "sock-shop, guestbook-prod, helm-guestbook-staging")),
                 qPrintable(root->reason));

        // "guestbook-prod": the stage word names the environment, the rest the application.
        const DetectedApplication* prod = find(result, QStringLiteral("guestbook"), QStringLiteral("prod"));
        VERIFY_FOUND(prod);
        QCOMPARE(prod->path, QStringLiteral("kustomize-guestbook"));
        QCOMPARE(prod->branch, QStringLiteral("release"));
        QCOMPARE(prod->clusterHint, QStringLiteral("prod-cluster"));
        QCOMPARE(prod->argocd.application, QStringLiteral("guestbook-prod"));
        QCOMPARE(prod->sync, (SyncPolicy{.autoSync = true}));
        QVERIFY2(prod->reason.endsWith(QStringLiteral("(deployed by the parent Application root)")), qPrintable(prod->reason));
    }

    void multipleSourcesWithAValuesRef() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"));
        const DetectedApplication* staging = find(result, QStringLiteral("helm-guestbook"), QStringLiteral("staging"));
        VERIFY_FOUND(staging);
        QCOMPARE(staging->renderer, RendererChoice::Helm);
        QCOMPARE(staging->helm->valueFiles, QStringList{QStringLiteral("$values/environments/staging/guestbook-values.yaml")});
        QCOMPARE(staging->helm->releaseName, QStringLiteral("helm-guestbook-staging"));
        QCOMPARE(staging->clusterHint, QStringLiteral("staging-cluster"));
    }

    void aSourceInAnotherRepositoryIsNamed() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-app-of-apps"));
        QCOMPARE(reasonFor(result, QStringLiteral("Argo CD Application sock-shop")),
                 QStringLiteral("source is another repository: https://github.com/microservices-demo/microservices-demo.git "
                                "(path deploy/kubernetes/manifests is not a folder of this repository)"));
        // With the repository's own URL known, a same-named folder does not make it ours.
        DetectorOptions options;
        options.repositoryUrls = {QStringLiteral("https://github.com/example/elsewhere.git")};
        const DetectionResult strict = detectFixture(QStringLiteral("argocd-app-of-apps"), options);
        QVERIFY(!find(strict, QStringLiteral("guestbook"), QStringLiteral("prod")));
        QVERIFY(reasonFor(strict, QStringLiteral("Argo CD Application guestbook-prod"))
                    .startsWith(QStringLiteral("source is another repository: https://github.com/argoproj/")));
    }

    void applicationSetGitDirectoriesWithExclude() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-applicationsets"));
        for (const char* app : {"billing", "web"})
            for (const char* env : {"dev", "staging", "prod"}) {
                const DetectedApplication* found = find(result, QLatin1String(app), QLatin1String(env));
                VERIFY_FOUND(found);
                QCOMPARE(found->path, QStringLiteral("apps/%1/overlays/%2").arg(QLatin1String(app), QLatin1String(env)));
                QCOMPARE(found->renderer, RendererChoice::Kustomize);
                QCOMPARE(found->defaultNamespace, QLatin1String(app));
                QCOMPARE(found->sync, (SyncPolicy{.autoSync = true, .prune = true}));
                QVERIFY2(found->reason.startsWith(QStringLiteral("ApplicationSet overlays (git directories generator: "
                                                                 "apps/*/overlays/*): Application %1-%2 in "
                                                                 "applicationsets/overlays.yaml")
                                                      .arg(QLatin1String(app), QLatin1String(env))),
                         qPrintable(found->reason));
            }
        // The excluded sandbox overlays come only from the matrix below, never from this generator.
        QVERIFY(!find(result, QStringLiteral("billing"), QStringLiteral("sandbox")));
    }

    void applicationSetListAndGitFilesWithGoTemplate() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-applicationsets"));
        const DetectedApplication* eu = find(result, QStringLiteral("web-eu"), QStringLiteral("prod"));
        VERIFY_FOUND(eu);
        QCOMPARE(eu->clusterHint, QStringLiteral("prod-eu"));
        QVERIFY(find(result, QStringLiteral("web-us"), QStringLiteral("prod")));

        const DetectedApplication* payments = find(result, QStringLiteral("payments"), QStringLiteral("staging"));
        VERIFY_FOUND(payments);
        QCOMPARE(payments->path, QStringLiteral("apps/billing/overlays/staging"));
        QCOMPARE(payments->clusterHint, QStringLiteral("team-payments"));
        const DetectedApplication* storefront = find(result, QStringLiteral("storefront"), QStringLiteral("dev"));
        VERIFY_FOUND(storefront); // from config.yaml: json and yaml files both feed the generator
        QCOMPARE(storefront->path, QStringLiteral("apps/web/overlays/dev"));
    }

    void applicationSetMatrixOfTwoGenerators() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-applicationsets"));
        for (const char* app : {"billing", "web"})
            for (const char* cluster : {"preview-a", "preview-b"}) {
                const DetectedApplication* found = find(
                    result, QStringLiteral("%1-%2").arg(QLatin1String(app), QLatin1String(cluster)), QStringLiteral("sandbox"));
                VERIFY_FOUND(found);
                QCOMPARE(found->clusterHint, QLatin1String(cluster));
                QCOMPARE(found->path, QStringLiteral("apps/%1/overlays/sandbox").arg(QLatin1String(app)));
            }
    }

    void applicationSetGeneratorsThatNeedAServerAreListed() {
        const DetectionResult result = detectFixture(QStringLiteral("argocd-applicationsets"));
        QCOMPARE(reasonFor(result, QStringLiteral("ApplicationSet everywhere")),
                 QStringLiteral("the clusters generator needs Argo CD's cluster secrets"));
        QCOMPARE(reasonFor(result, QStringLiteral("ApplicationSet pr-previews")),
                 QStringLiteral("the pullRequest generator asks a Git hosting server for pull requests"));
        // Base folders are not applications; nothing else was guessed.
        QCOMPARE(result.applications.size(), std::size_t(6 + 2 + 2 + 4));
    }

    void fluxEveryKustomizationOfEachCluster() {
        const DetectionResult result = detectFixture(QStringLiteral("flux-monorepo"));
        for (const char* env : {"staging", "production"}) {
            const QString e = QLatin1String(env);
            const DetectedApplication* controllers = find(result, QStringLiteral("infra-controllers"), e);
            const DetectedApplication* configs = find(result, QStringLiteral("infra-configs"), e);
            const DetectedApplication* apps = find(result, QStringLiteral("apps"), e);
            VERIFY_FOUND(controllers);
            VERIFY_FOUND(configs);
            VERIFY_FOUND(apps);
            QCOMPARE(controllers->path, QStringLiteral("infrastructure/controllers"));
            QCOMPARE(configs->dependsOn, QStringList{QStringLiteral("infra-controllers")});
            QCOMPARE(apps->dependsOn, QStringList{QStringLiteral("infra-configs")});
            QCOMPARE(apps->path, QStringLiteral("apps/") + e);
            QCOMPARE(apps->renderer, RendererChoice::Kustomize);
            QCOMPARE(apps->mode, Mode::Flux);
            QCOMPARE(apps->flux, (FluxAgent{QStringLiteral("apps"), QStringLiteral("flux-system")}));
            QCOMPARE(apps->branch, QStringLiteral("main"));
            QCOMPARE(apps->clusterHint, e);
            QCOMPARE(apps->sync, (SyncPolicy{.autoSync = true, .prune = true, .selfHeal = true}));
            QCOMPARE(apps->reason, QStringLiteral("Flux Kustomization apps in clusters/%1/apps.yaml: path apps/%1 of "
                                                  "GitRepository flux-system")
                                       .arg(e));
            // The bootstrap Kustomization syncs the cluster folder: listed, not an application.
            QVERIFY(!find(result, QStringLiteral("flux-system"), e));
        }
        QCOMPARE(reasonFor(result, QStringLiteral("Flux Kustomization flux-system")),
                 QStringLiteral("Flux's own sync of clusters/production: the Kustomizations there are the applications"));
    }

    void fluxPostBuildSubstitution() {
        const DetectionResult result = detectFixture(QStringLiteral("flux-monorepo"));
        const DetectedApplication* staging = find(result, QStringLiteral("apps"), QStringLiteral("staging"));
        VERIFY_FOUND(staging);
        // substituteFrom the cluster's own ConfigMap, then substitute on top.
        const std::map<QString, QString> expected = {{QStringLiteral("cluster_domain"), QStringLiteral("staging.internal")},
                                                     {QStringLiteral("cluster_name"), QStringLiteral("staging")},
                                                     {QStringLiteral("replicas"), QStringLiteral("2")}};
        QCOMPARE(staging->substitutions, expected);
        QCOMPARE(
            find(result, QStringLiteral("apps"), QStringLiteral("production"))->substitutions.at(QStringLiteral("cluster_name")),
            QStringLiteral("production"));
        // A Secret only the cluster has is named; an optional one that is missing is not a problem.
        QCOMPARE(reasonFor(result, QStringLiteral("Flux Kustomization apps: substituteFrom Secret cluster-secrets")),
                 QStringLiteral("Secret cluster-secrets is not defined in this repository (it must exist in the cluster); "
                                "its variables are left out"));
        QVERIFY(
            reasonFor(result, QStringLiteral("Flux Kustomization infra-configs: substituteFrom Secret acme-settings")).isEmpty());
    }

    void fluxHelmReleases() {
        const DetectionResult result = detectFixture(QStringLiteral("flux-monorepo"));
        const DetectedApplication* api = find(result, QStringLiteral("internal-api"), QStringLiteral("default"));
        VERIFY_FOUND(api);
        QCOMPARE(api->renderer, RendererChoice::Helm);
        QCOMPARE(api->path, QStringLiteral("charts/internal-api"));
        QCOMPARE(api->helm->chartPath, QStringLiteral("charts/internal-api"));
        QCOMPARE(api->helm->releaseName, QStringLiteral("internal-internal-api")); // helm-controller's default
        QCOMPARE(api->helm->namespace_, QStringLiteral("internal"));
        QCOMPARE(api->helm->valueFiles, QStringList{QStringLiteral("./charts/internal-api/values.yaml")});
        QCOMPARE(api->helm->values, QStringLiteral("{\"replicaCount\":2}"));
        // A chart from a HelmRepository: an application in the release's folder, its chart remote.
        const DetectedApplication* podinfo = find(result, QStringLiteral("podinfo"), QStringLiteral("default"));
        VERIFY_FOUND(podinfo);
        QCOMPARE(podinfo->renderer, RendererChoice::Helm);
        QCOMPARE(podinfo->path, QStringLiteral("apps/base/podinfo"));
        QCOMPARE(podinfo->helm->remoteChart, (manifest::RemoteChart{QStringLiteral("https://stefanprodan.github.io/podinfo"),
                                                                    QStringLiteral("podinfo"), QString()}));
        QCOMPARE(podinfo->helm->releaseName, QStringLiteral("podinfo"));
        QVERIFY(podinfo->helm->chartPath.isEmpty());
        QVERIFY(reasonFor(result, QStringLiteral("Flux HelmRelease podinfo")).isEmpty());
    }

    void fluxExternalArtifactMapsBackToRepositoryPaths() {
        const DetectionResult result = detectFixture(QStringLiteral("flux-artifact-generator"));
        const DetectedApplication* controllers = find(result, QStringLiteral("infra-controllers"), QStringLiteral("staging"));
        VERIFY_FOUND(controllers);
        QCOMPARE(controllers->path, QStringLiteral("infrastructure/controllers")); // @artifact/infra/controllers
        const DetectedApplication* apps = find(result, QStringLiteral("apps"), QStringLiteral("production"));
        VERIFY_FOUND(apps);
        QCOMPARE(apps->path, QStringLiteral("apps/production")); // @repo/apps copied as @artifact/apps
        QCOMPARE(apps->reason, QStringLiteral("Flux Kustomization apps in clusters/production/apps.yaml: path apps/production "
                                              "of ExternalArtifact fleet of ArtifactGenerator fleet (@repo/apps -> @artifact/, "
                                              "from GitRepository flux-system)"));
        const DetectedApplication* api = find(result, QStringLiteral("internal-api"), QStringLiteral("default"));
        VERIFY_FOUND(api);
        QCOMPARE(api->helm->chartPath, QStringLiteral("charts/internal-api"));
    }

    void folderLayouts() {
        const DetectionResult result = detectFixture(QStringLiteral("folder-layouts"));
        // Stage order first (dev, staging, prod), then the rest as found.
        QCOMPARE(keysOf(result).join(QLatin1Char(' ')),
                 QStringLiteral("worker@dev web@dev billing@staging billing@prod worker@prod "
                                "web@prod standalone@default cache@edge"));
        QCOMPARE(find(result, QStringLiteral("web"), QStringLiteral("dev"))->reason,
                 QStringLiteral("folder apps/web/overlays/dev (the <app>/overlays/<env> layout)"));
        QCOMPARE(find(result, QStringLiteral("web"), QStringLiteral("dev"))->renderer, RendererChoice::Kustomize);
        QCOMPARE(find(result, QStringLiteral("worker"), QStringLiteral("prod"))->path, QStringLiteral("envs/prod/worker"));
        QCOMPARE(find(result, QStringLiteral("worker"), QStringLiteral("prod"))->renderer, RendererChoice::Plain);
        QCOMPARE(find(result, QStringLiteral("billing"), QStringLiteral("staging"))->reason,
                 QStringLiteral("folder billing/staging (the <app>/<env> layout)"));
        QCOMPARE(find(result, QStringLiteral("cache"), QStringLiteral("edge"))->path, QStringLiteral("clusters/edge/cache"));
        QCOMPARE(find(result, QStringLiteral("standalone"), QStringLiteral("default"))->mode, Mode::Direct);
        QVERIFY(result.unrecognized.empty());
    }

    void boundsAreReported() {
        GitFixture repo;
        commitFixture(repo, QStringLiteral("argocd-app-of-apps"));
        repo.writeFile(QStringLiteral("big/huge.yaml"), QByteArray("# argoproj.io\n") + QByteArray(4096, 'x'));
        repo.commitAll(QStringLiteral("big"), t0 + 1);
        DetectorOptions small;
        small.maxFileBytes = 1024;
        const DetectionResult sized = detectIn(repo, small);
        QCOMPARE(reasonFor(sized, QStringLiteral("file")), QStringLiteral("4110 bytes, more than the 1024 detection reads"));
        DetectorOptions few;
        few.maxEntries = 5;
        const DetectionResult cut = detectIn(repo, few);
        QCOMPARE(reasonFor(cut, QStringLiteral("the rest of the repository")),
                 QStringLiteral("stopped looking after 5 files and folders"));
    }

    void anApplicationSetThatWouldExplodeIsListed() {
        GitFixture repo;
        QByteArray elements;
        for (int i = 0; i < 40; ++i)
            elements += "          - n" + QByteArray::number(i) + ": x\n";
        repo.writeFile(QStringLiteral("web/deployment.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
        repo.writeFile(QStringLiteral("appsets/huge.yaml"),
                       "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: huge\nspec:\n"
                       "  generators:\n  - matrix:\n      generators:\n      - list:\n          elements:\n" +
                           elements + "      - list:\n          elements:\n" + elements +
                           "  template:\n    metadata:\n      name: web\n    spec:\n      source:\n        path: web\n");
        repo.commitAll(QStringLiteral("huge"), t0);
        const DetectionResult result = detectIn(repo);
        QCOMPARE(reasonFor(result, QStringLiteral("ApplicationSet huge")),
                 QStringLiteral("the matrix generates 1600 Applications, more than the 1000 detection expands"));
    }

    void fluxSubstitutionRules() {
        const manifest::FluxSubstitution::Variables vars = {{QStringLiteral("name"), QStringLiteral("podinfo")},
                                                            {QStringLiteral("empty"), QString()}};
        auto apply = [&](const char* in) {
            return manifest::FluxSubstitution::apply(QByteArray(in), vars, QStringLiteral("x.yaml"));
        };
        QCOMPARE(*apply("app: ${name}"), QByteArray("app: podinfo"));
        QCOMPARE(*apply("app: ${missing}."), QByteArray("app: ."));
        QCOMPARE(*apply("r: ${replicas:=2} e: ${empty:=d} n: ${name:=x}"), QByteArray("r: 2 e: d n: podinfo"));
        QCOMPARE(*apply("keep: $${name} and $name and $"), QByteArray("keep: ${name} and $name and $"));
        const auto bad = apply("bad: ${not a var}");
        QVERIFY(!bad);
        QCOMPARE(bad.error().toString(),
                 QStringLiteral("x.yaml: ${not a var} is not a variable Flux substitutes (names are letters, digits and _)"));
        QVERIFY(!apply("open: ${name"));
    }

    // A standalone Application's own fields: its namespace, destination, revision and a
    // "./path/" as people write it.
    void anArgoCDApplicationsFieldsAreRead() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("kustomize-guestbook/kustomization.yaml"), "resources: []\n");
        repo.writeFile(QStringLiteral("argocd/guestbook-prod.yaml"),
                       "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: guestbook-prod\n"
                       "  namespace: argocd-prod\nspec:\n  project: default\n  source:\n"
                       "    repoURL: https://example.com/argocd-example-apps.git\n    targetRevision: release\n"
                       "    path: ./kustomize-guestbook/\n  destination:\n    name: prod-cluster\n    namespace: shop\n"
                       "  syncPolicy:\n    automated: {}\n");
        repo.commitAll(QStringLiteral("argo"), t0);
        const DetectionResult result = detectIn(repo);
        const DetectedApplication* prod = find(result, QStringLiteral("guestbook"), QStringLiteral("prod"));
        VERIFY_FOUND(prod);
        QCOMPARE(prod->path, QStringLiteral("kustomize-guestbook"));
        QCOMPARE(prod->renderer, RendererChoice::Kustomize);
        QCOMPARE(prod->branch, QStringLiteral("release"));
        QCOMPARE(prod->clusterHint, QStringLiteral("prod-cluster"));
        QCOMPARE(prod->defaultNamespace, QStringLiteral("shop"));
        QCOMPARE(prod->argocd, (ArgoCDAgent{QStringLiteral("guestbook-prod"), QStringLiteral("argocd-prod")}));
        QCOMPARE(prod->sync, (SyncPolicy{.autoSync = true}));
        QCOMPARE(result.applications.size(), std::size_t(1)); // the folder it deploys is not a second one
        // One stage name tells no promotion order.
        QVERIFY(ApplicationEnvironments::fromApplications(result).promotionOrder.isEmpty());
    }

    // The branch of a Flux application is the GitRepository's ref, not the branch read.
    void fluxBranchIsTheGitRepositorysRef() {
        DetectorOptions options;
        options.currentBranch = QStringLiteral("trunk");
        const DetectionResult result = detectFixture(QStringLiteral("flux-monorepo"), options);
        for (const char* env : {"staging", "production"}) {
            const DetectedApplication* apps = find(result, QStringLiteral("apps"), QLatin1String(env));
            VERIFY_FOUND(apps);
            QCOMPARE(apps->branch, QStringLiteral("main"));
        }
    }

    // overlays/<env> and envs/<env> at the root: one application in each stage, stage order
    // first; base is no environment.
    void foldersAtTheRootOfAConvention() {
        GitFixture repo;
        writeRootFolderLayout(repo);
        repo.commitAll(QStringLiteral("overlays"), t0);
        const DetectionResult result = detectIn(repo);
        QCOMPARE(keysOf(result).join(QLatin1Char(' ')), QStringLiteral("app@dev app@qa app@staging app@prod"));
        const DetectedApplication* dev = find(result, QStringLiteral("app"), QStringLiteral("dev"));
        QCOMPARE(dev->path, QStringLiteral("overlays/dev"));
        QCOMPARE(dev->renderer, RendererChoice::Kustomize);
        QCOMPARE(dev->mode, Mode::Direct);
        QCOMPARE(find(result, QStringLiteral("app"), QStringLiteral("qa"))->path, QStringLiteral("envs/qa"));
        QCOMPARE(find(result, QStringLiteral("app"), QStringLiteral("qa"))->renderer, RendererChoice::Plain);
        QCOMPARE(ApplicationEnvironments::fromApplications(result).promotionOrder,
                 (QStringList{QStringLiteral("dev"), QStringLiteral("qa"), QStringLiteral("staging"), QStringLiteral("prod")}));
    }

    // An Argo CD Application deploying a conventional folder is that folder's application:
    // the folder is not found a second time.
    void anArgoCDApplicationClaimsTheFolderItDeploys() {
        GitFixture repo;
        writeRootFolderLayout(repo);
        repo.writeFile(QStringLiteral("argocd/prod.yaml"),
                       "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: prod\nspec:\n"
                       "  source:\n    path: overlays/prod\n    targetRevision: HEAD\n  destination:\n    "
                       "namespace: web\n");
        repo.commitAll(QStringLiteral("argo"), t0);
        const DetectionResult result = detectIn(repo);
        QCOMPARE(result.applications.size(), std::size_t(4));
        const auto deployingProd =
            std::count_if(result.applications.begin(), result.applications.end(),
                          [](const DetectedApplication& app) { return app.path == QLatin1String("overlays/prod"); });
        QCOMPARE(deployingProd, 1);
        const DetectedApplication* prod = find(result, QStringLiteral("prod"), QStringLiteral("prod"));
        VERIFY_FOUND(prod);
        QCOMPARE(prod->mode, Mode::ArgoCD);
        QVERIFY2(prod->reason.startsWith(QStringLiteral("Argo CD Application prod in argocd/prod.yaml")),
                 qPrintable(prod->reason));
    }

    // A file that does not parse, an Application pointing nowhere and a Kustomization without
    // a source are each listed with where and why; the rest is still found.
    void brokenFilesAreListedWithTheirReason() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("overlays/dev/kustomization.yaml"), "resources: []\n");
        repo.writeFile(QStringLiteral("argocd/broken.yaml"), "apiVersion: argoproj.io/v1alpha1\nkind: [Application\n");
        repo.writeFile(QStringLiteral("argocd/elsewhere.yaml"),
                       "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: other\nspec:\n"
                       "  source:\n    path: not/here\n");
        repo.writeFile(QStringLiteral("flux/loose.yaml"),
                       "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: loose\n"
                       "spec:\n  path: ./overlays/dev\n");
        repo.commitAll(QStringLiteral("mixed"), t0);
        const DetectionResult result = detectIn(repo);
        QCOMPARE(keysOf(result), QStringList{QStringLiteral("app@dev")});
        QCOMPARE(result.unrecognized.size(), std::size_t(3));
        QCOMPARE(result.unrecognized[0].where, QStringLiteral("argocd/broken.yaml"));
        QVERIFY2(result.unrecognized[0].reason.startsWith(QStringLiteral("argocd/broken.yaml:3:1: ")),
                 qPrintable(result.unrecognized[0].reason));
        QVERIFY2(reasonFor(result, QStringLiteral("Argo CD Application other"))
                     .endsWith(QStringLiteral("(path not/here is not a folder of this repository)")),
                 qPrintable(dump(result)));
        QCOMPARE(reasonFor(result, QStringLiteral("Flux Kustomization loose")), QStringLiteral("no sourceRef name"));
    }

    void stageOrder() {
        QVERIFY(StageOrder::rank(QStringLiteral("dev")) < StageOrder::rank(QStringLiteral("test")));
        QVERIFY(StageOrder::rank(QStringLiteral("test")) < StageOrder::rank(QStringLiteral("qa")));
        QVERIFY(StageOrder::rank(QStringLiteral("qa")) < StageOrder::rank(QStringLiteral("Staging")));
        QVERIFY(StageOrder::rank(QStringLiteral("staging")) < StageOrder::rank(QStringLiteral("preprod")));
        QVERIFY(StageOrder::rank(QStringLiteral("preprod")) < StageOrder::rank(QStringLiteral("prod")));
        QCOMPARE(StageOrder::rank(QStringLiteral("production")), StageOrder::rank(QStringLiteral("prod")));
        QCOMPARE(StageOrder::rank(QStringLiteral("guestbook")), -1);
    }

    void environmentNamesAreDnsLabels() {
        QCOMPARE(ApplicationEnvironments::dnsLabel(QStringLiteral("Helm_Guestbook.prod")), QStringLiteral("helm-guestbook-prod"));
        QCOMPARE(ApplicationEnvironments::dnsLabel(QStringLiteral("--x--")), QStringLiteral("x"));
        QCOMPARE(ApplicationEnvironments::dnsLabel(QStringLiteral("***")), QStringLiteral("app"));
        const QString longName = ApplicationEnvironments::dnsLabel(QString(80, QLatin1Char('a')));
        QCOMPARE(longName.size(), 63);
        QVERIFY(longName != ApplicationEnvironments::dnsLabel(QString(81, QLatin1Char('a'))));
    }

    void loaderOpensTheAppOfAppsRepository() {
        GitFixture repo;
        commitFixture(repo, QStringLiteral("argocd-app-of-apps"));
        auto workspace = WorkspaceLoader::open(syncline::test::openRepository(repo.path()));
        QVERIFY2(workspace, qPrintable(workspace ? QString() : workspace.error().toString()));
        QVERIFY(workspace->detected);
        QStringList names;
        for (const Environment& env : workspace->config.environments)
            names.append(env.name);
        QVERIFY2(names.size() >= 3, qPrintable(names.join(QLatin1Char(','))));
        // Each application in each environment is "<application>-<environment>"; one with no
        // environment of its own runs in "default".
        QVERIFY2(names.contains(QStringLiteral("guestbook-default")), qPrintable(names.join(QLatin1Char(','))));
        QVERIFY(names.contains(QStringLiteral("kustomize-guestbook-default")));
        QVERIFY(names.contains(QStringLiteral("helm-guestbook-default")));
        QVERIFY(names.contains(QStringLiteral("guestbook-prod")));
        QVERIFY(names.contains(QStringLiteral("helm-guestbook-staging")));
        QVERIFY(workspace->config.findPlace(QStringLiteral("prod")));
        QCOMPARE(workspace->config.unitsOf(QStringLiteral("prod")).size(), std::size_t(1));
        for (const QString& name : names)
            QVERIFY2(QRegularExpression(QStringLiteral("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")).match(name).hasMatch(),
                     qPrintable(name));
        const Environment& prod = workspace->config.environments[std::size_t(names.indexOf(QStringLiteral("guestbook-prod")))];
        QCOMPARE(prod.cluster.context, QStringLiteral("prod-cluster"));
        QCOMPARE(prod.mode, Mode::ArgoCD);
        const Environment& helm =
            workspace->config.environments[std::size_t(names.indexOf(QStringLiteral("helm-guestbook-default")))];
        QCOMPARE(helm.renderer, RendererChoice::Helm);
        QVERIFY(helm.helm);
        QCOMPARE(helm.helm->releaseName, QStringLiteral("guestbook"));
        // What was not understood is in the "detected" banner's notes, with the reason.
        QVERIFY2(workspace->detection.notes.contains(
                     QStringLiteral("argocd/external.yaml: Argo CD Application sock-shop: source is another repository: "
                                    "https://github.com/microservices-demo/microservices-demo.git (path "
                                    "deploy/kubernetes/manifests is not a folder of this repository)")),
                 qPrintable(workspace->detection.notes.join(QLatin1Char('\n'))));
        QCOMPARE(workspace->applications.applications.size(), workspace->config.environments.size());
    }

    void writingDetectedApplicationsNeverLeavesAFileThatDoesNotReadBack() {
        for (const char* fixture : {"folder-layouts", "argocd-app-of-apps"}) {
            GitFixture repo;
            commitFixture(repo, QLatin1String(fixture));
            const QString tip = repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed();
            auto shared = syncline::test::openRepository(repo.path());
            auto workspace = WorkspaceLoader::open(shared);
            QVERIFY(workspace && workspace->detected);
            auto commit =
                WorkspaceLoader::writeDetectedConfig(*shared, workspace->branch, workspace->config, std::nullopt, workspace->tip);
            if (!commit) {
                // Helm sources need syncline.yaml's helm block: refused, and nothing moved.
                QCOMPARE(commit.error().code, util::ErrorCode::Unsupported);
                QVERIFY(workspace->applications.applications.end() !=
                        std::find_if(workspace->applications.applications.begin(), workspace->applications.applications.end(),
                                     [](const DetectedApplication& app) { return app.helm.has_value(); }));
                QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), tip);
                continue;
            }
            auto reopened = WorkspaceLoader::open(syncline::test::openRepository(repo.path()));
            QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().toString()));
            QVERIFY(!reopened->detected);
            QCOMPARE(reopened->config, workspace->config);
        }
    }

    void loaderOpensTheFluxMonorepo() {
        GitFixture repo;
        commitFixture(repo, QStringLiteral("flux-monorepo"));
        auto workspace = WorkspaceLoader::open(syncline::test::openRepository(repo.path()));
        QVERIFY(workspace && workspace->detected);
        QStringList names;
        for (const Environment& env : workspace->config.environments)
            names.append(env.name);
        // Three Kustomizations in each cluster, the charts with no environment in "default"
        // (podinfo's from a Helm repository);
        // staging is promoted to production (stage names).
        QCOMPARE(names, (QStringList{QStringLiteral("infra-controllers-staging"), QStringLiteral("infra-configs-staging"),
                                     QStringLiteral("apps-staging"), QStringLiteral("infra-controllers-production"),
                                     QStringLiteral("infra-configs-production"), QStringLiteral("apps-production"),
                                     QStringLiteral("internal-api-default"), QStringLiteral("podinfo-default")}));
        QCOMPARE(workspace->config.environmentNames(),
                 (QStringList{QStringLiteral("staging"), QStringLiteral("production"), QStringLiteral("default")}));
        QCOMPARE(workspace->config.promotionOrder, (QStringList{QStringLiteral("staging"), QStringLiteral("production")}));
        QCOMPARE(workspace->config.find(QStringLiteral("apps-staging"))->dependsOn, QStringList{QStringLiteral("infra-configs")});
        QVERIFY(workspace->config.validate().empty());
    }

    // A variable is data, never more objects: a value that would turn one object into two
    // (an injected Secret) is an error on that object, which stays out; an object that opts
    // out of substitution keeps its ${text}.
    void aSubstitutedValueCannotAddObjects() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("app/cm.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  v: ${v}\n");
        repo.writeFile(QStringLiteral("app/kept.yaml"),
                       "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept\n  annotations:\n"
                       "    kustomize.toolkit.fluxcd.io/substitute: disabled\ndata:\n  v: ${v}\n");
        repo.commitAll(QStringLiteral("substituted"), 1'700'000'000);
        Environment env;
        env.name = QStringLiteral("app");
        env.path = QStringLiteral("app");
        env.renderer = RendererChoice::Plain;
        env.substitute = {
            {QStringLiteral("v"), QStringLiteral("x\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: injected")}};
        EnvironmentRenderer renderer(syncline::test::openRepository(repo.path()));
        auto rendered = renderer.render(env);
        QVERIFY(rendered);
        QStringList names;
        for (const auto& object : rendered->result.objects)
            names << object.key.name;
        QCOMPARE(names, QStringList{QStringLiteral("kept")});
        QCOMPARE(QString::fromStdString(rendered->result.objects.front().body["data"]["v"].get<std::string>()),
                 QStringLiteral("${v}"));
        QCOMPARE(rendered->result.errors.size(), std::size_t(1));
        QVERIFY2(rendered->result.errors.front().toString().startsWith(
                     QLatin1String("app/cm.yaml:1:1 (ConfigMap cm after Flux substitution):")),
                 qPrintable(rendered->result.errors.front().toString()));
    }

    // As kustomize-controller after the build: ${var} from postBuild in the rendered objects,
    // a number stays a number, ${var:=default} takes the default when nothing defines it.
    void fluxSubstitutionAppliesWhenRendering() {
        GitFixture repo;
        commitFixture(repo, QStringLiteral("flux-monorepo"));
        auto shared = syncline::test::openRepository(repo.path());
        auto workspace = WorkspaceLoader::open(shared);
        QVERIFY(workspace && workspace->detected);
        EnvironmentRenderer renderer(shared);
        auto apps = renderer.render(*workspace->config.find(QStringLiteral("apps-staging")));
        QVERIFY2(apps, qPrintable(apps ? QString() : apps.error().toString()));
        QVERIFY(apps->result.errors.empty());
        const std::string text = manifest::writeYamlStream([&] {
            std::vector<nlohmann::ordered_json> bodies;
            for (const auto& object : apps->result.objects)
                bodies.push_back(object.body);
            return bodies;
        }());
        QVERIFY2(text.find("podinfo.staging.internal") != std::string::npos, text.c_str());
        QVERIFY(text.find("${cluster_domain}") == std::string::npos);
        auto configs = renderer.render(*workspace->config.find(QStringLiteral("infra-configs-staging")));
        QVERIFY(configs);
        bool sawDefault = false;
        for (const auto& object : configs->result.objects)
            sawDefault = sawDefault || object.body.dump().find("ops@example.com") != std::string::npos;
        QVERIFY(sawDefault);
        // The variables are part of what syncline.yaml says, so writing it keeps them.
        const QByteArray yaml = workspace->config.toYaml();
        QVERIFY2(yaml.contains("cluster_domain: staging.internal"), yaml.constData());
    }
};

QTEST_GUILESS_MAIN(TestApplicationDetector)
#include "tst_applicationdetector.moc"
