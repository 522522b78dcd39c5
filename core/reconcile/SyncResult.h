#pragma once

#include "git/ObjectId.h"
#include "manifest/ResourceKey.h"
#include "util/Error.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace syncline::reconcile {

enum class ObjectOutcome { Applied, Unchanged, Pruned, Failed, Skipped };

// What happened to one object during a Sync.
struct ObjectResult {
    manifest::ResourceKey key;
    ObjectOutcome outcome = ObjectOutcome::Skipped;
    std::optional<util::Error> error; // Failed: the API's reason and message
};

// The outcome of Sync(env): per-object results, and whether the revision is now recorded
// as deployed (only when every object applied).
struct SyncResult {
    QString environment;
    git::ObjectId revision;
    std::vector<ObjectResult> objects;
    bool dryRunFailed = false; // the server dry run refused something; nothing was applied
    bool recordedDeployed = false;
    std::optional<util::Error> error; // the first failure, or what stopped the sync

    bool succeeded() const { return !error && recordedDeployed; }
};

} // namespace syncline::reconcile

Q_DECLARE_METATYPE(syncline::reconcile::SyncResult)
