#include "reconcile/GitSide.h"

#include "git/RevisionInfo.h"

namespace syncline::reconcile {

util::Result<std::unique_ptr<GitSide>> GitSide::open(const QString& repositoryPath, std::size_t renderCacheEntries) {
    auto repository = git::Repository::open(repositoryPath);
    if (!repository)
        return util::fail(repository.error());
    auto shared = std::make_shared<const git::Repository>(std::move(*repository));
    return std::unique_ptr<GitSide>(new GitSide(std::move(shared), renderCacheEntries));
}

GitSide::GitSide(std::shared_ptr<const git::Repository> repository, std::size_t renderCacheEntries)
    : m_repository(repository), m_renderer(std::move(repository), renderCacheEntries) {}

util::Result<TargetRevision> GitSide::target(const workspace::Environment& environment) {
    QString branch = environment.branch;
    if (branch.isEmpty()) {
        auto head = m_repository->head();
        if (!head)
            return util::fail(head.error());
        if (head->detached || head->branch.isEmpty())
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("HEAD is detached and the environment names no branch"), environment.name);
        branch = head->branch;
    }
    TargetRevision target;
    const QString upstream = git::RevisionInfo::upstreamOf(*m_repository, branch);
    if (!upstream.isEmpty()) {
        if (auto commit = m_repository->resolveCommit(upstream)) {
            target.ref = upstream.mid(QStringLiteral("refs/remotes/").size());
            target.commit = *commit;
        }
    }
    if (target.ref.isEmpty()) {
        auto commit = m_repository->resolveCommit(QStringLiteral("refs/heads/") + branch);
        if (!commit)
            return util::fail(commit.error().code, commit.error().message,
                              QStringLiteral("%1: branch %2").arg(environment.name, branch));
        target.ref = branch;
        target.commit = *commit;
    }
    if (auto summary = describe(target.commit))
        target.summary = summary->summary;
    return target;
}

util::Result<git::ObjectId> GitSide::resolve(const workspace::Environment& environment, const QString& revision) {
    if (revision.isEmpty()) {
        auto resolved = target(environment);
        if (!resolved)
            return util::fail(resolved.error());
        return resolved->commit;
    }
    return m_repository->resolveCommit(revision);
}

util::Result<std::shared_ptr<const manifest::RenderResult>> GitSide::render(const workspace::Environment& environment,
                                                                            const git::ObjectId& commit) {
    return m_renderer.renderShared(environment, commit);
}

std::optional<git::CommitSummary> GitSide::describe(const git::ObjectId& commit) {
    auto summary = git::RevisionInfo::describe(*m_repository, commit);
    if (!summary)
        return std::nullopt;
    return *summary;
}

int GitSide::commitsBehind(const git::ObjectId& deployed, const git::ObjectId& target) {
    auto count = git::RevisionInfo::countAhead(*m_repository, deployed, target);
    return count ? *count : -1;
}

} // namespace syncline::reconcile
