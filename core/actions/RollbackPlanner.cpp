#include "actions/RollbackPlanner.h"

#include "actions/BranchResolver.h"
#include "actions/CommitMessage.h"
#include "git/TreeOperations.h"

namespace syncline::actions {

util::Result<RollbackPlanner> RollbackPlanner::create(const git::Repository& repository,
                                                      const workspace::Environment& environment, const git::ObjectId& commit) {
    RollbackPlanner planner;
    planner.m_environment = environment;
    planner.m_environment.path = BranchResolver::normalizedPath(environment.path);
    auto branch = BranchResolver::branchOf(repository, environment);
    if (!branch)
        return util::fail(branch.error());
    planner.m_branch = *branch;
    planner.m_commit = commit;
    return planner;
}

util::Result<ActionPlan> RollbackPlanner::plan(const git::Repository& repository, const git::ObjectId& tip) const {
    auto facts = git::TreeOperations::commitFacts(repository, m_commit);
    if (!facts)
        return util::fail(facts.error());
    auto edits = git::TreeOperations::editsToTree(repository, tip, facts->tree, m_environment.path);
    if (!edits)
        return util::fail(edits.error());
    ActionPlan plan = ActionPlan::on(ActionKind::Rollback, m_branch, tip);
    plan.edits = std::move(*edits);
    for (const git::FileEdit& edit : plan.edits)
        plan.summary << (edit.content ? QStringLiteral("%1: as at %2").arg(edit.path, m_commit.shortHex())
                                      : QStringLiteral("%1: removed (not there at %2)").arg(edit.path, m_commit.shortHex()));
    const QString where = m_environment.path.isEmpty() ? QStringLiteral("the repository root") : m_environment.path;
    plan.message = CommitMessage::compose(
        QStringLiteral("rollback(%1): to %2 %3").arg(m_environment.name, m_commit.shortHex(), facts->summary),
        {QStringLiteral("Makes %1 what it was at %2.").arg(where, m_commit.toHex())},
        {{QStringLiteral("Syncline-Action"), QStringLiteral("rollback")},
         {QStringLiteral("Syncline-Rollback-To"), m_commit.toHex()}});
    if (plan.edits.empty())
        plan.warnings << QStringLiteral("'%1' is already as it was at %2; nothing to roll back")
                             .arg(m_environment.name, m_commit.shortHex());
    return plan;
}

} // namespace syncline::actions
