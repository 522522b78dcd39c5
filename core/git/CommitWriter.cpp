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
            return util::fail(util::ErrorCode::Generic,
                              QStringLiteral("set user.name and user.email in your Git configuration"),
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

} // namespace

util::Result<ObjectId> CommitWriter::commit(const Repository& repository, const CommitRequest& request) {
    return write(repository, request, true);
}

util::Result<ObjectId> CommitWriter::buildDanglingCommit(const Repository& repository, const CommitRequest& request) {
    return write(repository, request, false);
}

util::Result<ObjectId> CommitWriter::buildTree(const Repository& repository, const CommitRequest& request) {
    git_repository* repo = repository.raw();
    const QByteArray refName =
        (request.branch.startsWith(QLatin1String("refs/")) ? request.branch : QStringLiteral("refs/heads/") + request.branch)
            .toUtf8();
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
    const QByteArray refName =
        (branch.startsWith(QLatin1String("refs/")) ? branch : QStringLiteral("refs/heads/") + branch).toUtf8();
    const git_oid oldId = toGitOid(expectedTip), newId = toGitOid(target);
    const QByteArray reflog = reflogMessage.toUtf8();
    git_reference* rawRef = nullptr;
    const int rc = git_reference_create_matching(&rawRef, repository.raw(), refName.constData(), &newId, 1, &oldId,
                                                 reflog.constData());
    ReferencePtr ref(rawRef);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS || rc == GIT_ENOTFOUND)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch was changed by someone else meanwhile; nothing was moved"),
                          QString::fromUtf8(refName));
    if (rc < 0)
        return util::fail(gitError(rc, QString::fromUtf8(refName)));
    return {};
}

util::Result<ObjectId> CommitWriter::write(const Repository& repository, const CommitRequest& request, bool moveRef) {
    git_repository* repo = repository.raw();
    const QByteArray refName =
        (request.branch.startsWith(QLatin1String("refs/")) ? request.branch : QStringLiteral("refs/heads/") + request.branch)
            .toUtf8();

    // The current tip, which must match what the caller prepared against.
    std::optional<git_oid> tip;
    git_oid current;
    const bool branchExists = git_reference_name_to_id(&current, repo, refName.constData()) == 0;
    if (branchExists)
        tip = current;
    else
        git_error_clear();
    std::optional<git_oid> base = tip;
    if (!branchExists && request.startPoint)
        base = toGitOid(*request.startPoint);
    if (request.parent)
        base = toGitOid(*request.parent);
    if (request.expectedTip && (!tip || fromGitOid(&*tip) != *request.expectedTip))
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch moved while the change was prepared; nothing was written"),
                          QString::fromUtf8(refName));

    auto treeId = writeEditedTree(repo, base, request.edits, refName);
    if (!treeId)
        return util::fail(treeId.error());
    CommitPtr parentCommit;
    if (base) {
        git_commit* rawParent = nullptr;
        if (int rc = git_commit_lookup(&rawParent, repo, &*base); rc < 0)
            return util::fail(gitError(rc, QString::fromUtf8(refName)));
        parentCommit.reset(rawParent);
    }
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

    std::vector<CommitPtr> extra;
    std::vector<const git_commit*> parents;
    if (parentCommit)
        parents.push_back(parentCommit.get());
    for (const ObjectId& id : request.extraParents) {
        git_commit* raw = nullptr;
        const git_oid oid = toGitOid(id);
        if (int rc = git_commit_lookup(&raw, repo, &oid); rc < 0)
            return util::fail(gitError(rc, QStringLiteral("parent ") + id.toHex()));
        extra.emplace_back(raw);
        parents.push_back(raw);
    }
    const QByteArray message = request.message.endsWith(QLatin1Char('\n')) ? request.message.toUtf8()
                                                                            : (request.message + QLatin1Char('\n')).toUtf8();
    // Signed where the configuration asks for it (never silently unsigned); a preview's
    // dangling commit is not signed.
    auto created = createCommit(repository, author->get(), committer->get(), message, newTree.get(), parents.size(),
                                parents.data(), moveRef);
    if (!created)
        return util::fail(created.error());
    const git_oid commitId = *created;
    if (!moveRef)
        return fromGitOid(&commitId);

    const QByteArray reflog = (request.reflogMessage.isEmpty() ? QStringLiteral("syncline: ") + request.message.section(QLatin1Char('\n'), 0, 0)
                                                               : request.reflogMessage)
                                  .toUtf8();
    git_reference* rawRef = nullptr;
    // Compare-and-swap: fails if someone moved the branch since we read the tip.
    int rc = tip ? git_reference_create_matching(&rawRef, repo, refName.constData(), &commitId, 1, &*tip, reflog.constData())
                 : git_reference_create(&rawRef, repo, refName.constData(), &commitId, 0, reflog.constData());
    ReferencePtr ref(rawRef);
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS)
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("the branch was changed by someone else meanwhile; nothing was moved"),
                          QString::fromUtf8(refName));
    if (rc < 0)
        return util::fail(gitError(rc, QString::fromUtf8(refName)));
    return fromGitOid(&commitId);
}

} // namespace syncline::git
