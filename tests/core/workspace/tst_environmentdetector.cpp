// Environment detection on repositories shaped like argoproj/argocd-example-apps and
// fluxcd/flux2-kustomize-helm-example (fixtures written here in those shapes), folder
// conventions, and writing the detected syncline.yaml as a commit, checked with git.
#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "support/GitFixture.h"
#include "workspace/EnvironmentDetector.h"
#include "workspace/WorkspaceLoader.h"

#include <QFile>
#include <QTest>

using namespace syncline;
using namespace syncline::workspace;
using syncline::test::GitFixture;

namespace {

constexpr qint64 t0 = 1'700'000'000;

EnvironmentDetection detectAt(const GitFixture& fixture, const QString& revision, const QString& currentBranch) {
    auto snapshot = git::TreeSnapshot::atRevision(syncline::test::openRepository(fixture.path()), revision);
    if (!snapshot)
        qFatal("snapshot: %s", qPrintable(snapshot.error().toString()));
    const manifest::GitTreeFileSource files(std::move(*snapshot));
    return EnvironmentDetector::detect(files, DetectorOptions{.currentBranch = currentBranch});
}

const DetectedEnvironment* findDetected(const EnvironmentDetection& result, const QString& name) {
    for (const DetectedEnvironment& env : result.environments)
        if (env.environment.name == name)
            return &env;
    return nullptr;
}

QStringList namesOf(const EnvironmentDetection& result) {
    QStringList names;
    for (const DetectedEnvironment& env : result.environments)
        names.append(env.environment.name);
    return names;
}

QByteArray deployment(const char* name) {
    return QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ") + name +
           "\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: " + name +
           "\n  template:\n    metadata:\n      labels:\n        app: " + name +
           "\n    spec:\n      containers:\n      - name: " + name +
           "\n        image: gcr.io/heptio-images/ks-guestbook-demo:0.2\n";
}

// An app-of-apps Helm chart under apps/ whose templates are Argo CD Applications, plus the
// plain, Helm and kustomize guestbook folders they point at.
void writeArgoExampleApps(GitFixture& repo) {
    repo.writeFile(QStringLiteral("README.md"), "# Argo CD example apps\n");
    repo.writeFile(QStringLiteral("apps/Chart.yaml"), "apiVersion: v2\nname: applications\nversion: 0.1.0\n");
    repo.writeFile(QStringLiteral("apps/values.yaml"), "spec:\n"
                                                       "  destination:\n"
                                                       "    server: https://kubernetes.default.svc\n"
                                                       "  source:\n"
                                                       "    repoURL: https://example.com/argocd-example-apps\n"
                                                       "    targetRevision: HEAD\n");
    auto application = [](const char* name, const char* path) -> QByteArray {
        return QByteArray("apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: ") + name +
               "\n  namespace: argocd\n  finalizers:\n  - resources-finalizer.argocd.argoproj.io\nspec:\n"
               "  destination:\n    namespace: " +
               name +
               "\n    server: {{ .Values.spec.destination.server }}\n"
               "  project: default\n  source:\n    path: " +
               path +
               "\n"
               "    repoURL: {{ .Values.spec.source.repoURL }}\n"
               "    targetRevision: {{ .Values.spec.source.targetRevision }}\n";
    };
    repo.writeFile(QStringLiteral("apps/templates/guestbook.yaml"), application("guestbook", "guestbook"));
    repo.writeFile(QStringLiteral("apps/templates/helm-guestbook.yaml"), application("helm-guestbook", "helm-guestbook"));
    repo.writeFile(QStringLiteral("apps/templates/kustomize-guestbook.yaml"),
                   application("kustomize-guestbook", "kustomize-guestbook"));
    // Template actions around the document, and automated sync.
    repo.writeFile(QStringLiteral("apps/templates/sync-waves.yaml"),
                   "{{- if .Values.syncWaves }}\n" + application("sync-waves", "sync-waves") +
                       "  syncPolicy:\n    automated:\n      prune: true\n      selfHeal: true\n{{- end }}\n");
    // A chart from a Helm repository: nothing of it lives in this repository.
    repo.writeFile(QStringLiteral("apps/templates/cert-manager.yaml"),
                   "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: cert-manager\n"
                   "  namespace: argocd\nspec:\n  destination:\n    namespace: cert-manager\n"
                   "    server: {{ .Values.spec.destination.server }}\n  project: default\n  source:\n"
                   "    chart: cert-manager\n    repoURL: https://charts.jetstack.io\n    targetRevision: v1.14.4\n");

    repo.writeFile(QStringLiteral("guestbook/guestbook-ui-deployment.yaml"), deployment("guestbook-ui"));
    repo.writeFile(QStringLiteral("guestbook/guestbook-ui-svc.yaml"),
                   "apiVersion: v1\nkind: Service\nmetadata:\n  name: guestbook-ui\nspec:\n  ports:\n  - port: 80\n"
                   "    targetPort: 80\n  selector:\n    app: guestbook-ui\n");
    repo.writeFile(QStringLiteral("helm-guestbook/Chart.yaml"), "apiVersion: v2\nname: helm-guestbook\nversion: 0.1.0\n");
    repo.writeFile(QStringLiteral("helm-guestbook/values.yaml"), "replicaCount: 1\nimage:\n  tag: '0.1'\n");
    repo.writeFile(QStringLiteral("helm-guestbook/templates/deployment.yaml"),
                   "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ template "
                   "\"helm-guestbook.fullname\" . }}\n"
                   "spec:\n  replicas: {{ .Values.replicaCount }}\n");
    repo.writeFile(QStringLiteral("kustomize-guestbook/kustomization.yaml"),
                   "namePrefix: kustomize-\nresources:\n- guestbook-ui-deployment.yaml\n- guestbook-ui-svc.yaml\n");
    repo.writeFile(QStringLiteral("kustomize-guestbook/guestbook-ui-deployment.yaml"), deployment("guestbook-ui"));
    repo.writeFile(QStringLiteral("kustomize-guestbook/guestbook-ui-svc.yaml"),
                   "apiVersion: v1\nkind: Service\nmetadata:\n  name: guestbook-ui\n");
    repo.writeFile(QStringLiteral("sync-waves/manifests.yaml"), deployment("sync-waves"));
    // A standalone Application (not templated) pinned to another branch and cluster.
    repo.writeFile(QStringLiteral("argocd/guestbook-prod.yaml"),
                   "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: guestbook-prod\n"
                   "  namespace: argocd-prod\nspec:\n  project: default\n  source:\n"
                   "    repoURL: https://example.com/argocd-example-apps.git\n    targetRevision: release\n"
                   "    path: ./kustomize-guestbook/\n  destination:\n    name: prod-cluster\n    namespace: shop\n"
                   "  syncPolicy:\n    automated: {}\n");
}

// clusters/<name>/ with Flux Kustomizations pointing at apps/<name> and infrastructure/.
void writeFluxKustomizeHelmExample(GitFixture& repo) {
    repo.writeFile(QStringLiteral("apps/base/podinfo/kustomization.yaml"),
                   "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: podinfo\n"
                   "resources:\n  - namespace.yaml\n  - repository.yaml\n  - release.yaml\n");
    repo.writeFile(QStringLiteral("apps/base/podinfo/namespace.yaml"),
                   "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo\n");
    repo.writeFile(QStringLiteral("apps/base/podinfo/repository.yaml"),
                   "apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata:\n  name: podinfo\n"
                   "  namespace: podinfo\nspec:\n  interval: 5m\n  url: https://stefanprodan.github.io/podinfo\n");
    repo.writeFile(QStringLiteral("apps/base/podinfo/release.yaml"),
                   "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n"
                   "  namespace: podinfo\nspec:\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef:\n"
                   "        kind: HelmRepository\n        name: podinfo\n  interval: 50m\n");
    for (const char* env : {"staging", "production"}) {
        const QString e = QString::fromLatin1(env);
        repo.writeFile(QStringLiteral("apps/%1/kustomization.yaml").arg(e),
                       "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                       "  - ../base/podinfo\npatches:\n  - path: podinfo-values.yaml\n    target:\n      "
                       "kind: HelmRelease\n");
        repo.writeFile(QStringLiteral("apps/%1/podinfo-values.yaml").arg(e),
                       "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: podinfo\n"
                       "  namespace: podinfo\nspec:\n  values:\n    replicaCount: 2\n");
        repo.writeFile(QStringLiteral("clusters/%1/apps.yaml").arg(e),
                       QByteArray("apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
                                  "  name: apps\n  namespace: flux-system\nspec:\n  interval: 10m0s\n  dependsOn:\n"
                                  "    - name: infra-configs\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
                                  "  path: ./apps/") +
                           env + "\n  prune: true\n  wait: true\n  timeout: 5m0s\n");
        repo.writeFile(QStringLiteral("clusters/%1/infrastructure.yaml").arg(e),
                       "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
                       "  name: infra-controllers\n  namespace: flux-system\nspec:\n  interval: 1h\n  sourceRef:\n"
                       "    kind: GitRepository\n    name: flux-system\n  path: ./infrastructure/controllers\n"
                       "  prune: true\n  wait: true\n---\n"
                       "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
                       "  name: infra-configs\n  namespace: flux-system\nspec:\n  dependsOn:\n    - name: "
                       "infra-controllers\n"
                       "  interval: 1h\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n"
                       "  path: ./infrastructure/configs\n  prune: true\n");
        repo.writeFile(QStringLiteral("clusters/%1/flux-system/gotk-components.yaml").arg(e),
                       "# Flux components would be here\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: "
                       "flux-system\n");
        repo.writeFile(QStringLiteral("clusters/%1/flux-system/gotk-sync.yaml").arg(e),
                       QByteArray("apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n"
                                  "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 1m0s\n  ref:\n"
                                  "    branch: main\n  url: ssh://git@example.com/fleet\n---\n"
                                  "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n"
                                  "  name: flux-system\n  namespace: flux-system\nspec:\n  interval: 10m0s\n"
                                  "  path: ./clusters/") +
                           env +
                           "\n  prune: true\n  sourceRef:\n    kind: GitRepository\n"
                           "    name: flux-system\n");
        repo.writeFile(QStringLiteral("clusters/%1/flux-system/kustomization.yaml").arg(e),
                       "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                       "- gotk-components.yaml\n- gotk-sync.yaml\n");
    }
    repo.writeFile(QStringLiteral("infrastructure/controllers/kustomization.yaml"),
                   "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                   "  - ingress-nginx.yaml\n  - cert-manager.yaml\n");
    repo.writeFile(QStringLiteral("infrastructure/controllers/ingress-nginx.yaml"),
                   "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ingress-nginx\n");
    repo.writeFile(QStringLiteral("infrastructure/controllers/cert-manager.yaml"),
                   "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: cert-manager\n");
    repo.writeFile(QStringLiteral("infrastructure/configs/kustomization.yaml"),
                   "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "
                   "cluster-issuers.yaml\n");
    repo.writeFile(QStringLiteral("infrastructure/configs/cluster-issuers.yaml"),
                   "apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: letsencrypt\n");
}

// A kustomize base with overlays, an envs/ folder of plain YAML, and a deeper overlay.
void writeFolderLayout(GitFixture& repo) {
    repo.writeFile(QStringLiteral("base/kustomization.yaml"), "resources:\n- deployment.yaml\n");
    repo.writeFile(QStringLiteral("base/deployment.yaml"), deployment("web"));
    for (const char* env : {"prod", "dev", "staging", "base"})
        repo.writeFile(QStringLiteral("overlays/%1/kustomization.yaml").arg(QLatin1String(env)), "resources:\n- ../../base\n");
    repo.writeFile(QStringLiteral("envs/qa/web.yaml"), deployment("web"));
    repo.writeFile(QStringLiteral("tools/linter/overlays/dev/kustomization.yaml"), "resources: []\n");
    repo.writeFile(QStringLiteral("tools/linter/overlays/sandbox/kustomization.yml"), "resources: []\n");
}

} // namespace

class TestEnvironmentDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsArgoCDApplications() {
        GitFixture repo;
        writeArgoExampleApps(repo);
        repo.commitAll(QStringLiteral("example apps"), t0);
        const EnvironmentDetection result = detectAt(repo, QStringLiteral("main"), QStringLiteral("main"));

        QCOMPARE(namesOf(result),
                 (QStringList{QStringLiteral("guestbook-prod"), QStringLiteral("guestbook"), QStringLiteral("helm-guestbook"),
                              QStringLiteral("kustomize-guestbook"), QStringLiteral("sync-waves")}));
        const DetectedEnvironment* guestbook = findDetected(result, QStringLiteral("guestbook"));
        QVERIFY(guestbook);
        const Environment& g = guestbook->environment;
        QCOMPARE(guestbook->why, QStringLiteral("Argo CD Application apps/templates/guestbook.yaml"));
        QCOMPARE(g.path, QStringLiteral("guestbook"));
        QCOMPARE(g.branch, QStringLiteral("main")); // HEAD, read from the chart's values.yaml
        QCOMPARE(g.renderer, RendererChoice::Plain);
        QCOMPARE(g.defaultNamespace, QStringLiteral("guestbook"));
        QCOMPARE(g.mode, Mode::ArgoCD);
        QCOMPARE(g.argocd, (ArgoCDAgent{QStringLiteral("guestbook"), QStringLiteral("argocd")}));
        QCOMPARE(g.sync, SyncPolicy{});
        QCOMPARE(g.cluster, ClusterRef{});

        const Environment& helm = findDetected(result, QStringLiteral("helm-guestbook"))->environment;
        QCOMPARE(helm.renderer, RendererChoice::Auto);
        QVERIFY(findDetected(result, QStringLiteral("helm-guestbook"))->why.contains(QStringLiteral("Helm chart")));
        QCOMPARE(findDetected(result, QStringLiteral("kustomize-guestbook"))->environment.renderer, RendererChoice::Kustomize);

        const Environment& waves = findDetected(result, QStringLiteral("sync-waves"))->environment;
        QCOMPARE(waves.sync, (SyncPolicy{.autoSync = true, .prune = true, .selfHeal = true}));

        const Environment& prod = findDetected(result, QStringLiteral("guestbook-prod"))->environment;
        QCOMPARE(prod.branch, QStringLiteral("release"));
        QCOMPARE(prod.path, QStringLiteral("kustomize-guestbook"));
        QCOMPARE(prod.cluster.context, QStringLiteral("prod-cluster"));
        QCOMPARE(prod.defaultNamespace, QStringLiteral("shop"));
        QCOMPARE(prod.argocd.appNamespace, QStringLiteral("argocd-prod"));
        QCOMPARE(prod.sync, (SyncPolicy{.autoSync = true}));

        QVERIFY(!findDetected(result, QStringLiteral("cert-manager")));
        QCOMPARE(result.notes.filter(QStringLiteral("cert-manager has no source path")).size(), 1);
        // Only guestbook-prod has a stage name: no promotion order from one environment.
        QVERIFY(result.promotionOrder.isEmpty());
        QVERIFY(result.config().validate().empty());
    }

    void detectsFluxClusters() {
        GitFixture repo;
        writeFluxKustomizeHelmExample(repo);
        repo.commitAll(QStringLiteral("fleet"), t0);
        // The fleet's GitRepository says main; "trunk" shows the branch is read from it.
        const EnvironmentDetection result = detectAt(repo, QStringLiteral("main"), QStringLiteral("trunk"));

        QCOMPARE(namesOf(result), (QStringList{QStringLiteral("staging"), QStringLiteral("production")}));
        QCOMPARE(result.promotionOrder, (QStringList{QStringLiteral("staging"), QStringLiteral("production")}));
        for (const QString& name : {QStringLiteral("staging"), QStringLiteral("production")}) {
            const DetectedEnvironment* detected = findDetected(result, name);
            QVERIFY(detected);
            const Environment& env = detected->environment;
            QCOMPARE(env.path, QStringLiteral("apps/") + name);
            QCOMPARE(env.branch, QStringLiteral("main"));
            QCOMPARE(env.renderer, RendererChoice::Kustomize);
            QCOMPARE(env.mode, Mode::Flux);
            QCOMPARE(env.flux, (FluxAgent{QStringLiteral("apps"), QStringLiteral("flux-system")}));
            QCOMPARE(env.sync, (SyncPolicy{.autoSync = true, .prune = true, .selfHeal = true}));
            QCOMPARE(detected->why, QStringLiteral("Flux Kustomization apps in clusters/%1/apps.yaml "
                                                   "(also in this cluster: infra-controllers, infra-configs)")
                                        .arg(name));
        }
        QVERIFY(result.notes.isEmpty());
        QVERIFY(result.config().validate().empty());
    }

    void detectsFolderConventions() {
        GitFixture repo;
        writeFolderLayout(repo);
        repo.commitAll(QStringLiteral("overlays"), t0);
        const EnvironmentDetection result = detectAt(repo, QStringLiteral("main"), QStringLiteral("main"));

        // Stage order first; base is not an environment; the root overlays/dev wins over
        // tools/linter/overlays/dev; sandbox tells no stage and comes last.
        QCOMPARE(namesOf(result), (QStringList{QStringLiteral("dev"), QStringLiteral("qa"), QStringLiteral("staging"),
                                               QStringLiteral("prod"), QStringLiteral("sandbox")}));
        QCOMPARE(result.promotionOrder,
                 (QStringList{QStringLiteral("dev"), QStringLiteral("qa"), QStringLiteral("staging"), QStringLiteral("prod")}));
        QCOMPARE(findDetected(result, QStringLiteral("dev"))->environment.path, QStringLiteral("overlays/dev"));
        QCOMPARE(findDetected(result, QStringLiteral("dev"))->environment.renderer, RendererChoice::Kustomize);
        QCOMPARE(findDetected(result, QStringLiteral("dev"))->why,
                 QStringLiteral("folder overlays/dev (the overlays/<env> convention)"));
        QCOMPARE(findDetected(result, QStringLiteral("qa"))->environment.renderer, RendererChoice::Plain);
        QCOMPARE(findDetected(result, QStringLiteral("qa"))->environment.mode, Mode::Direct);
        QCOMPARE(findDetected(result, QStringLiteral("sandbox"))->environment.renderer, RendererChoice::Kustomize);
    }

    void stageRanks() {
        QVERIFY(EnvironmentDetector::stageRank(QStringLiteral("dev")) < EnvironmentDetector::stageRank(QStringLiteral("test")));
        QVERIFY(EnvironmentDetector::stageRank(QStringLiteral("test")) < EnvironmentDetector::stageRank(QStringLiteral("qa")));
        QVERIFY(EnvironmentDetector::stageRank(QStringLiteral("qa")) < EnvironmentDetector::stageRank(QStringLiteral("Staging")));
        QVERIFY(EnvironmentDetector::stageRank(QStringLiteral("staging")) <
                EnvironmentDetector::stageRank(QStringLiteral("preprod")));
        QVERIFY(EnvironmentDetector::stageRank(QStringLiteral("preprod")) <
                EnvironmentDetector::stageRank(QStringLiteral("prod")));
        QCOMPARE(EnvironmentDetector::stageRank(QStringLiteral("production")),
                 EnvironmentDetector::stageRank(QStringLiteral("prod")));
        QCOMPARE(EnvironmentDetector::stageRank(QStringLiteral("guestbook")), -1);
    }

    void argoCDWinsOverTheFolderOfTheSameName() {
        GitFixture repo;
        writeFolderLayout(repo);
        repo.writeFile(QStringLiteral("argocd/prod.yaml"),
                       "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: prod\nspec:\n"
                       "  source:\n    path: overlays/prod\n    targetRevision: HEAD\n  destination:\n    "
                       "namespace: web\n");
        repo.commitAll(QStringLiteral("argo"), t0);
        const EnvironmentDetection result = detectAt(repo, QStringLiteral("main"), QStringLiteral("main"));
        QCOMPARE(result.environments.size(), std::size_t(5));
        const DetectedEnvironment* prod = findDetected(result, QStringLiteral("prod"));
        QCOMPARE(prod->environment.mode, Mode::ArgoCD);
        QCOMPARE(prod->why, QStringLiteral("Argo CD Application argocd/prod.yaml"));
    }

    void brokenFilesBecomeNotes() {
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
        const EnvironmentDetection result = detectAt(repo, QStringLiteral("main"), QStringLiteral("main"));
        QCOMPARE(namesOf(result), QStringList{QStringLiteral("dev")});
        QCOMPARE(result.notes.size(), 3);
        QVERIFY2(result.notes[0].startsWith(QStringLiteral("argocd/broken.yaml:3:1: ")), qPrintable(result.notes[0]));
        QCOMPARE(result.notes[1], QStringLiteral("argocd/elsewhere.yaml: Application other points at "
                                                 "not/here, which is not a folder of this repository"));
        QCOMPARE(result.notes[2], QStringLiteral("flux/loose.yaml: Flux Kustomization loose is not under clusters/<name>/"));
    }

    void loaderReadsCommittedConfigNotTheWorkingTree() {
        GitFixture repo;
        writeFolderLayout(repo);
        repo.writeFile(QStringLiteral("syncline.yaml"), "environments:\n  - name: web\n    path: overlays/prod\n");
        repo.commitAll(QStringLiteral("describe"), t0);
        // An uncommitted edit does not count.
        repo.writeFile(QStringLiteral("syncline.yaml"), "environments: [broken\n");
        auto workspace = WorkspaceLoader::open(syncline::test::openRepository(repo.path()));
        QVERIFY2(workspace, qPrintable(workspace ? QString() : workspace.error().toString()));
        QVERIFY(!workspace->detected);
        QCOMPARE(workspace->branch, QStringLiteral("main"));
        QCOMPARE(workspace->tip.toHex(), repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed());
        QCOMPARE(workspace->config.environments.size(), std::size_t(1));
        QCOMPARE(workspace->config.environments[0].name, QStringLiteral("web"));
    }

    void loaderReportsABrokenCommittedConfig() {
        GitFixture repo;
        repo.writeFile(QStringLiteral("overlays/dev/a.yaml"), "a: 1\n");
        repo.writeFile(QStringLiteral("syncline.yaml"), "environments:\n  - name: dev\n    path: overlays/dev\n    mode: argo\n");
        repo.commitAll(QStringLiteral("describe"), t0);
        auto workspace = WorkspaceLoader::open(syncline::test::openRepository(repo.path()));
        QVERIFY(!workspace);
        QCOMPARE(workspace.error().toString(),
                 QStringLiteral("syncline.yaml:4:11: unknown mode 'argo' (expected direct, argocd or flux)"));
    }

    void writesTheDetectedConfigAsACommit() {
        GitFixture repo;
        writeFluxKustomizeHelmExample(repo);
        const QString before = repo.commitAll(QStringLiteral("fleet"), t0);
        // The user's work in progress: a modified tracked file and an untracked one.
        repo.writeFile(QStringLiteral("apps/staging/podinfo-values.yaml"), "# editing\n");
        repo.writeFile(QStringLiteral("notes.txt"), "todo\n");
        const QString statusBefore = repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")});
        QCOMPARE(statusBefore, QStringLiteral(" M apps/staging/podinfo-values.yaml\n?? notes.txt\n"));

        auto shared = syncline::test::openRepository(repo.path());
        auto workspace = WorkspaceLoader::open(shared);
        QVERIFY(workspace);
        QVERIFY(workspace->detected);
        QCOMPARE(workspace->tip.toHex(), before);
        // Every Flux Kustomization of both clusters (infra-controllers, infra-configs, apps),
        // not only "apps" as the environment detector picks: the loader detects applications.
        QCOMPARE(workspace->config.environments.size(), std::size_t(6));

        const git::Signature author{QStringLiteral("Grace Hopper"), QStringLiteral("grace@example.com"), t0 + 60, 0};
        auto commit = WorkspaceLoader::writeDetectedConfig(*shared, workspace->branch, workspace->config, author, workspace->tip);
        QVERIFY2(commit, qPrintable(commit ? QString() : commit.error().toString()));

        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), commit->toHex());
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).trimmed(), before);
        QCOMPARE(repo.git({QStringLiteral("log"), QStringLiteral("-1"), QStringLiteral("--format=%an <%ae>|%s")}).trimmed(),
                 QStringLiteral("Grace Hopper <grace@example.com>|syncline: describe environments in syncline.yaml"));
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("HEAD:syncline.yaml")}).toUtf8(), workspace->config.toYaml());
        QCOMPARE(
            repo.git({QStringLiteral("diff"), QStringLiteral("--name-status"), QStringLiteral("HEAD~1"), QStringLiteral("HEAD")}),
            QStringLiteral("A\tsyncline.yaml\n"));
        // The user's changes are exactly as they were; the new file arrived like a fast-forward.
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), statusBefore);
        QFile edited(repo.filePath(QStringLiteral("apps/staging/podinfo-values.yaml")));
        QVERIFY(edited.open(QIODevice::ReadOnly));
        QCOMPARE(edited.readAll(), QByteArray("# editing\n"));

        // Opened again, the committed file is what counts, and it says the same.
        auto reopened = WorkspaceLoader::open(syncline::test::openRepository(repo.path()));
        QVERIFY(reopened);
        QVERIFY(!reopened->detected);
        QCOMPARE(reopened->config, workspace->config);

        // A second write refuses: the branch has its syncline.yaml now.
        auto again = WorkspaceLoader::writeDetectedConfig(*shared, QStringLiteral("main"), workspace->config, author);
        QVERIFY(!again);
        QCOMPARE(again.error().code, util::ErrorCode::Conflict);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), commit->toHex());
    }

    void writingToABranchThatIsNotCheckedOutLeavesTheWorkingTreeAlone() {
        GitFixture repo;
        writeFolderLayout(repo);
        const QString tip = repo.commitAll(QStringLiteral("overlays"), t0);
        repo.git({QStringLiteral("branch"), QStringLiteral("environments")});
        auto shared = syncline::test::openRepository(repo.path());
        auto workspace = WorkspaceLoader::open(shared, QStringLiteral("environments"));
        QVERIFY(workspace && workspace->detected);
        auto commit = WorkspaceLoader::writeDetectedConfig(*shared, QStringLiteral("environments"), workspace->config,
                                                           std::nullopt, workspace->tip);
        QVERIFY2(commit, qPrintable(commit ? QString() : commit.error().toString()));
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("environments")}).trimmed(), commit->toHex());
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("main")}).trimmed(), tip);
        QCOMPARE(repo.git({QStringLiteral("show"), QStringLiteral("environments:syncline.yaml")}).toUtf8(),
                 workspace->config.toYaml());
        QVERIFY(!QFile::exists(repo.filePath(QStringLiteral("syncline.yaml"))));
        QCOMPARE(repo.git({QStringLiteral("status"), QStringLiteral("--porcelain")}), QString());
    }

    void refusesWhenTheBranchMovedOrTheWorkingTreeHasTheFile() {
        GitFixture repo;
        writeFolderLayout(repo);
        repo.commitAll(QStringLiteral("overlays"), t0);
        auto shared = syncline::test::openRepository(repo.path());
        auto workspace = WorkspaceLoader::open(shared);
        QVERIFY(workspace);

        // The branch moves after detection: compare-and-swap refuses.
        repo.writeFile(QStringLiteral("overlays/dev/extra.yaml"), "a: 1\n");
        const QString moved = repo.commitAll(QStringLiteral("meanwhile"), t0 + 10);
        auto stale = WorkspaceLoader::writeDetectedConfig(*shared, QStringLiteral("main"), workspace->config, std::nullopt,
                                                          workspace->tip);
        QVERIFY(!stale);
        QCOMPARE(stale.error().code, util::ErrorCode::Conflict);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), moved);

        // An uncommitted syncline.yaml of the user's is never replaced.
        repo.writeFile(QStringLiteral("syncline.yaml"), "# mine\n");
        auto blocked = WorkspaceLoader::writeDetectedConfig(*shared, QStringLiteral("main"), workspace->config);
        QVERIFY(!blocked);
        QCOMPARE(blocked.error().code, util::ErrorCode::Conflict);
        QVERIFY(blocked.error().message.contains(QStringLiteral("uncommitted syncline.yaml")));
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), moved);
        QFile mine(repo.filePath(QStringLiteral("syncline.yaml")));
        QVERIFY(mine.open(QIODevice::ReadOnly));
        QCOMPARE(mine.readAll(), QByteArray("# mine\n"));

        // A config that does not validate is not written.
        WorkspaceConfig bad = workspace->config;
        bad.promotionOrder.append(QStringLiteral("nowhere"));
        repo.removeFile(QStringLiteral("syncline.yaml"));
        auto invalid = WorkspaceLoader::writeDetectedConfig(*shared, QStringLiteral("main"), bad);
        QVERIFY(!invalid);
        QCOMPARE(invalid.error().code, util::ErrorCode::InvalidArgument);
        QCOMPARE(repo.git({QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).trimmed(), moved);
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentDetector)
#include "tst_environmentdetector.moc"
