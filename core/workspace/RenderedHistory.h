#pragma once

#include "git/ObjectId.h"
#include "util/CancellationToken.h"
#include "util/Result.h"
#include "workspace/Environment.h"
#include "workspace/EnvironmentRenderer.h"

#include <unordered_set>

namespace syncline::workspace {

// Which commits actually changed an environment's rendered output, not merely touched
// the repository: a commit counts when its output differs from its first parent's (a
// root commit counts when it renders anything). Rendering goes through the renderer's
// cache, so commits that left the environment's inputs alone cost a few tree lookups.
struct OutputChanges {
    std::unordered_set<git::ObjectId> commits;
    std::size_t examined = 0;
    bool complete = true; // false when maxCommits stopped the walk early
};

class RenderedHistory {
public:
    static util::Result<OutputChanges> commitsChangingOutput(EnvironmentRenderer& renderer, const Environment& environment,
                                                             const git::ObjectId& tip, std::size_t maxCommits,
                                                             const util::CancellationToken& cancel = {});
};

} // namespace syncline::workspace
