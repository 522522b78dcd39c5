#pragma once

#include "git/CommitInfo.h"
#include "git/Repository.h"
#include "git/TreeDiff.h"
#include "util/Result.h"

namespace syncline::git {

// Everything the details view shows for one commit. Merges are diffed against their
// first parent, root commits against the empty tree (like most Git GUIs).
struct CommitDetails {
    ObjectId id;
    ObjectId tree;
    std::vector<ObjectId> parents;
    Signature author;
    Signature committer;
    QString message;
    TreeDiffResult changes;

    static util::Result<CommitDetails> load(const Repository& repository, const ObjectId& commit,
                                            const TreeDiffOptions& options = {});
};

} // namespace syncline::git
