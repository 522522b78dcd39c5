#include "git/TreeOperations.h"

#include "git/GitError.h"
#include "git/GitHandles.h"

// Note: this file uses libgit2 directly although it lives in core/actions. The in-memory
// revert/merge the actions need has no reader in core/git yet, and core/git is being
// extended by the push work at the same time; these helpers can move there unchanged.

namespace syncline::git {

using namespace git::detail;

namespace {

util::Result<CommitPtr> lookupCommit(git_repository* repo, const git::ObjectId& id) {
    git_commit* raw = nullptr;
    const git_oid oid = toGitOid(id);
    if (int rc = git_commit_lookup(&raw, repo, &oid); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("commit ") + id.toHex()));
    return CommitPtr(raw);
}

util::Result<TreePtr> lookupTree(git_repository* repo, const git::ObjectId& id) {
    git_tree* raw = nullptr;
    const git_oid oid = toGitOid(id);
    if (int rc = git_tree_lookup(&raw, repo, &oid); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("tree ") + id.toHex()));
    return TreePtr(raw);
}

// Writes the index's tree, or reports its conflicts.
util::Result<git::ObjectId> treeOrConflicts(git_repository* repo, git_index* index, const QString& what) {
    if (git_index_has_conflicts(index)) {
        QStringList paths;
        git_index_conflict_iterator* rawIterator = nullptr;
        if (git_index_conflict_iterator_new(&rawIterator, index) == 0) {
            const git_index_entry *ancestor = nullptr, *ours = nullptr, *theirs = nullptr;
            while (git_index_conflict_next(&ancestor, &ours, &theirs, rawIterator) == 0) {
                const git_index_entry* any = ours ? ours : theirs ? theirs : ancestor;
                if (any)
                    paths << QString::fromUtf8(any->path);
            }
            git_index_conflict_iterator_free(rawIterator);
        }
        paths.removeDuplicates();
        return util::fail(conflictError(what, paths));
    }
    git_oid tree;
    if (int rc = git_index_write_tree_to(&tree, index, repo); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("write tree")));
    return fromGitOid(&tree);
}

bool underPrefix(const QString& path, const QString& prefix) {
    return prefix.isEmpty() || path == prefix || path.startsWith(prefix + QLatin1Char('/'));
}

} // namespace

util::Error conflictError(const QString& what, const QStringList& paths) {
    QString message = QStringLiteral("%1 conflicts with the current branch; nothing was written. Conflicting paths:").arg(what);
    for (const QString& path : paths)
        message += QStringLiteral("\n  ") + path;
    return util::makeError(util::ErrorCode::Conflict, message);
}

util::Result<TreeOperations::CommitFacts> TreeOperations::commitFacts(const git::Repository& repository,
                                                                      const git::ObjectId& commit) {
    auto found = lookupCommit(repository.raw(), commit);
    if (!found)
        return util::fail(found.error());
    CommitFacts facts;
    facts.id = commit;
    facts.tree = fromGitOid(git_commit_tree_id(found->get()));
    for (unsigned i = 0; i < git_commit_parentcount(found->get()); ++i)
        facts.parents.push_back(fromGitOid(git_commit_parent_id(found->get(), i)));
    const char* summary = git_commit_summary(found->get());
    facts.summary = summary ? QString::fromUtf8(summary) : QString();
    return facts;
}

util::Result<git::ObjectId> TreeOperations::revertTree(const git::Repository& repository, const git::ObjectId& commit,
                                                       const git::ObjectId& onto, int mainline) {
    git_repository* repo = repository.raw();
    auto reverted = lookupCommit(repo, commit);
    if (!reverted)
        return util::fail(reverted.error());
    auto base = lookupCommit(repo, onto);
    if (!base)
        return util::fail(base.error());
    const unsigned parents = git_commit_parentcount(reverted->get());
    if (parents > 1 && mainline <= 0)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("is a merge commit; choose the mainline parent (1..%1) to revert against").arg(parents),
                          commit.shortHex());
    if (parents > 1 && unsigned(mainline) > parents)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("has only %1 parents; mainline %2 does not exist").arg(parents).arg(mainline),
                          commit.shortHex());
    if (parents <= 1 && mainline > 0)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("is not a merge commit; a mainline parent does not apply"), commit.shortHex());
    if (parents == 0)
        return util::fail(util::ErrorCode::Unsupported, QStringLiteral("is the root commit; it cannot be reverted"),
                          commit.shortHex());
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    git_index* rawIndex = nullptr;
    if (int rc = git_revert_commit(&rawIndex, repo, reverted->get(), base->get(), unsigned(std::max(mainline, 0)), &options);
        rc < 0)
        return util::fail(gitError(rc, QStringLiteral("revert ") + commit.shortHex()));
    IndexPtr index(rawIndex);
    return treeOrConflicts(repo, rawIndex, QStringLiteral("Reverting %1").arg(commit.shortHex()));
}

