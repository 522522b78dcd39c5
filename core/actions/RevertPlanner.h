#pragma once

#include "actions/ActionPlanner.h"

namespace syncline::actions {

// Revert(commit): a new commit on `branch` that undoes `commit`, made like `git revert`
// (libgit2's in-memory revert against the branch tip; never the working tree). Merge
// commits need the mainline parent (1-based); a conflict is ErrorCode::Conflict listing
// the paths, and nothing is written.
//
// Message: Revert "<summary>" / This reverts commit <sha>. / Syncline-Action: revert
class RevertPlanner final : public ActionPlanner {
public:
    RevertPlanner(QString branch, git::ObjectId commit, int mainline = 0)
        : m_branch(std::move(branch)), m_commit(commit), m_mainline(mainline) {}

    ActionKind kind() const override { return ActionKind::Revert; }
    QString branch() const override { return m_branch; }
    util::Result<ActionPlan> plan(const git::Repository& repository, const git::ObjectId& tip) const override;

    const git::ObjectId& commit() const { return m_commit; }

private:
    QString m_branch;
    git::ObjectId m_commit;
    int m_mainline = 0;
};

} // namespace syncline::actions
