#pragma once

#include "git/CommitInfo.h"
#include "git/ObjectId.h"
#include "git/Repository.h"
#include "manifest/RenderResult.h"
#include "util/Result.h"
#include "workspace/Environment.h"
#include "workspace/EnvironmentRenderer.h"

#include <QString>

#include <memory>
#include <optional>

namespace syncline::reconcile {

// The revision an environment should run: its branch's upstream (what was pushed: GitOps
// deploys what the remote holds) or, without one, the local branch.
struct TargetRevision {
    QString ref; // "origin/main", or "main"
    git::ObjectId commit;
    QString summary;
};

// Everything the engine asks Git, on the repository's serial executor only.
class GitSide {
public:
    // `renderCacheEntries`: how many renders are kept; the engine keeps one per environment
    // at least, so a refresh of a fleet renders only what changed.
    static util::Result<std::unique_ptr<GitSide>> open(const QString& repositoryPath, std::size_t renderCacheEntries = 128);

    util::Result<TargetRevision> target(const workspace::Environment& environment);
    // A revision expression ("HEAD~2", a sha) or, empty, the target.
    util::Result<git::ObjectId> resolve(const workspace::Environment& environment, const QString& revision);
    // Shared with the render cache: a hit copies nothing.
    util::Result<std::shared_ptr<const manifest::RenderResult>> render(const workspace::Environment& environment,
                                                                       const git::ObjectId& commit);
    // What helm is told about the environment's cluster (see EnvironmentRenderer).
    void setClusterCapabilities(const QString& environment, std::optional<manifest::ClusterCapabilities> capabilities) {
        m_renderer.setClusterCapabilities(environment, std::move(capabilities));
    }
    std::optional<git::CommitSummary> describe(const git::ObjectId& commit);
    int commitsBehind(const git::ObjectId& deployed, const git::ObjectId& target); // -1: unknown
    // Re-reads refs after a fetch or commit (libgit2 caches nothing we rely on; kept for clarity).
    const git::Repository& repository() const { return *m_repository; }

private:
    GitSide(std::shared_ptr<const git::Repository> repository, std::size_t renderCacheEntries);

    std::shared_ptr<const git::Repository> m_repository;
    workspace::EnvironmentRenderer m_renderer;
};

} // namespace syncline::reconcile