util::Result<git::ObjectId> TreeOperations::mergeTree(const git::Repository& repository, const git::ObjectId& ours,
                                                      const git::ObjectId& theirs) {
    git_repository* repo = repository.raw();
    auto oursCommit = lookupCommit(repo, ours);
    if (!oursCommit)
        return util::fail(oursCommit.error());
    auto theirsCommit = lookupCommit(repo, theirs);
    if (!theirsCommit)
        return util::fail(theirsCommit.error());
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    git_index* rawIndex = nullptr;
    if (int rc = git_merge_commits(&rawIndex, repo, oursCommit->get(), theirsCommit->get(), &options); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("merge ") + theirs.shortHex()));
    IndexPtr index(rawIndex);
    return treeOrConflicts(repo, rawIndex, QStringLiteral("Merging %1").arg(theirs.shortHex()));
}

util::Result<bool> TreeOperations::isAncestor(const git::Repository& repository, const git::ObjectId& ancestor,
                                              const git::ObjectId& descendant) {
    if (ancestor == descendant)
        return true;
    const git_oid a = toGitOid(ancestor), d = toGitOid(descendant);
    const int rc = git_graph_descendant_of(repository.raw(), &d, &a);
    if (rc < 0)
        return util::fail(gitError(rc, QStringLiteral("ancestry")));
    return rc == 1;
}

util::Result<std::vector<git::FileEdit>> TreeOperations::editsToTree(const git::Repository& repository, const git::ObjectId& base,
                                                                     const git::ObjectId& target, const QString& pathPrefix) {
    git_repository* repo = repository.raw();
    auto baseCommit = lookupCommit(repo, base);
    if (!baseCommit)
        return util::fail(baseCommit.error());
    git_tree* rawBaseTree = nullptr;
    if (int rc = git_commit_tree(&rawBaseTree, baseCommit->get()); rc < 0)
        return util::fail(gitError(rc, base.toHex()));
    TreePtr baseTree(rawBaseTree);
    auto targetTree = lookupTree(repo, target);
    if (!targetTree)
        return util::fail(targetTree.error());

    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    const QByteArray prefix = pathPrefix.toUtf8();
    char* pathspec[] = {const_cast<char*>(prefix.constData())};
    if (!prefix.isEmpty()) {
        options.pathspec.strings = pathspec;
        options.pathspec.count = 1;
    }
    git_diff* rawDiff = nullptr;
    if (int rc = git_diff_tree_to_tree(&rawDiff, repo, baseTree.get(), targetTree->get(), &options); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("diff")));
    DiffPtr diff(rawDiff);

    std::vector<git::FileEdit> edits;
    for (std::size_t i = 0; i < git_diff_num_deltas(rawDiff); ++i) {
        const git_diff_delta* delta = git_diff_get_delta(rawDiff, i);
        const QString oldPath = QString::fromUtf8(delta->old_file.path);
        const QString newPath = QString::fromUtf8(delta->new_file.path);
        if (!underPrefix(newPath, pathPrefix) && !underPrefix(oldPath, pathPrefix))
            continue;
        for (const git_diff_file* file : {&delta->old_file, &delta->new_file}) {
            if ((file->flags & GIT_DIFF_FLAG_EXISTS) == 0)
                continue;
            if (file->mode == GIT_FILEMODE_LINK || file->mode == GIT_FILEMODE_COMMIT)
                return util::fail(util::ErrorCode::Unsupported,
                                  QStringLiteral("symbolic links and submodules are not changed by Syncline actions"),
                                  QString::fromUtf8(file->path));
        }
        if (delta->status == GIT_DELTA_DELETED) {
            edits.push_back({oldPath, std::nullopt, false});
            continue;
        }
        git_blob* rawBlob = nullptr;
        if (int rc = git_blob_lookup(&rawBlob, repo, &delta->new_file.id); rc < 0)
            return util::fail(gitError(rc, newPath));
        BlobPtr blob(rawBlob);
        const auto size = qsizetype(git_blob_rawsize(rawBlob));
        edits.push_back({newPath, QByteArray(static_cast<const char*>(git_blob_rawcontent(rawBlob)), size),
                         delta->new_file.mode == GIT_FILEMODE_BLOB_EXECUTABLE});
    }
    return edits;
}

util::Result<void> TreeOperations::checkNoOperationInProgress(const git::Repository& repository) {
    switch (git_repository_state(repository.raw())) {
    case GIT_REPOSITORY_STATE_NONE:
        return {};
    case GIT_REPOSITORY_STATE_MERGE:
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("a merge is in progress; finish it (git commit) or abort it (git merge --abort) first"));
    case GIT_REPOSITORY_STATE_REBASE:
    case GIT_REPOSITORY_STATE_REBASE_INTERACTIVE:
    case GIT_REPOSITORY_STATE_REBASE_MERGE:
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
    case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
        return util::fail(
            util::ErrorCode::Conflict,
            QStringLiteral("a rebase is in progress; finish it (git rebase --continue) or abort it (git rebase --abort) first"));
    case GIT_REPOSITORY_STATE_CHERRYPICK:
    case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("a cherry-pick is in progress; finish or abort it (git cherry-pick --abort) first"));
    case GIT_REPOSITORY_STATE_REVERT:
    case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("a revert is in progress; finish or abort it (git revert --abort) first"));
    case GIT_REPOSITORY_STATE_BISECT:
        return util::fail(util::ErrorCode::Conflict, QStringLiteral("a bisect is in progress; end it (git bisect reset) first"));
    default:
        break;
    }
    return util::fail(util::ErrorCode::Conflict, QStringLiteral("another Git operation is in progress; finish it first"));
}

} // namespace syncline::git
