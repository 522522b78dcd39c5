#pragma once

#include "git/ObjectId.h"
#include "util/Result.h"

#include <QString>

#include <memory>
#include <optional>
#include <unordered_set>

struct git_repository;
struct git_odb;

namespace syncline::git {

class CommitGraph;

// Where HEAD points: a branch (possibly unborn), or a detached commit.
struct HeadState {
    QString branch;                 // short name, empty when detached
    std::optional<ObjectId> commit; // empty when the branch has no commits yet
    bool detached = false;
    bool unborn = false;
};

// An open repository. Move-only; owns the libgit2 handle. Not thread-safe: each
// repository is used by one thread at a time (see util::SerialExecutor).
class Repository {
public:
    // Opens the repository containing `path` (the folder itself or any folder inside its
    // work tree). Errors name the path: "not a Git repository", "corrupt", ...
    static util::Result<Repository> open(const QString& path);
    static util::Result<Repository> init(const QString& path, bool bare = false);
    // Clones a local or file:// repository (no credentials involved) and checks out its HEAD.
    static util::Result<Repository> cloneLocal(const QString& source, const QString& path);

    Repository(Repository&&) noexcept;
    Repository& operator=(Repository&&) noexcept;
    ~Repository();

    QString gitDir() const;
    QString workDir() const; // empty for a bare repository
    bool isBare() const;
    bool isEmpty() const;   // no commits on HEAD's branch
    bool isShallow() const; // a shallow clone: history stops at the shallow boundary
    // Commits whose parents were cut off by a shallow clone.
    const std::unordered_set<ObjectId>& shallowBoundary() const { return m_shallowBoundary; }

    util::Result<HeadState> head() const;
    // Resolves a revision expression (sha, branch, tag, HEAD~2) to a commit id.
    util::Result<ObjectId> resolveCommit(const QString& revision) const;
    // After the checked-out branch moved from `from` to `to` without touching the work
    // tree, brings the work tree and index along like a fast-forward. Files the user
    // changed are left alone: a conflict leaves everything as it was and says which path.
    util::Result<void> fastForwardWorkTree(const ObjectId& from, const ObjectId& to) const;
    util::Result<void> createLightweightTag(const QString& name, const ObjectId& target) const;
    // The commit config identity (user.name / user.email), empty when unset.
    QString configString(const QString& key) const;
    // Writes `key` in this repository's own config (.git/config), never the user's.
    util::Result<void> setLocalConfigString(const QString& key, const QString& value) const;

    // The repository's commit-graph file, read on first use; null when it has none or it
    // cannot be trusted (then a warning names the file once). Only ever a speed-up.
    std::shared_ptr<const CommitGraph> commitGraph() const;
    QString commitGraphPath() const;
    // After a new file was written: the next commitGraph() reads it (walks already
    // running keep the one they hold).
    void forgetCommitGraph();

    // For use by other classes of core/git only.
    git_repository* raw() const { return m_repo; }
    git_odb* odb() const;

private:
    explicit Repository(git_repository* repo);
    void loadShallowBoundary();

    git_repository* m_repo = nullptr;
    mutable git_odb* m_odb = nullptr;
    std::unordered_set<ObjectId> m_shallowBoundary;
    mutable std::shared_ptr<const CommitGraph> m_commitGraph;
    mutable bool m_commitGraphLoaded = false;
};

} // namespace syncline::git
