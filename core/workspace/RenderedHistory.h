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
    std::size_t renders = 0; // cache misses over every thread of the walk
    bool complete = true;    // false when maxCommits stopped the walk early
};

// How the walk spreads its renders over threads. The history is cut into runs of
// consecutive commits; each thread judges whole runs with its own renderer (own
// repository handle and cache). Consecutive commits mostly share their inputs, so a run
// costs one render per distinct input state in it, plus at most one at its start; a few
// runs per thread keep the threads busy when the changes bunch up in one part of history.
struct MarkingParallelism {
    std::size_t threads = 0;       // 0: one per core; 1: everything on the calling thread
    std::size_t commitsPerRun = 0; // 0: four runs per thread, of at least 256 commits
};

class RenderedHistory {
public:
    static util::Result<OutputChanges> commitsChangingOutput(EnvironmentRenderer& renderer, const Environment& environment,
                                                             const git::ObjectId& tip, std::size_t maxCommits,
                                                             const util::CancellationToken& cancel = {},
                                                             MarkingParallelism parallelism = {});
};

} // namespace syncline::workspace
