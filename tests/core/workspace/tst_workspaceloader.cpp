// Opening a repository (WorkspaceLoader): the committed syncline.yaml, never the working
// tree's; without one, the detected environments, and writing them as a commit, checked
// with git. The fixtures are written here in the shapes of fluxcd/flux2-kustomize-helm-example
// and of a kustomize base with overlays. What detection finds is tst_applicationdetector's.
#include "git/Repository.h"
#include "support/GitFixture.h"
#include "support/ScriptFile.h"
#include "support/TestTools.h"
#include "workspace/WorkspaceLoader.h"
#include "workspace/detect/HelmChartRenderingCache.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncline;
using namespace syncline::workspace;
using syncline::test::GitFixture;

namespace {

constexpr qint64 t0 = 1'700'000'000;

QByteArray deployment(const char* name) {
    return QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ") + name +
           "\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: " + name +
           "\n  template:\n    metadata:\n      labels:\n        app: " + name +
           "\n    spec:\n      containers:\n      - name: " + name +
           "\n        image: gcr.io/heptio-images/ks-guestbook-demo:0.2\n";
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

void commitFixture(GitFixture& repo, const QString& name) {
    repo.writeFolder(qEnvironmentVariable("SYNCLINE_SOURCE_DIR") + QStringLiteral("/tests/data/detect/") + name);
    repo.commitAll(QStringLiteral("fixture ") + name, t0);
}

// A `helm` that logs each `helm template` it is asked for, then runs the real one.
QString countingHelm(const QTemporaryDir& dir, const QString& realHelm) {
    return test::writeScript(dir.filePath(QStringLiteral("helm")),
                             QStringLiteral("#!/bin/sh\n"
                                            "if [ \"$1\" = template ]; then echo \"template $2\" >>'%1'; fi\n"
                                            "exec '%2' \"$@\"\n")
                                 .arg(dir.filePath(QStringLiteral("calls.log")), realHelm)
                                 .toUtf8());
}

qsizetype templateRuns(const QTemporaryDir& dir) {
    QFile log(dir.filePath(QStringLiteral("calls.log")));
    if (!log.open(QIODevice::ReadOnly))
        return 0;
    return QString::fromUtf8(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).size();
}

// An environment variable set for one scope, restored after.
class ScopedVariable {
public:
    ScopedVariable(const char* name, const QByteArray& value)
        : m_name(name), m_had(qEnvironmentVariableIsSet(name)), m_old(qgetenv(name)) {
        qputenv(name, value);
    }
    ~ScopedVariable() {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    ScopedVariable(const ScopedVariable&) = delete;
    ScopedVariable& operator=(const ScopedVariable&) = delete;

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

// The entries of a chart cache folder, oldest first.
QFileInfoList cacheEntries(const QString& folder) { return QDir(folder).entryInfoList(QDir::Files, QDir::Time | QDir::Reversed); }

void setModified(const QFileInfo& entry, const QDateTime& when) {
    QFile file(entry.filePath());
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.setFileTime(when, QFileDevice::FileModificationTime));
}

QString keyNumber(int n) { return QString(63, QLatin1Char('a')) + QString::number(n); }

} // namespace

class TestWorkspaceLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
        // Every Flux Kustomization of both clusters (infra-controllers, infra-configs, apps), and
        // the podinfo HelmRelease whose chart comes from a Helm repository.
        QCOMPARE(workspace->config.environments.size(), std::size_t(7));

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
    // Opening a repository without syncline.yaml renders its app-of-apps chart with the
    // user's helm; opening the same commit again (any CLI command) reads the rendering from
    // the user's cache folder instead, until the chart's values change in a new commit.
    void openingAgainRendersTheAppOfAppsChartOnlyWhenItChanged() {
        const test::TestTool helm = test::testTool(QStringLiteral("helm"));
        if (!helm.found())
            QSKIP(qPrintable(QStringLiteral("caching app-of-apps renderings was NOT checked: ") + helm.whyMissing));
        QTemporaryDir bin, cache;
        QVERIFY(!countingHelm(bin, helm.path).isEmpty());
        const ScopedVariable path("PATH", bin.path().toUtf8() + ':' + qgetenv("PATH"));
        const ScopedVariable cacheHome("XDG_CACHE_HOME", cache.path().toUtf8());
        GitFixture repo;
        commitFixture(repo, QStringLiteral("argocd-app-of-apps"));
        auto open = [&] { return WorkspaceLoader::open(syncline::test::openRepository(repo.path())); };
        const QString certManager = QStringLiteral("cert-manager from the Helm repository");

        auto first = open();
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        QVERIFY(first->detected);
        QCOMPARE(templateRuns(bin), 1);
        QVERIFY(first->config.find(QStringLiteral("helm-guestbook-default")));
        QCOMPARE(first->detection.notes.filter(certManager).size(), 0); // helm left it out: certManager is unset
        const QString folder = cache.path() + QStringLiteral("/syncline/app-of-apps");
        QCOMPARE(cacheEntries(folder).size(), 1);

        auto second = open();
        QVERIFY(second);
        QCOMPARE(templateRuns(bin), 1);
        QCOMPARE(second->config, first->config);
        QCOMPARE(second->detection.notes, first->detection.notes);

        // The chart's values change: rendered again, and the change shows.
        QFile values(repo.filePath(QStringLiteral("apps/values.yaml")));
        QVERIFY(values.open(QIODevice::Append));
        values.write("certManager: true\n");
        values.close();
        repo.commitAll(QStringLiteral("enable cert-manager"), t0 + 60);
        auto changed = open();
        QVERIFY(changed);
        QCOMPARE(templateRuns(bin), 2);
        QCOMPARE(changed->detection.notes.filter(certManager).size(), 1);

        // A damaged entry is ignored: rendered again, the same, and kept anew.
        for (const QFileInfo& entry : cacheEntries(folder)) {
            QFile file(entry.filePath());
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.seek(file.size() / 2));
            file.write("# not what helm printed\n");
        }
        auto repaired = open();
        QVERIFY(repaired);
        QCOMPARE(templateRuns(bin), 3);
        QCOMPARE(repaired->detection.notes, changed->detection.notes);
        QCOMPARE(repaired->config, changed->config);
        QVERIFY(open());
        QCOMPARE(templateRuns(bin), 3);
    }

