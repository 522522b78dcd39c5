#pragma once

#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QString>

#include <optional>
#include <vector>

namespace syncline::git {

enum class FileChangeKind { Added, Deleted, Modified, Renamed, Copied, TypeChanged };

struct FileChange {
    FileChangeKind kind = FileChangeKind::Modified;
    QString oldPath;
    QString newPath;
    qint64 oldSize = 0;
    qint64 newSize = 0;
    bool binary = false;
    bool tooLarge = false; // a side is larger than TreeDiffOptions::maxBlobBytes: no patch
    int similarity = 0;    // for renames and copies, 0..100
    int additions = 0;
    int deletions = 0;
    QString patch; // unified diff (git's format) for text files
};

struct TreeDiffOptions {
    qint64 maxBlobBytes = 8 * 1024 * 1024; // bigger files are listed, not diffed
    int renameLimit = 400;                 // rename detection is bounded like git's diff.renameLimit
    std::size_t maxFiles = 5000;           // beyond that, files are counted, not listed
    bool withPatches = true;
    QString pathPrefix; // only changes below this path
};

struct TreeDiffResult {
    std::vector<FileChange> files;
    std::size_t omittedFiles = 0; // changes past maxFiles
};

// Differences between two commits' trees (either may be absent: the empty tree).
class TreeDiff {
public:
    static util::Result<TreeDiffResult> between(const Repository& repository, const std::optional<ObjectId>& oldCommit,
                                                const std::optional<ObjectId>& newCommit, const TreeDiffOptions& options = {});
};

} // namespace syncline::git
