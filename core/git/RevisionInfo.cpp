#include "git/RevisionInfo.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/RawCommit.h"

namespace syncline::git {

using namespace detail;

util::Result<CommitSummary> RevisionInfo::describe(const Repository& repository, const ObjectId& commit) {
    const git_oid oid = toGitOid(commit);
    git_odb_object* raw = nullptr;
    if (int rc = git_odb_read(&raw, repository.odb(), &oid); rc < 0)
        return util::fail(gitError(rc, commit.shortHex()));
    OdbObjectPtr object(raw);
    const auto parsed = RawCommit::parse(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    if (!parsed || git_odb_object_type(raw) != GIT_OBJECT_COMMIT)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("not a readable commit"), commit.shortHex());
    CommitSummary summary;
    summary.id = commit;
    summary.parents = parsed->parents;
    summary.author = parsed->author;
    summary.commitTime = parsed->committer.time;
    summary.summary = parsed->summary();
    return summary;
}

util::Result<int> RevisionInfo::countAhead(const Repository& repository, const ObjectId& base, const ObjectId& tip, int cap) {
    if (base == tip)
        return 0;
    const git_oid baseOid = toGitOid(base);
    if (!git_odb_exists(repository.odb(), &baseOid))
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("commit is not in the local repository"), base.shortHex());
    git_revwalk* rawWalk = nullptr;
    if (int rc = git_revwalk_new(&rawWalk, repository.raw()); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("revision walk")));
    RevwalkPtr walk(rawWalk);
    const git_oid tipOid = toGitOid(tip);
    if (int rc = git_revwalk_push(rawWalk, &tipOid); rc < 0)
        return util::fail(gitError(rc, tip.shortHex()));
    if (int rc = git_revwalk_hide(rawWalk, &baseOid); rc < 0)
        return util::fail(gitError(rc, base.shortHex()));
    int count = 0;
    git_oid next;
    while (count < cap && git_revwalk_next(&next, rawWalk) == 0)
        ++count;
    return count;
}

QString RevisionInfo::upstreamOf(const Repository& repository, const QString& branch) {
    const QString remote = repository.configString(QStringLiteral("branch.%1.remote").arg(branch));
    const QString merge = repository.configString(QStringLiteral("branch.%1.merge").arg(branch));
    if (remote.isEmpty() || merge.isEmpty() || remote == QLatin1String("."))
        return {};
    const QString prefix = QStringLiteral("refs/heads/");
    const QString name = merge.startsWith(prefix) ? merge.mid(prefix.size()) : merge;
    return QStringLiteral("refs/remotes/%1/%2").arg(remote, name);
}

} // namespace syncline::git
