#pragma once

#include "git/CommitInfo.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace syncline::git {

// A change to one file of the tree: new content, or removal when `content` is empty.
struct FileEdit {
    QString path;
    std::optional<QByteArray> content;
    bool executable = false;
};

struct CommitRequest {
    QString branch; // "main" or "refs/heads/main"; created when it does not exist yet
    // The tip the change was prepared against. The branch is updated only if it still
    // points there (compare-and-swap); empty means "whatever the tip is now".
    std::optional<ObjectId> expectedTip;
    // Where a branch that does not exist yet starts; empty: a root commit.
    std::optional<ObjectId> startPoint;
    std::vector<FileEdit> edits;
    QString message;
    std::optional<Signature> author;    // default: user.name/user.email, now
    std::optional<Signature> committer; // default: the author
    std::vector<ObjectId> extraParents; // for merges
    QString reflogMessage;
    // Build on this commit instead of the branch tip (a change rebuilt on a fetched remote
    // tip); the branch still moves compare-and-swap from its current tip / expectedTip.
    std::optional<ObjectId> parent;
};

// Writes commits without touching any working tree or index: the new tree is built in
// memory from the branch tip and the branch ref is moved compare-and-swap.
class CommitWriter {
public:
    static util::Result<ObjectId> commit(const Repository& repository, const CommitRequest& request);

    // The tree commit() would write for `request` (same tip check), written to the object
    // database; no commit is created and no ref moves. For previews.
    static util::Result<ObjectId> buildTree(const Repository& repository, const CommitRequest& request);
    // The commit object commit() would write, but no ref points at it (Git collects it
    // later): a preview renders the "after" state from it; commit() writes the real one.
    static util::Result<ObjectId> buildDanglingCommit(const Repository& repository, const CommitRequest& request);
    // Moves `branch` from `expectedTip` to `target` compare-and-swap (a fast-forward made
    // elsewhere, e.g. a promotion between branches); Conflict when the branch moved.
    static util::Result<void> moveBranch(const Repository& repository, const QString& branch, const ObjectId& expectedTip,
                                         const ObjectId& target, const QString& reflogMessage);

private:
    static util::Result<ObjectId> write(const Repository& repository, const CommitRequest& request, bool moveRef);
};

} // namespace syncline::git
