#pragma once

#include "reconcile/SyncResult.h"

#include <QString>

namespace syncline::reconcile {

// How a Sync's result reads, for the window and the command line alike: one headline, the
// failures that explain it, and (for the command line) one line per object.
class SyncResultText {
public:
    // "applied", "unchanged", "pruned", "failed", "skipped".
    static QString outcomeName(ObjectOutcome outcome);

    // "Synced dev to 1a2b3c4: 3 applied, 1 unchanged, 1 pruned, 2 hooks", or why it failed:
    // "Sync of dev stopped at the dry run: nothing was applied.",
    // "Sync of dev stopped at a PreSync hook: nothing was applied.",
    // "Sync of dev failed at a PostSync hook; the deployed revision was not recorded.",
    // "Sync of dev failed on 2 of 9 objects; the deployed revision was not recorded.",
    // "Sync of dev failed."
    static QString headline(const SyncResult& result);

    // The headline, then one line per hook, then for a failure up to three failed objects
    // ("apps/Deployment shop/api: <reason>", "… and 4 more") or, when no object failed,
    // what stopped it.
    static QString summary(const SyncResult& result);

    // "applied   apps/Deployment shop-dev/api" (a failure with ": <reason>").
    static QString objectLine(const ObjectResult& object);

    // "succeeded", "failed", "would run".
    static QString hookOutcomeName(HookOutcome outcome);

    // "hook PreSync batch/Job shop/db-migrate-x7k2p: succeeded; deleted (HookSucceeded)",
    // "hook PreSync batch/Job shop/db-migrate-x7k2p: failed: BackoffLimitExceeded: …".
    static QString hookLine(const HookResult& hook);

    // The PreSync hooks' lines, every object's line, the other hooks' lines (in the order
    // things happened), then the headline, and what stopped a sync nothing above explains.
    static QString report(const SyncResult& result);
};

} // namespace syncline::reconcile
