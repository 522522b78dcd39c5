#pragma once

#include "actions/ActionRunner.h"
#include "activity/ActivityEntry.h"

namespace syncline::actions {

// The activity entry of a promotion, revert or rollback, the same from the window and the
// command line: what it was (the commit's subject: "promote(staging): from dev@1a2b3c4")
// and what became of it.
class ActionActivity {
public:
    static activity::ActivityEntry finished(const ActionPlan& plan, const ActionOutcome& outcome, const QString& repository);
    static activity::ActivityEntry failed(const ActionPlan& plan, const util::Error& error, const QString& repository);

private:
    static QString resultOf(const ActionOutcome& outcome);
};

} // namespace syncline::actions
