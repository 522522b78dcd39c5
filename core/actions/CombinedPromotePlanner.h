#pragma once

#include "actions/PromotePlanner.h"

#include <optional>
#include <utility>
#include <vector>

namespace syncline::actions {

// "Promote all of staging → prod": every application's promotion in ONE commit, so the
// environment moves as a whole and one revert takes it back. Each application is planned
// by its own PromotePlanner on the same tip; their file edits are put together. Two
// applications that write different content to the same file cannot be combined (the
// second would be planned without the first's change): that is refused, naming the file.
//
// Only folder-per-environment promotions on one target branch combine; branch-per-
// environment promotions move a whole branch and are promoted one application at a time.
//
// Message: "promote(<to place>): <n> applications from <from place>", the applications'
// summaries prefixed with their names, and one "Syncline-Source: <unit>@<sha>" trailer per
// application.
class CombinedPromotePlanner final : public ActionPlanner {
public:
    struct Pair {
        QString from, to;                    // units ("web-staging" → "web-prod")
        std::optional<git::ObjectId> source; // what `from` runs; empty: the tip of its branch
    };
    static util::Result<CombinedPromotePlanner> create(const git::Repository& repository,
                                                       const workspace::WorkspaceConfig& config, const std::vector<Pair>& pairs);

    ActionKind kind() const override { return ActionKind::Promote; }
    QString branch() const override { return m_branch; }
    util::Result<ActionPlan> plan(const git::Repository& repository, const git::ObjectId& tip) const override;

    const std::vector<PromotePlanner>& parts() const { return m_parts; }

private:
    static util::Result<void> addPart(ActionPlan& combined, const ActionPlan& part, const workspace::Environment& unit);
    QString message(const QStringList& summary) const;

    std::vector<PromotePlanner> m_parts;
    QString m_branch;
};

} // namespace syncline::actions
