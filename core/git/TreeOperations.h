#pragma once

#include "git/CommitInfo.h"
#include "git/CommitWriter.h"
#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace syncline::git {

// What the write-back actions need from Git beyond the readers and CommitWriter: in-memory
// revert and merge, ancestry, and the edits that turn one tree into another. Everything
// happens in in-memory indexes and the object database; no work tree, index or ref is
// touched. libgit2 stays inside TreeOperations.cpp (no libgit2 type in this header).
class TreeOperations {
public:
    struct CommitFacts {
        ObjectId id;
        ObjectId tree;
        std::vector<ObjectId> parents;
        QString summary; // first line of the message
    };
    static util::Result<CommitFacts> commitFacts(const Repository& repository, const ObjectId& commit);

    // `git revert` of `commit` onto `onto`, in memory. `mainline` (1-based) is required for
    // merge commits and refused for others. Conflict: ErrorCode::Conflict, the message
    // lists the conflicting paths (one per line after the first).
    static util::Result<ObjectId> revertTree(const Repository& repository, const ObjectId& commit, const ObjectId& onto,
                                             int mainline);
    // The tree of merging `theirs` into `ours`, in memory; Conflict like revertTree.
    static util::Result<ObjectId> mergeTree(const Repository& repository, const ObjectId& ours, const ObjectId& theirs);
    static util::Result<bool> isAncestor(const Repository& repository, const ObjectId& ancestor, const ObjectId& descendant);

    // The file edits that turn the tree of `base` into `target` (a tree id), limited to
    // `pathPrefix` ("" = everything). Symlinks and submodules are refused (Unsupported).
    static util::Result<std::vector<FileEdit>> editsToTree(const Repository& repository, const ObjectId& base,
                                                           const ObjectId& target, const QString& pathPrefix = {});

    // Refuses (with a reason a user can act on) when a merge, rebase, cherry-pick, revert
    // or bisect is in progress.
    static util::Result<void> checkNoOperationInProgress(const Repository& repository);
};

// "Conflict in a.yaml, b.yaml" as an error whose message lists every path.
util::Error conflictError(const QString& what, const QStringList& paths);

} // namespace syncline::git
