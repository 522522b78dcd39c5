#include "actions/BranchResolver.h"

namespace syncline::actions {

util::Result<QString> BranchResolver::headBranch(const git::Repository& repository) {
    auto head = repository.head();
    if (!head)
        return util::fail(head.error());
    if (head->detached)
        return util::fail(util::ErrorCode::Unsupported,
                          QStringLiteral("HEAD is detached; check out the environment's branch first (git switch <branch>)"),
                          QStringLiteral("HEAD"));
    if (head->unborn || !head->commit)
        return util::fail(util::ErrorCode::EmptyRepository, QStringLiteral("the branch has no commits yet"), head->branch);
    return head->branch;
}

util::Result<QString> BranchResolver::branchOf(const git::Repository& repository, const workspace::Environment& environment) {
    if (!environment.branch.isEmpty())
        return environment.branch;
    return headBranch(repository);
}

util::Result<git::ObjectId> BranchResolver::tipOf(const git::Repository& repository, const QString& branch) {
    auto tip = repository.resolveCommit(QStringLiteral("refs/heads/") + branch);
    if (!tip)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("branch does not exist"), branch);
    return tip;
}

QString BranchResolver::normalizedPath(const QString& path) {
    QString result = path;
    while (result.startsWith(QLatin1String("./")))
        result.remove(0, 2);
    while (result.endsWith(QLatin1Char('/')))
        result.chop(1);
    if (result == QLatin1String("."))
        result.clear();
    return result;
}

} // namespace syncline::actions
