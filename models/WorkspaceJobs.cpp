#include "WorkspaceJobs.h"

#include "workspace/EnvironmentComparison.h"
#include "workspace/UserDiffSettings.h"

#include <QCoreApplication>

namespace syncline::models::WorkspaceJobs {

namespace {
util::Unexpected cancelled() { return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled")); }
} // namespace

util::Result<Loaded> load(std::shared_ptr<const git::Repository> repository) {
    auto opened = workspace::WorkspaceLoader::open(repository);
    if (!opened)
        return util::fail(opened.error());
    workspace::UserDiffSettings::load().applyTo(opened->config); // Settings ▸ Diff options
    return Loaded{std::move(*opened), std::make_shared<workspace::EnvironmentRenderer>(std::move(repository))};
}

util::Result<std::shared_ptr<const ComparisonSnapshot>> compare(workspace::EnvironmentRenderer& renderer,
                                                                const workspace::WorkspaceConfig& config,
                                                                const ComparisonRequest& request,
                                                                const util::CancellationToken& cancel) {
    const workspace::Environment* left = config.find(request.leftEnvironment);
    const workspace::Environment* right = config.find(request.rightEnvironment);
    if (!left || !right)
        return util::fail(util::ErrorCode::NotFound, QCoreApplication::translate("WorkspaceJobs", "no such environment"),
                          left ? request.rightEnvironment : request.leftEnvironment);
    if (cancel.isCancelled())
        return cancelled();
    auto leftRendered = renderer.render(*left, request.leftRevision);
    if (!leftRendered)
        return util::fail(leftRendered.error());
    if (cancel.isCancelled())
        return cancelled();
    auto rightRendered = renderer.render(*right, request.rightRevision);
    if (!rightRendered)
        return util::fail(rightRendered.error());
    if (cancel.isCancelled())
        return cancelled();

    auto snapshot = std::make_shared<ComparisonSnapshot>();
    snapshot->request = request;
    snapshot->leftCommit = leftRendered->commit;
    snapshot->rightCommit = rightRendered->commit;
    snapshot->leftRenderer = leftRendered->result.renderer;
    snapshot->rightRenderer = rightRendered->result.renderer;
    snapshot->leftObjects = leftRendered->result.objects.size();
    snapshot->rightObjects = rightRendered->result.objects.size();
    snapshot->leftErrors = leftRendered->result.errors;
    snapshot->rightErrors = rightRendered->result.errors;
    workspace::CompareOptions options;
    options.ignoreNamespace = request.ignoreNamespace;
    snapshot->result = workspace::compareRendered(*leftRendered, *left, *rightRendered, *right, options);
    return std::shared_ptr<const ComparisonSnapshot>(std::move(snapshot));
}

util::Result<workspace::OutputChanges> changesOf(workspace::EnvironmentRenderer& renderer,
                                                 const workspace::Environment& environment, std::size_t maxCommits,
                                                 const util::CancellationToken& cancel) {
    auto tip = renderer.resolve(environment);
    if (!tip)
        return util::fail(tip.error());
    return workspace::RenderedHistory::commitsChangingOutput(renderer, environment, *tip, maxCommits, cancel);
}

} // namespace syncline::models::WorkspaceJobs
