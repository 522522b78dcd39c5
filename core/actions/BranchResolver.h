#pragma once

#include "git/Repository.h"
#include "util/Result.h"
#include "workspace/Environment.h"

namespace syncline::actions {

// The branch an environment lives on: its own, or the branch HEAD is on. A detached HEAD
// is refused with a reason (the environment names no branch to write to).
class BranchResolver {
public:
    static util::Result<QString> branchOf(const git::Repository& repository, const workspace::Environment& environment);
    static util::Result<QString> headBranch(const git::Repository& repository);
    static util::Result<git::ObjectId> tipOf(const git::Repository& repository, const QString& branch);
    // "overlays/prod" for "overlays/prod/", "./overlays/prod"; "" for "." and "".
    static QString normalizedPath(const QString& path);
};

} // namespace syncline::actions
