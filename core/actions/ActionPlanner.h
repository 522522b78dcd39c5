#pragma once

#include "actions/ActionPlan.h"
#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"

namespace syncline::actions {

// Makes an action's plan for a given tip of its branch. Planners hold only their inputs
// (which environment, which commit), so the same planner can plan again on a newer tip —
// ActionRunner does that when a push is rejected as non-fast-forward.
class ActionPlanner {
public:
    virtual ~ActionPlanner() = default;
    virtual ActionKind kind() const = 0;
    virtual QString branch() const = 0;
    virtual util::Result<ActionPlan> plan(const git::Repository& repository, const git::ObjectId& tip) const = 0;
};

} // namespace syncline::actions