    // The cache folder stays within its bounds, least recently used out; an entry that is too
    // big is not kept, and one that is damaged or too big on disk is not read.
    void theChartRenderingCacheIsBounded() {
        QTemporaryDir dir;
        const HelmChartRenderingCache cache(dir.path(),
                                            ChartCacheLimits{.maxEntries = 2, .maxBytes = 4096, .maxEntryBytes = 100});
        cache.store(keyNumber(1), "one");
        cache.store(keyNumber(2), "two");
        QCOMPARE(cache.find(keyNumber(1)), std::optional<QByteArray>("one"));
        QFileInfoList entries = cacheEntries(dir.path());
        QCOMPARE(entries.size(), 2);
        for (int i = 0; i < entries.size(); ++i) // 1 used an hour ago, 2 half an hour ago
            setModified(entries[i],
                        QDateTime::currentDateTimeUtc().addSecs(entries[i].fileName().startsWith(keyNumber(1)) ? -3600 : -1800));
        cache.store(keyNumber(3), "three");
        QCOMPARE(cache.find(keyNumber(1)), std::nullopt);
        QCOMPARE(cache.find(keyNumber(2)), std::optional<QByteArray>("two"));
        QCOMPARE(cache.find(keyNumber(3)), std::optional<QByteArray>("three"));

        cache.store(keyNumber(4), QByteArray(101, 'x'));
        QCOMPARE(cache.find(keyNumber(4)), std::nullopt);

        entries = cacheEntries(dir.path());
        QCOMPARE(entries.size(), 2);
        for (const QFileInfo& entry : entries) {
            QFile file(entry.filePath());
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(entry.fileName().startsWith(keyNumber(2)) ? QByteArray("garbage\n") : QByteArray(500, 'y'));
        }
        QCOMPARE(cache.find(keyNumber(2)), std::nullopt);
        QCOMPARE(cache.find(keyNumber(3)), std::nullopt);
        QCOMPARE(cacheEntries(dir.path()).size(), 0); // dropped, to be written anew
        QCOMPARE(cache.find(QStringLiteral("../../etc/passwd")), std::nullopt);
        // No folder: nothing is kept.
        HelmChartRenderingCache(QString()).store(keyNumber(5), "five");
        QCOMPARE(HelmChartRenderingCache(QString()).find(keyNumber(5)), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceLoader)
#include "tst_workspaceloader.moc"
