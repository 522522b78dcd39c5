#pragma once

#include "git/CommitInfo.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <vector>

namespace syncline::git {

// One changed path in the working tree or index, in `git status --porcelain` letters:
// 'M' modified, 'A' added, 'D' deleted, 'R' renamed, 'T' type change, '?' untracked,
// 'U' unmerged, ' ' unchanged on that side.
struct StatusEntry {
    QString path;
    QString oldPath; // for renames
    char index = ' ';
    char workTree = ' ';
};

// The "local pending changes" half of the Pending pane: what is not committed, and what
// is committed but not pushed.
struct LocalChanges {
    QString branch;
    bool detached = false;
    bool bare = false;
    QString upstream; // "origin/main", empty when the branch tracks nothing
    int ahead = 0;
    int behind = 0;
    std::vector<CommitSummary> unpushed; // newest first, at most `maxUnpushed`
    std::vector<StatusEntry> files;
    bool filesTruncated = false;

    static util::Result<LocalChanges> load(const Repository& repository, std::size_t maxUnpushed = 200,
                                           std::size_t maxFiles = 10000);
};

} // namespace syncline::git
