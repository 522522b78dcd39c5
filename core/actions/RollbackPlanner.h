#pragma once

#include "actions/ActionPlanner.h"
#include "workspace/Environment.h"

namespace syncline::actions {

// Rollback(env, commit): a new commit on the environment's branch that makes its folder
// exactly what it was at `commit` — files added since are removed, removed ones come
// back, changed ones are restored — and leaves every other path alone. History is kept,
// so auto-sync does not undo it.
//
// Message: "rollback(<env>): to <short> <summary>" with trailers "Syncline-Action: rollback"
// and "Syncline-Rollback-To: <sha>".
class RollbackPlanner final : public ActionPlanner {
public:
    static util::Result<RollbackPlanner> create(const git::Repository& repository, const workspace::Environment& environment,
                                                const git::ObjectId& commit);

    ActionKind kind() const override { return ActionKind::Rollback; }
    QString branch() const override { return m_branch; }
    util::Result<ActionPlan> plan(const git::Repository& repository, const git::ObjectId& tip) const override;

    const workspace::Environment& environment() const { return m_environment; }
    const git::ObjectId& commit() const { return m_commit; }

private:
    workspace::Environment m_environment;
    QString m_branch;
    git::ObjectId m_commit;
};

} // namespace syncline::actions
