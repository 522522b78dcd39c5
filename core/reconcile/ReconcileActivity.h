#pragma once

#include "activity/ActivityEntry.h"
#include "reconcile/ClusterConsent.h"
#include "reconcile/SyncResult.h"

namespace syncline::reconcile {

// The activity entries of what the reconcile side does for the user, the same from the
// window and the command line.
class ReconcileActivity {
public:
    // "Sync staging" (or "Dry-run sync of staging"), with SyncResultText's headline.
    static activity::ActivityEntry sync(const SyncResult& result, const QString& repository);
    // "Trust the cluster of staging" / "Forget the cluster consent of staging".
    static activity::ActivityEntry consent(const QString& repository, const QString& environment, const ClusterConsent& consent);
    static activity::ActivityEntry forgottenConsent(const QString& repository, const QString& environment);
};

} // namespace syncline::reconcile
