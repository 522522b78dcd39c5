#include "git/CommitDetails.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/RawCommit.h"

namespace syncline::git {

using namespace detail;

util::Result<CommitDetails> CommitDetails::load(const Repository& repository, const ObjectId& commit,
                                                const TreeDiffOptions& options) {
    git_odb_object* raw = nullptr;
    const git_oid oid = toGitOid(commit);
    if (int rc = git_odb_read(&raw, repository.odb(), &oid); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("commit ") + commit.toHex()));
    OdbObjectPtr object(raw);
    if (git_odb_object_type(raw) != GIT_OBJECT_COMMIT)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("not a commit"), commit.toHex());
    auto parsed = RawCommit::parse(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    if (!parsed)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("malformed commit object"), commit.toHex());

    CommitDetails details;
    details.id = commit;
    details.tree = parsed->tree;
    details.parents = parsed->parents;
    details.author = parsed->author;
    details.committer = parsed->committer;
    details.message = parsed->fullMessage();
    std::optional<ObjectId> base;
    if (!details.parents.empty() && !repository.shallowBoundary().count(commit))
        base = details.parents.front();
    auto changes = TreeDiff::between(repository, base, commit, options);
    if (!changes)
        return util::fail(changes.error());
    details.changes = std::move(*changes);
    return details;
}

} // namespace syncline::git
