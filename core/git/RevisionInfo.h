#pragma once

#include "git/CommitInfo.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QString>

namespace syncline::git {

// Small questions the reconcile engine asks about revisions. Synchronous; one thread at a
// time (it uses the repository).
class RevisionInfo {
public:
    // Subject, author and time of one commit.
    static util::Result<CommitSummary> describe(const Repository& repository, const ObjectId& commit);

    // Commits reachable from `tip` but not from `base` (git rev-list --count base..tip),
    // counted up to `cap` (the answer is then `cap`). NotFound when `base` is not in the
    // repository (a cluster running a commit nobody fetched).
    static util::Result<int> countAhead(const Repository& repository, const ObjectId& base, const ObjectId& tip, int cap = 1000);

    // The remote-tracking branch `branch` follows ("refs/remotes/origin/main"), from
    // branch.<name>.remote/merge; empty when it follows none.
    static QString upstreamOf(const Repository& repository, const QString& branch);
};

} // namespace syncline::git
