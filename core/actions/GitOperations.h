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

namespace syncline::actions {

// What the actions need from Git beyond core/git's readers and CommitWriter: in-memory
// revert and merge, ancestry, and the edits that turn one tree into another. Everything
// happens in in-memory indexes and the object database; no work tree, index or ref is
// touched. libgit2 stays inside GitOperations.cpp (no libgit2 type in this header).
class GitOperations {
public:
    struct CommitFacts {
        git::ObjectId id;
        git::ObjectId tree;
        std::vector<git::ObjectId> parents;
        QString summary; // first line of the message
    };
    static util::Result<CommitFacts> commitFacts(const git::Repository& repository, const git::ObjectId& commit);

    // `git revert` of `commit` onto `onto`, in memory. `mainline` (1-based) is required for
    // merge commits and refused for others. Conflict: ErrorCode::Conflict, the message
    // lists the conflicting paths (one per line after the first).
    static util::Result<git::ObjectId> revertTree(const git::Repository& repository, const git::ObjectId& commit,
                                                  const git::ObjectId& onto, int mainline);
    // The tree of merging `theirs` into `ours`, in memory; Conflict like revertTree.
    static util::Result<git::ObjectId> mergeTree(const git::Repository& repository, const git::ObjectId& ours,
                                                 const git::ObjectId& theirs);
    static util::Result<bool> isAncestor(const git::Repository& repository, const git::ObjectId& ancestor,
                                         const git::ObjectId& descendant);

    // The file edits that turn the tree of `base` into `target` (a tree id), limited to
    // `pathPrefix` ("" = everything). Symlinks and submodules are refused (Unsupported).
    static util::Result<std::vector<git::FileEdit>> editsToTree(const git::Repository& repository,
                                                                const git::ObjectId& base, const git::ObjectId& target,
                                                                const QString& pathPrefix = {});

    // Refuses (with a reason a user can act on) when a merge, rebase, cherry-pick, revert
    // or bisect is in progress.
    static util::Result<void> checkNoOperationInProgress(const git::Repository& repository);
};

// "Conflict in a.yaml, b.yaml" as an error whose message lists every path.
util::Error conflictError(const QString& what, const QStringList& paths);

} // namespace syncline::actions
