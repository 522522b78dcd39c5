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
};

// Writes commits without touching any working tree or index: the new tree is built in
// memory from the branch tip and the branch ref is moved compare-and-swap.
class CommitWriter {
public:
    static util::Result<ObjectId> commit(const Repository& repository, const CommitRequest& request);
};

} // namespace syncline::git
