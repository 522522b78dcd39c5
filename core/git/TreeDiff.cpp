#include "git/TreeDiff.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "util/Text.h"

namespace syncline::git {

using namespace detail;

namespace {

util::Result<TreePtr> treeOfCommit(const Repository& repository, const std::optional<ObjectId>& commitId) {
    if (!commitId)
        return TreePtr();
    git_commit* rawCommit = nullptr;
    const git_oid oid = toGitOid(*commitId);
    if (int rc = git_commit_lookup(&rawCommit, repository.raw(), &oid); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("commit ") + commitId->toHex()));
    CommitPtr commit(rawCommit);
    git_tree* rawTree = nullptr;
    if (int rc = git_commit_tree(&rawTree, rawCommit); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("tree of commit ") + commitId->toHex()));
    return TreePtr(rawTree);
}

FileChangeKind kindOf(git_delta_t status) {
    switch (status) {
    case GIT_DELTA_ADDED:
        return FileChangeKind::Added;
    case GIT_DELTA_DELETED:
        return FileChangeKind::Deleted;
    case GIT_DELTA_RENAMED:
        return FileChangeKind::Renamed;
    case GIT_DELTA_COPIED:
        return FileChangeKind::Copied;
    case GIT_DELTA_TYPECHANGE:
        return FileChangeKind::TypeChanged;
    default:
        return FileChangeKind::Modified;
    }
}

// Size from the object header only: a 1 GB blob is never loaded to learn it is big.
qint64 blobSize(const Repository& repository, const git_diff_file& file) {
    if (!(file.flags & GIT_DIFF_FLAG_EXISTS) || git_oid_is_zero(&file.id))
        return 0;
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&size, &type, repository.odb(), &file.id) < 0)
        return 0;
    return qint64(size);
}

int collectPatch(const git_diff_delta*, const git_diff_hunk*, const git_diff_line* line, void* payload) {
    auto* text = static_cast<QByteArray*>(payload);
    if (line->origin == GIT_DIFF_LINE_CONTEXT || line->origin == GIT_DIFF_LINE_ADDITION || line->origin == GIT_DIFF_LINE_DELETION)
        text->append(line->origin);
    // File and hunk headers and the "\ No newline at end of file" marker carry their
    // own text; only content lines need their origin character.
    text->append(line->content, qsizetype(line->content_len));
    return 0;
}

} // namespace

util::Result<TreeDiffResult> TreeDiff::between(const Repository& repository, const std::optional<ObjectId>& oldCommit,
                                               const std::optional<ObjectId>& newCommit, const TreeDiffOptions& options) {
    auto oldTree = treeOfCommit(repository, oldCommit);
    if (!oldTree)
        return util::fail(oldTree.error());
    auto newTree = treeOfCommit(repository, newCommit);
    if (!newTree)
        return util::fail(newTree.error());

    git_diff_options diffOptions = GIT_DIFF_OPTIONS_INIT;
    QByteArray prefix = options.pathPrefix.toUtf8();
    char* pathspec[] = {prefix.data()};
    if (!prefix.isEmpty()) {
        diffOptions.pathspec.strings = pathspec;
        diffOptions.pathspec.count = 1;
    }
    diffOptions.max_size = options.maxBlobBytes;
    git_diff* rawDiff = nullptr;
    if (int rc = git_diff_tree_to_tree(&rawDiff, repository.raw(), oldTree->get(), newTree->get(), &diffOptions); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("diff")));
    DiffPtr diff(rawDiff);

    // Rename detection compares file contents; skip it when any candidate is too large
    // to load, and bound the number of candidates like git's diff.renameLimit.
    bool anyLarge = false;
    const std::size_t deltaCount = git_diff_num_deltas(rawDiff);
    for (std::size_t i = 0; i < deltaCount && !anyLarge; ++i) {
        const git_diff_delta* delta = git_diff_get_delta(rawDiff, i);
        anyLarge = blobSize(repository, delta->old_file) > options.maxBlobBytes ||
                   blobSize(repository, delta->new_file) > options.maxBlobBytes;
    }
    git_diff_find_options findOptions = GIT_DIFF_FIND_OPTIONS_INIT;
    findOptions.flags = anyLarge ? GIT_DIFF_FIND_EXACT_MATCH_ONLY | GIT_DIFF_FIND_RENAMES : GIT_DIFF_FIND_RENAMES;
    findOptions.rename_limit = std::size_t(options.renameLimit);
    if (int rc = git_diff_find_similar(rawDiff, &findOptions); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("rename detection")));

    TreeDiffResult result;
    const std::size_t count = git_diff_num_deltas(rawDiff);
    for (std::size_t i = 0; i < count; ++i) {
        if (result.files.size() >= options.maxFiles) {
            result.omittedFiles = count - i;
            break;
        }
        const git_diff_delta* delta = git_diff_get_delta(rawDiff, i);
        FileChange change;
        change.kind = kindOf(delta->status);
        change.oldPath = util::decodeGitText(QByteArray(delta->old_file.path));
        change.newPath = util::decodeGitText(QByteArray(delta->new_file.path));
        change.oldSize = blobSize(repository, delta->old_file);
        change.newSize = blobSize(repository, delta->new_file);
        change.similarity = delta->similarity;
        change.tooLarge = change.oldSize > options.maxBlobBytes || change.newSize > options.maxBlobBytes;
        change.binary = change.tooLarge || (delta->flags & GIT_DIFF_FLAG_BINARY);
        if (!change.tooLarge && (options.withPatches || !change.binary)) {
            git_patch* rawPatch = nullptr;
            if (int rc = git_patch_from_diff(&rawPatch, rawDiff, i); rc < 0)
                return util::fail(gitError(rc, QStringLiteral("diff of ") + change.newPath));
            PatchPtr patch(rawPatch);
            const git_diff_delta* patched = git_patch_get_delta(rawPatch);
            change.binary = patched->flags & GIT_DIFF_FLAG_BINARY;
            size_t context = 0, additions = 0, deletions = 0;
            git_patch_line_stats(&context, &additions, &deletions, rawPatch);
            change.additions = int(additions);
            change.deletions = int(deletions);
            if (options.withPatches && !change.binary) {
                QByteArray text;
                git_patch_print(rawPatch, collectPatch, &text);
                change.patch = util::decodeGitText(text);
            }
        }
        result.files.push_back(std::move(change));
    }
    return result;
}

} // namespace syncline::git
