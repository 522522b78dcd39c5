#include "git/CommitWriter.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/SignedCommit.h"

#include <QDateTime>

namespace syncline::git {

using namespace detail;

namespace {

util::Result<SignaturePtr> makeSignature(const Repository& repository, const std::optional<Signature>& wanted) {
    git_signature* raw = nullptr;
    if (!wanted) {
        // Missing configuration, not a bad argument: callers report it as a failure.
        if (int rc = git_signature_default(&raw, repository.raw()); rc < 0)
            return util::fail(util::ErrorCode::Generic, QStringLiteral("set user.name and user.email in your Git configuration"),
                              QStringLiteral("commit identity"));
        return SignaturePtr(raw);
    }
    const QByteArray name = wanted->name.toUtf8(), email = wanted->email.toUtf8();
    const qint64 when = wanted->time ? wanted->time : QDateTime::currentSecsSinceEpoch();
    if (int rc = git_signature_new(&raw, name.constData(), email.constData(), when, wanted->offsetMinutes); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("commit identity")));
    return SignaturePtr(raw);
}

// The tree `edits` make of `base`'s tree (the empty tree without a base), built in an
// in-memory index and written to the object database; no ref, index or work tree moves.
util::Result<git_oid> writeEditedTree(git_repository* repo, const std::optional<git_oid>& base,
                                      const std::vector<FileEdit>& edits, const QByteArray& refName) {
    git_index* rawIndex = nullptr;
    if (int rc = git_index_new(&rawIndex); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("in-memory index")));
    IndexPtr index(rawIndex);
    if (base) {
        git_commit* rawParent = nullptr;
        if (int rc = git_commit_lookup(&rawParent, repo, &*base); rc < 0)
            return util::fail(gitError(rc, QString::fromUtf8(refName)));
        CommitPtr parentCommit(rawParent);
        git_tree* rawTree = nullptr;
        if (int rc = git_commit_tree(&rawTree, rawParent); rc < 0)
            return util::fail(gitError(rc, QString::fromUtf8(refName)));
        TreePtr tree(rawTree);
        if (int rc = git_index_read_tree(rawIndex, rawTree); rc < 0)
            return util::fail(gitError(rc, QString::fromUtf8(refName)));
    }

    for (const FileEdit& edit : edits) {
        const QByteArray path = edit.path.toUtf8();
        if (path.isEmpty() || path.startsWith('/') || path.contains("..") || path.contains("//"))
            return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("not a path inside the repository"), edit.path);
        if (!edit.content) {
            git_index_remove_bypath(rawIndex, path.constData());
            continue;
        }
        git_oid blob;
        if (int rc = git_blob_create_from_buffer(&blob, repo, edit.content->constData(), std::size_t(edit.content->size()));
            rc < 0)
            return util::fail(gitError(rc, edit.path));
        git_index_entry entry{};
        entry.mode = edit.executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
        entry.id = blob;
        entry.path = path.constData();
        entry.file_size = std::uint32_t(edit.content->size());
        if (int rc = git_index_add(rawIndex, &entry); rc < 0)
            return util::fail(gitError(rc, edit.path));
    }

    git_oid treeId;
    if (int rc = git_index_write_tree_to(&treeId, rawIndex, repo); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("write tree")));
    return treeId;
}

QByteArray refNameOf(const QString& branch) {
    return (branch.startsWith(QLatin1String("refs/")) ? branch : QStringLiteral("refs/heads/") + branch).toUtf8();
}

// The branch a commit goes to: its current tip (none for a new branch) and the commit the
// new one builds on (the tip, else the start point; an explicit parent wins).
struct Target {
    QByteArray refName;
    std::optional<git_oid> tip;
    std::optional<git_oid> base;
};

// Reads the tip, which must match what the caller prepared against (expectedTip).
util::Result<Target> resolveTarget(git_repository* repo, const CommitRequest& request) {
    Target target{refNameOf(request.branch), std::nullopt, std::nullopt};
    git_oid current;
    const bool branchExists = git_reference_name_to_id(&current, repo, target.refName.constData()) == 0;
    if (branchExists)
        target.tip = current;
    else
        git_error_clear();
    target.base = target.tip;
    if (!branchExists && request.startPoint)
        target.base = toGitOid(*request.startPoint);
    if (request.parent)
        target.base = toGitOid(*request.parent);
    if (request.expectedTip && (!target.tip || fromGitOid(&*target.tip) != *request.expectedTip))
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch moved while the change was prepared; nothing was written"),
                          QString::fromUtf8(target.refName));
    return target;
}

// The new commit's parents: the base (if any), then the extra parents of a merge. `owned`
// keeps them alive while libgit2 reads `commits`.
struct Parents {
    std::vector<CommitPtr> owned;
    std::vector<const git_commit*> commits;
};

util::Result<Parents> lookupParents(git_repository* repo, const Target& target, const CommitRequest& request) {
    Parents parents;
    if (target.base) {
        git_commit* raw = nullptr;
        if (int rc = git_commit_lookup(&raw, repo, &*target.base); rc < 0)
            return util::fail(gitError(rc, QString::fromUtf8(target.refName)));
        parents.owned.emplace_back(raw);
        parents.commits.push_back(raw);
    }
    for (const ObjectId& id : request.extraParents) {
        git_commit* raw = nullptr;
        const git_oid oid = toGitOid(id);
        if (int rc = git_commit_lookup(&raw, repo, &oid); rc < 0)
            return util::fail(gitError(rc, QStringLiteral("parent ") + id.toHex()));
        parents.owned.emplace_back(raw);
        parents.commits.push_back(raw);
    }
    return parents;
}

