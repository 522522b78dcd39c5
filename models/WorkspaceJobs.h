#pragma once

#include "ComparisonRequest.h"
#include "ComparisonSnapshot.h"
#include "util/CancellationToken.h"
#include "util/Result.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/RenderedHistory.h"
#include "workspace/WorkspaceLoader.h"

#include <memory>

namespace syncline::models {

// The workspace work RepositoryController runs on a repository's serial executor. Plain
// synchronous functions: they never run on the GUI thread.
namespace WorkspaceJobs {

struct Loaded {
    workspace::Workspace workspace;
    // The repository's one renderer; its cache lives as long as the repository is open.
    std::shared_ptr<workspace::EnvironmentRenderer> renderer;
};

util::Result<Loaded> load(std::shared_ptr<const git::Repository> repository);

util::Result<std::shared_ptr<const ComparisonSnapshot>> compare(workspace::EnvironmentRenderer& renderer,
                                                                const workspace::WorkspaceConfig& config,
                                                                const ComparisonRequest& request,
                                                                const util::CancellationToken& cancel);

util::Result<workspace::OutputChanges> changesOf(workspace::EnvironmentRenderer& renderer,
                                                 const workspace::Environment& environment, std::size_t maxCommits,
                                                 const util::CancellationToken& cancel);

} // namespace WorkspaceJobs

} // namespace syncline::models
