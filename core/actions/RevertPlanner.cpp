#include "actions/RevertPlanner.h"

#include "actions/CommitMessage.h"
#include "git/TreeOperations.h"

namespace syncline::actions {

util::Result<ActionPlan> RevertPlanner::plan(const git::Repository& repository, const git::ObjectId& tip) const {
    auto facts = git::TreeOperations::commitFacts(repository, m_commit);
    if (!facts)
        return util::fail(facts.error());
    auto tree = git::TreeOperations::revertTree(repository, m_commit, tip, m_mainline);
    if (!tree)
        return util::fail(tree.error());
    auto edits = git::TreeOperations::editsToTree(repository, tip, *tree);
    if (!edits)
        return util::fail(edits.error());
    ActionPlan plan = ActionPlan::on(ActionKind::Revert, m_branch, tip);
    plan.edits = std::move(*edits);
    QString body = QStringLiteral("This reverts commit %1").arg(m_commit.toHex());
    if (facts->parents.size() > 1 && m_mainline > 0)
        body += QStringLiteral(", reversing\nchanges made to %1").arg(facts->parents.at(std::size_t(m_mainline - 1)).toHex());
    body += QLatin1Char('.');
    plan.message = CommitMessage::compose(QStringLiteral("Revert \"%1\"").arg(facts->summary), {body},
                                          {{QStringLiteral("Syncline-Action"), QStringLiteral("revert")}});
    for (const git::FileEdit& edit : plan.edits)
        plan.summary << (edit.content ? QStringLiteral("%1: restored").arg(edit.path)
                                      : QStringLiteral("%1: removed").arg(edit.path));
    if (plan.edits.empty())
        plan.warnings << QStringLiteral("%1 is already undone on %2; nothing to revert").arg(m_commit.shortHex(), m_branch);
    return plan;
}

} // namespace syncline::actions
