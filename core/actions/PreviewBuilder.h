#pragma once

#include "actions/ActionPreview.h"
#include "util/Result.h"
#include "workspace/EnvironmentRenderer.h"
#include "workspace/WorkspaceConfig.h"

namespace syncline::actions {

// Turns a plan into what the user reviews: the planned commit is written as an object no
// ref points at, its file changes are diffed against the tip, and every environment on the
// plan's branch is rendered before and after (through the render cache, so environments
// the change does not reach cost a cache hit).
class PreviewBuilder {
public:
    static util::Result<ActionPreview> build(workspace::EnvironmentRenderer& renderer, const workspace::WorkspaceConfig& config,
                                             const ActionPlan& plan);
};

} // namespace syncline::actions
