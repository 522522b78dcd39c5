#pragma once

#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QString>

namespace syncline::git {

class Repository;

// Writes the repository's commit-graph with changed-path filters by running the user's
// own `git commit-graph write --reachable --changed-paths` — only when the user asked.
// git runs without system or user config, hooks, pager or fsmonitor, with HOME set to
// an empty folder, so the repository's settings cannot make it run anything else.
class CommitGraphWriter {
public:
    static util::Result<void> write(const Repository& repository, const util::CancellationToken& cancel = {});
};

} // namespace syncline::git
