#include "DemoSeeder.h"

#include "DemoClusters.h"
#include "git/HistoryWalker.h"
#include "git/Repository.h"
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/GitSide.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/SyncRunner.h"
#include "util/PoolRunner.h"
#include "workspace/WorkspaceLoader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThreadPool>

namespace syncline::app {

namespace {

// The commit whose subject starts with `subject`, newest first from `start`.
util::Result<QString> findCommit(const std::shared_ptr<const git::Repository>& repository, const QString& start,
                                 const QString& subject) {
    git::HistoryQuery query;
    query.revisions = {start};
    query.text = subject;
    auto walker = git::HistoryWalker::start(repository, query);
    if (!walker)
        return util::fail(walker.error());
    auto page = walker->next(1);
    if (page.commits.empty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no commit named \"%1\"").arg(subject), start);
    return page.commits.front().id.toHex();
}

util::Result<QStringList> seedNow(const QString& workspacePath) {
    auto opened = git::Repository::open(workspacePath);
    if (!opened)
        return util::fail(opened.error());
    auto repository = std::make_shared<const git::Repository>(std::move(*opened));
    auto workspace = workspace::WorkspaceLoader::open(repository);
    if (!workspace)
        return util::fail(workspace.error());
    auto gitSide = reconcile::GitSide::open(workspacePath);
    if (!gitSide)
        return util::fail(gitSide.error());
    auto staging = findCommit(repository, QStringLiteral("origin/main"), QStringLiteral("promote(staging): from dev@api 1.1.0"));
    if (!staging)
        return util::fail(staging.error());
    auto prodBefore = findCommit(repository, QStringLiteral("origin/main"), QStringLiteral("prod: run 3 api replicas"));
    if (!prodBefore)
        return util::fail(prodBefore.error());
    // prod twice: its inventory then records the revision before v1.0.0, which the Sync
    // pane offers as "Roll prod back to the previously deployed …".
    const std::vector<std::pair<QString, QString>> plan = {{QStringLiteral("dev"), QString()},
                                                           {QStringLiteral("staging"), *staging},
                                                           {QStringLiteral("prod"), *prodBefore},
                                                           {QStringLiteral("prod"), QStringLiteral("v1.0.0")}};

    reconcile::KubeconfigClientProvider clients(workspacePath, std::make_shared<kube::InMemoryExecApprovals>(),
                                                std::make_shared<reconcile::ClusterConsentStore>());
    QStringList lines;
    for (const auto& [name, revision] : plan) {
        const workspace::Environment* environment = workspace->config.find(name);
        if (!environment)
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("the demo has no such environment"), name);
        auto commit = (*gitSide)->resolve(*environment, revision);
        if (!commit)
            return util::fail(commit.error());
        auto rendered = (*gitSide)->render(*environment, *commit);
        if (!rendered)
            return util::fail(rendered.error());
        auto client = clients.clientFor(*environment);
        if (!client)
            return util::fail(client.error());
        const reconcile::SyncResult result = reconcile::SyncRunner::run(**client, *environment, **rendered, *commit,
                                                                        {.environment = name}, {}, util::CancellationToken{});
        if (!result.succeeded())
            return util::fail(
                result.error.value_or(util::makeError(util::ErrorCode::Generic, QStringLiteral("sync failed"), name)));
        const auto summary = (*gitSide)->describe(*commit);
        lines << QStringLiteral("%1: deployed %2 %3").arg(name, commit->shortHex(), summary ? summary->summary : QString());
    }
    return lines;
}

} // namespace

util::Result<void> DemoSeeder::trustClusters(const QString& root, const QString& workspacePath) {
    auto opened = git::Repository::open(workspacePath);
    if (!opened)
        return util::fail(opened.error());
    auto workspace = workspace::WorkspaceLoader::open(std::make_shared<const git::Repository>(std::move(*opened)));
    if (!workspace)
        return util::fail(workspace.error());
    reconcile::ClusterConsentStore store;
    const QString repository = reconcile::ClusterConsentStore::repositoryKeyOf(workspacePath);
    for (const workspace::Environment& environment : workspace->config.environments) {
        const QString own = QDir::cleanPath(QFileInfo(DemoClusters::kubeconfigPath(root, environment.name)).absoluteFilePath());
        auto cluster = reconcile::ClusterConsent::resolve(environment.cluster, workspacePath);
        if (!cluster || cluster->kubeconfigFile != own)
            continue; // not a cluster the demo made: the user decides
        const bool autoSync = environment.sync.autoSync;
        if (auto trusted = store.trust(repository, environment, workspacePath, autoSync, autoSync && environment.sync.prune);
            !trusted)
            return util::fail(trusted.error());
    }
    return {};
}

QString DemoSeeder::markerPath(const QString& root) { return QDir(root).filePath(QStringLiteral("clusters/.seeded")); }

util::Result<QStringList> DemoSeeder::seed(const QString& root, const QString& workspace) {
    if (QFile::exists(markerPath(root)))
        return QStringList();
    QThreadPool pool;
    auto future = util::runOn(pool, [workspace] { return seedNow(workspace); });
    future.waitForFinished(); // before any window: the HTTPS client must not run on this thread
    util::Result<QStringList> result = future.result();
    if (!result)
        return result;
    QFile marker(markerPath(root));
    if (!marker.open(QIODevice::WriteOnly) || marker.write("seeded\n") < 0)
        return util::fail(util::ErrorCode::Generic, marker.errorString(), markerPath(root));
    return result;
}

} // namespace syncline::app