// A lock file left by a git program that is still writing the ref, or that was killed
// before it finished: git never removes one on its own, so say which file and what to do.
util::Error lockedRef(git_repository* repo, const QByteArray& refName) {
    const QString lockFile = QString::fromUtf8(git_repository_path(repo)) + QString::fromUtf8(refName) + QStringLiteral(".lock");
    return util::Error{util::ErrorCode::Conflict,
                       QStringLiteral("the branch is locked by %1 (another git program is writing it, or one was stopped "
                                      "before it finished); if no git program is running in this repository, delete that "
                                      "file and try again; nothing was moved")
                           .arg(lockFile),
                       QString::fromUtf8(refName)};
}

// Points the branch at the new commit, compare-and-swap from the tip read before: fails if
// someone moved the branch meanwhile (or created it, when it did not exist).
util::Result<void> moveRefTo(git_repository* repo, const Target& target, const git_oid& commitId, const CommitRequest& request) {
    const QByteArray reflog =
        (request.reflogMessage.isEmpty() ? QStringLiteral("syncline: ") + request.message.section(QLatin1Char('\n'), 0, 0)
                                         : request.reflogMessage)
            .toUtf8();
    const char* refName = target.refName.constData();
    git_reference* rawRef = nullptr;
    int rc = target.tip ? git_reference_create_matching(&rawRef, repo, refName, &commitId, 1, &*target.tip, reflog.constData())
                        : git_reference_create(&rawRef, repo, refName, &commitId, 0, reflog.constData());
    ReferencePtr ref(rawRef);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch was changed by someone else meanwhile; nothing was moved"),
                          QString::fromUtf8(target.refName));
    if (rc == GIT_ELOCKED)
        return util::fail(lockedRef(repo, target.refName));
    if (rc < 0)
        return util::fail(gitError(rc, QString::fromUtf8(target.refName)));
    return {};
}

} // namespace

util::Result<ObjectId> CommitWriter::commit(const Repository& repository, const CommitRequest& request) {
    return write(repository, request, true);
}

util::Result<ObjectId> CommitWriter::buildDanglingCommit(const Repository& repository, const CommitRequest& request) {
    return write(repository, request, false);
}

util::Result<ObjectId> CommitWriter::buildTree(const Repository& repository, const CommitRequest& request) {
    git_repository* repo = repository.raw();
    const QByteArray refName = refNameOf(request.branch);
    std::optional<git_oid> base;
    git_oid current;
    if (git_reference_name_to_id(&current, repo, refName.constData()) == 0)
        base = current;
    else if (git_error_clear(); request.startPoint)
        base = toGitOid(*request.startPoint);
    if (request.expectedTip && (!base || fromGitOid(&*base) != *request.expectedTip))
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch moved while the change was prepared; nothing was written"),
                          QString::fromUtf8(refName));
    if (request.parent)
        base = toGitOid(*request.parent);
    auto tree = writeEditedTree(repo, base, request.edits, refName);
    if (!tree)
        return util::fail(tree.error());
    return fromGitOid(&*tree);
}

util::Result<void> CommitWriter::moveBranch(const Repository& repository, const QString& branch, const ObjectId& expectedTip,
                                            const ObjectId& target, const QString& reflogMessage) {
    const QByteArray refName = refNameOf(branch);
    const git_oid oldId = toGitOid(expectedTip), newId = toGitOid(target);
    const QByteArray reflog = reflogMessage.toUtf8();
    git_reference* rawRef = nullptr;
    const int rc =
        git_reference_create_matching(&rawRef, repository.raw(), refName.constData(), &newId, 1, &oldId, reflog.constData());
    ReferencePtr ref(rawRef);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ENOTFOUND)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch was changed by someone else meanwhile; nothing was moved"),
                          QString::fromUtf8(refName));
    if (rc == GIT_ELOCKED)
        return util::fail(lockedRef(repository.raw(), refName));
    if (rc < 0)
        return util::fail(gitError(rc, QString::fromUtf8(refName)));
    return {};
}

util::Result<ObjectId> CommitWriter::write(const Repository& repository, const CommitRequest& request, bool moveRef) {
    git_repository* repo = repository.raw();
    auto target = resolveTarget(repo, request);
    if (!target)
        return util::fail(target.error());
    auto treeId = writeEditedTree(repo, target->base, request.edits, target->refName);
    if (!treeId)
        return util::fail(treeId.error());
    auto parents = lookupParents(repo, *target, request);
    if (!parents)
        return util::fail(parents.error());
    git_tree* rawNewTree = nullptr;
    if (int rc = git_tree_lookup(&rawNewTree, repo, &*treeId); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("write tree")));
    TreePtr newTree(rawNewTree);

    auto author = makeSignature(repository, request.author);
    if (!author)
        return util::fail(author.error());
    auto committer = makeSignature(repository, request.committer ? request.committer : request.author);
    if (!committer)
        return util::fail(committer.error());
    const QByteArray message =
        request.message.endsWith(QLatin1Char('\n')) ? request.message.toUtf8() : (request.message + QLatin1Char('\n')).toUtf8();
    // Signed where the configuration asks for it (never silently unsigned); a preview's
    // dangling commit is not signed.
    auto created = createCommit(repository, author->get(), committer->get(), message, newTree.get(), parents->commits.size(),
                                parents->commits.data(), moveRef);
    if (!created)
        return util::fail(created.error());
    const git_oid commitId = *created;
    if (moveRef)
        if (auto moved = moveRefTo(repo, *target, commitId, request); !moved)
            return util::fail(moved.error());
    return fromGitOid(&commitId);
}

} // namespace syncline::git
