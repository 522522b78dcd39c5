#include "actions/UnpublishedCommits.h"

#include "git/RevisionInfo.h"
#include "git/TreeOperations.h"

namespace syncline::actions {

namespace {

QString commits(int count) { return count == 1 ? QStringLiteral("1 commit") : QStringLiteral("%1 commits").arg(count); }

} // namespace

UnpublishedCommits UnpublishedCommits::of(const git::Repository& repository, const QString& remote, const QString& branch,
                                          const git::ObjectId& tip) {
    UnpublishedCommits result;
    const QString tracking = remote + QLatin1Char('/') + branch;
    auto remoteTip = repository.resolveCommit(QStringLiteral("refs/remotes/") + tracking);
    if (!remoteTip)
        return result;
    result.trackingBranch = tracking;
    if (auto ahead = git::RevisionInfo::countAhead(repository, *remoteTip, tip))
        result.count = *ahead;
    return result;
}

util::Result<void> UnpublishedCommits::checkRebuildKeepsHistory(const git::Repository& repository, const QString& branch,
                                                                const git::ObjectId& before, const git::ObjectId& remoteTip,
                                                                const git::ObjectId& actionCommit) {
    auto kept = git::TreeOperations::isAncestor(repository, before, remoteTip);
    if (!kept)
        return util::fail(kept.error());
    if (*kept)
        return {};
    auto missing = git::RevisionInfo::countAhead(repository, remoteTip, before);
    const int count = missing ? *missing : 0;
    return util::fail(util::ErrorCode::Rejected,
                      QStringLiteral("the remote '%1' moved, and %2 of your local '%1' that the remote does not have "
                                     "came before this action; redoing the action on the remote tip would drop them, "
                                     "so nothing was pushed. Everything is kept locally: '%1' is at %3 with your "
                                     "commits and the action. Bring in the remote's commits (git pull --rebase) and "
                                     "push, or push to a new branch for review.")
                          .arg(branch, commits(count), actionCommit.shortHex()),
                      branch);
}

QString UnpublishedCommits::note(const QString& branch) const {
    if (count <= 0)
        return {};
    return QStringLiteral("%1 on '%2' not yet on %3 will be published too by a push")
        .arg(count == 1 ? QStringLiteral("1 unpushed commit") : QStringLiteral("%1 unpushed commits").arg(count), branch,
             trackingBranch);
}

} // namespace syncline::actions
