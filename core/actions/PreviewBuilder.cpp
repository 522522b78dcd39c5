#include "actions/PreviewBuilder.h"

#include "actions/BranchResolver.h"
#include "git/CommitWriter.h"
#include "workspace/EnvironmentComparison.h"

namespace syncline::actions {

util::Result<ActionPreview> PreviewBuilder::build(workspace::EnvironmentRenderer& renderer,
                                                  const workspace::WorkspaceConfig& config, const ActionPlan& plan) {
    const git::Repository& repository = *renderer.repository();
    ActionPreview preview;
    preview.plan = plan;
    preview.after = plan.expectedTip;
    if (plan.isEmpty())
        return preview;
    if (plan.fastForwardTo) {
        preview.after = *plan.fastForwardTo;
    } else {
        auto after = git::CommitWriter::buildDanglingCommit(repository, plan.commitRequest());
        if (!after)
            return util::fail(after.error());
        preview.after = *after;
    }
    auto files = git::TreeDiff::between(repository, plan.expectedTip, preview.after);
    if (!files)
        return util::fail(files.error());
    preview.files = std::move(files->files);

    for (const workspace::Environment& environment : config.environments) {
        auto branch = BranchResolver::branchOf(repository, environment);
        if (!branch || *branch != plan.branch)
            continue;
        auto before = renderer.renderAt(environment, plan.expectedTip);
        auto after = renderer.renderAt(environment, preview.after);
        if (!after) {
            preview.environments.push_back({environment.name, {}, {after.error().toString()}});
            continue;
        }
        if (before && !before->result.cacheKey.isEmpty() && before->result.cacheKey == after->result.cacheKey)
            continue; // the change does not reach this environment's inputs
        EnvironmentChange change;
        change.environment = environment.name;
        for (const util::Error& error : after->result.errors)
            change.renderErrors << error.toString();
        workspace::RenderedEnvironment empty{environment.name, plan.expectedTip, {}};
        change.diff = workspace::compareRendered(*after, environment, before ? *before : empty, environment,
                                                 {.ignoreNamespace = false, .ignoreEnvironmentNames = false});
        if (change.changedResources() > 0 || !change.renderErrors.isEmpty())
            preview.environments.push_back(std::move(change));
    }
    return preview;
}

} // namespace syncline::actions
