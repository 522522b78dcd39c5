#include "DemoRepository.h"

#include "git/CommitWriter.h"
#include "git/Repository.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

namespace syncline::workspace {

namespace {

using git::FileEdit;
using git::Signature;

const Signature ada{QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com")};
const Signature grace{QStringLiteral("Grace Hopper"), QStringLiteral("grace@example.com")};
const Signature linus{QStringLiteral("Linus Torvalds"), QStringLiteral("linus@example.com")};

QByteArray deployment(const QByteArray& name, const QByteArray& image, const QByteArray& extraEnv = {}) {
    return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: " + name + "\n  labels:\n    app: " + name +
           "\nspec:\n  replicas: 1\n  selector:\n    matchLabels:\n      app: " + name +
           "\n  template:\n    metadata:\n      labels:\n        app: " + name +
           "\n    spec:\n      containers:\n      - name: " + name + "\n        image: " + image +
           "\n        ports:\n        - containerPort: 8080\n        env:\n        - name: LOG_LEVEL\n          value: info\n" +
           extraEnv + "        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n";
}

QByteArray service(const QByteArray& name) {
    return "apiVersion: v1\nkind: Service\nmetadata:\n  name: " + name + "\nspec:\n  selector:\n    app: " + name +
           "\n  ports:\n  - port: 80\n    targetPort: 8080\n";
}

QByteArray overlay(const QByteArray& env, const QByteArray& apiTag, const QByteArray& webTag, int apiReplicas,
                   const QByteArray& extra = {}) {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop-" + env +
           "\nresources:\n- ../../base\nlabels:\n- pairs:\n    environment: " + env +
           "\nimages:\n- name: registry.example.com/shop/api\n  newTag: " + apiTag +
           "\n- name: registry.example.com/shop/web\n  newTag: " + webTag +
           "\nreplicas:\n- name: api\n  count: " + QByteArray::number(apiReplicas) + "\n" + extra;
}

QByteArray flags(bool newCheckout) {
    return QByteArrayLiteral("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-flags\ndata:\n  checkout.v2: \"") +
           (newCheckout ? "true" : "false") + "\"\n  banner: \"Welcome to the shop\"\n";
}

QByteArray environmentsFile() {
    QByteArray text = "version: 1\nenvironments:\n";
    for (const char* env : {"dev", "staging", "prod"})
        text += QByteArray("  - name: ") + env + "\n    path: overlays/" + env +
                "\n    renderer: kustomize\n    namespace: shop-" + env +
                // The demo's own clusters write their kubeconfigs next to the workspace.
                "\n    cluster:\n      kubeconfig: ../clusters/" + env + ".kubeconfig\n" +
                (QByteArray(env) == "dev" ? "    sync:\n      auto: true\n" : "");
    return text + "promotion: [dev, staging, prod]\n";
}

struct Step {
    QString message;
    Signature who;
    std::vector<FileEdit> edits;
};

const QByteArray apiImage = "registry.example.com/shop/api:1.0.0";
const QByteArray webImage = "registry.example.com/shop/web:2.0.0";
const QByteArray workerImage = "registry.example.com/shop/worker:0.9.0";
const QByteArray workerQueueEnv = "        - name: QUEUE\n          value: orders\n";

QByteArray baseKustomization() {
    return "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
           "- api/deployment.yaml\n- api/service.yaml\n- web/deployment.yaml\n- web/service.yaml\n"
           "- web/flags.yaml\n- worker/deployment.yaml\n";
}

// The main line of the demo's history, oldest first. Step `kFeatureBranchBefore` is where the
// worker's feature branch is merged (see commitFeatureBranch).
constexpr std::size_t kFeatureBranchBefore = 6;
std::vector<Step> mainlineSteps() {
    return {
        {QStringLiteral("Initial GitOps layout: api, web and worker base"),
         ada,
         {{QStringLiteral("base/kustomization.yaml"), baseKustomization()},
          {QStringLiteral("base/api/deployment.yaml"), deployment("api", apiImage)},
          {QStringLiteral("base/api/service.yaml"), service("api")},
          {QStringLiteral("base/web/deployment.yaml"), deployment("web", webImage)},
          {QStringLiteral("base/web/service.yaml"), service("web")},
          {QStringLiteral("base/web/flags.yaml"), flags(false)},
          {QStringLiteral("base/worker/deployment.yaml"), deployment("worker", workerImage)},
          {QStringLiteral("README.md"), "# Shop GitOps\n\nDesired state of the shop, one overlay per environment.\n"}}},
        {QStringLiteral("Add dev, staging and prod overlays"),
         ada,
         {{QStringLiteral("overlays/dev/kustomization.yaml"), overlay("dev", "1.0.0", "2.0.0", 1)},
          {QStringLiteral("overlays/staging/kustomization.yaml"), overlay("staging", "1.0.0", "2.0.0", 2)},
          {QStringLiteral("overlays/prod/kustomization.yaml"), overlay("prod", "1.0.0", "2.0.0", 2)},
          {QStringLiteral("syncline.yaml"), environmentsFile()}}},
        {QStringLiteral("prod: run 3 api replicas"),
         grace,
         {{QStringLiteral("overlays/prod/kustomization.yaml"), overlay("prod", "1.0.0", "2.0.0", 3)}}},
        {QStringLiteral("dev: bump api to 1.1.0"),
         linus,
         {{QStringLiteral("overlays/dev/kustomization.yaml"), overlay("dev", "1.1.0", "2.0.0", 1)}}},
        {QStringLiteral("promote(staging): from dev@api 1.1.0\n\nSyncline-Action: promote"),
         grace,
         {{QStringLiteral("overlays/staging/kustomization.yaml"), overlay("staging", "1.1.0", "2.0.0", 2)}}},
        {QStringLiteral("dev: bump api to 1.2.0"),
         linus,
         {{QStringLiteral("overlays/dev/kustomization.yaml"), overlay("dev", "1.2.0", "2.0.0", 1)}}},
        {QStringLiteral("web: enable the new checkout flow"), ada, {{QStringLiteral("base/web/flags.yaml"), flags(true)}}},
        {QStringLiteral("api: set log level to debug everywhere"),
         linus,
         {{QStringLiteral("base/api/deployment.yaml"), deployment("api", apiImage).replace("value: info", "value: debug")}}},
        {QStringLiteral(
             "Revert \"api: set log level to debug everywhere\"\n\nDebug logging flooded the log pipeline in staging."),
         grace,
         {{QStringLiteral("base/api/deployment.yaml"), deployment("api", apiImage)}}},
        {QStringLiteral("promote(staging): from dev@api 1.2.0\n\nSyncline-Action: promote"),
         grace,
         {{QStringLiteral("overlays/staging/kustomization.yaml"), overlay("staging", "1.2.0", "2.0.0", 2)}}},
        {QStringLiteral("promote(prod): from staging@api 1.1.0\n\nSyncline-Action: promote"),
         ada,
         {{QStringLiteral("overlays/prod/kustomization.yaml"), overlay("prod", "1.1.0", "2.0.0", 3)}}},
        {QStringLiteral("dev: bump api to 1.3.0 and web to 2.1.0"),
         linus,
         {{QStringLiteral("overlays/dev/kustomization.yaml"), overlay("dev", "1.3.0", "2.1.0", 1)}}},
        // The bad commit the demo reverts: every environment's worker would be OOM-killed.
        {QStringLiteral("worker: cut the memory request to 16Mi"),
         linus,
         {{QStringLiteral("base/worker/deployment.yaml"),
           deployment("worker", workerImage, workerQueueEnv).replace("memory: 128Mi", "memory: 16Mi")}}},
    };
}

// Commits the demo's history into the bare origin, one step a day or so apart.
class HistoryWriter {
public:
    explicit HistoryWriter(git::Repository& origin)
        : m_origin(origin), m_when(QDateTime::currentSecsSinceEpoch() - 17 * 24 * 3600) {} // ends recently

    util::Result<git::ObjectId> commit(const Step& step, const QString& branch, std::vector<git::ObjectId> extraParents = {}) {
        m_when += 25 * 3600 + 17 * 60;
        Signature who = step.who;
        who.time = m_when;
        git::CommitRequest request{.branch = branch,
                                   .startPoint = m_tip,
                                   .edits = step.edits,
                                   .message = step.message,
                                   .author = who,
                                   .extraParents = std::move(extraParents)};
        return git::CommitWriter::commit(m_origin, request);
    }

    // A feature branch for the worker, merged back with a merge commit after `mainline`
    // lands on main, so the history shows a real merge.
    util::Result<void> commitFeatureBranch(const Step& mainline) {
        const std::vector<FileEdit> queue = {
            {QStringLiteral("base/worker/deployment.yaml"), deployment("worker", workerImage, workerQueueEnv)}};
        auto one = commit({QStringLiteral("worker: read jobs from the orders queue"), grace, queue},
                          QStringLiteral("feature/worker-queue"));
        if (!one)
            return util::fail(one.error());
        auto onMain = commit(mainline, QStringLiteral("main"));
        if (!onMain)
            return util::fail(onMain.error());
        auto merge = commit({QStringLiteral("Merge branch 'feature/worker-queue'"), ada, queue}, QStringLiteral("main"), {*one});
        if (!merge)
            return util::fail(merge.error());
        m_tip = *merge;
        return {};
    }

    // The whole history on main, with v1.0.0 tagged on the last promotion to prod.
    util::Result<void> writeAll() {
        const std::vector<Step> steps = mainlineSteps();
        std::optional<git::ObjectId> release;
        for (std::size_t i = 0; i < steps.size(); ++i) {
            if (i == kFeatureBranchBefore) {
                if (auto merged = commitFeatureBranch(steps[i]); !merged)
                    return merged;
                continue;
            }
            auto id = commit(steps[i], QStringLiteral("main"));
            if (!id)
                return util::fail(id.error());
            m_tip = *id;
            if (steps[i].message.startsWith(QLatin1String("promote(prod)")))
                release = *id;
        }
        if (release)
            if (auto tagged = m_origin.createLightweightTag(QStringLiteral("v1.0.0"), *release); !tagged)
                return util::fail(tagged.error());
        return {};
    }

    qint64 lastCommitTime() const { return m_when; }

private:
    git::Repository& m_origin;
    qint64 m_when;
    std::optional<git::ObjectId> m_tip;
};

// One-click actions in the demo commit as the user; someone without a Git identity gets a
// demo one in the demo's own config (never in theirs).
void ensureIdentity(git::Repository& clone) {
    if (clone.configString(QStringLiteral("user.name")).isEmpty() || clone.configString(QStringLiteral("user.email")).isEmpty()) {
        (void)clone.setLocalConfigString(QStringLiteral("user.name"), QStringLiteral("Demo User"));
        (void)clone.setLocalConfigString(QStringLiteral("user.email"), QStringLiteral("demo@example.com"));
    }
}

// Work the user has not shared yet: one unpushed commit and one uncommitted edit, so the
// pending pane has something to show.
util::Result<void> addLocalWork(git::Repository& clone, const QString& workspace, qint64 after) {
    Signature me{QStringLiteral("Ada Lovelace"), QStringLiteral("ada@example.com"), after + 3600, 0};
    git::CommitRequest local{.branch = QStringLiteral("main"),
                             .edits = {{QStringLiteral("overlays/dev/kustomization.yaml"), overlay("dev", "1.3.0", "2.1.0", 2)}},
                             .message = QStringLiteral("dev: try two api replicas"),
                             .author = me};
    auto cloned = clone.head();
    if (!cloned || !cloned->commit)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("the clone has no HEAD"), workspace);
    auto unpushed = git::CommitWriter::commit(clone, local);
    if (!unpushed)
        return util::fail(unpushed.error());
    if (auto updated = clone.fastForwardWorkTree(*cloned->commit, *unpushed); !updated)
        return util::fail(updated.error());
    QFile edit(workspace + QStringLiteral("/overlays/staging/kustomization.yaml"));
    if (edit.open(QIODevice::Append))
        edit.write("# TODO: staging gets 3 api replicas once load tests pass\n");
    return {};
}

} // namespace

QString DemoRepository::workspacePath(const QString& root) { return QDir(root).filePath(QStringLiteral("workspace")); }

util::Result<QString> DemoRepository::ensure(const QString& root) {
    const QString workspace = workspacePath(root);
    if (QFileInfo::exists(workspace + QStringLiteral("/.git")))
        return workspace; // re-running reuses the existing demo
    if (QFileInfo::exists(workspace))
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("exists but is not a demo workspace; choose an empty folder"), workspace);
    const QString originPath = QDir(root).filePath(QStringLiteral("origin.git"));
    QDir(originPath).removeRecursively(); // a half-built demo from an interrupted run
    auto origin = git::Repository::init(originPath, true);
    if (!origin)
        return util::fail(origin.error());
    HistoryWriter history(*origin);
    if (auto written = history.writeAll(); !written)
        return util::fail(written.error());
    // Clone: the workspace tracks origin/main like any user's clone.
    auto clone = git::Repository::cloneLocal(originPath, workspace);
    if (!clone)
        return util::fail(clone.error());
    ensureIdentity(*clone);
    if (auto local = addLocalWork(*clone, workspace, history.lastCommitTime()); !local)
        return util::fail(local.error());
    return workspace;
}

} // namespace syncline::workspace
