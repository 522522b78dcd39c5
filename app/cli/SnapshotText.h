#pragma once

#include "reconcile/EnvironmentSnapshot.h"
#include "reconcile/SyncResult.h"

#include <QString>

#include <nlohmann/json.hpp>

namespace syncline::app {

// How the command line prints snapshots and sync results, as text and as JSON.
class SnapshotText {
public:
    static QString reachabilityName(reconcile::ClusterReachability reachability);
    static QString deployedText(const reconcile::EnvironmentSnapshot& snapshot);
    static nlohmann::json toJson(const reconcile::EnvironmentSnapshot& snapshot, bool withResources);
    static QString outcomeName(reconcile::ObjectOutcome outcome);
    static nlohmann::json toJson(const reconcile::SyncResult& result);
    // One line per object ("applied   apps/Deployment shop-dev/api", a failure with its
    // reason), then "<env>: deployed <short>" or "<env>: sync failed ...".
    static QString syncText(const reconcile::SyncResult& result);
};

} // namespace syncline::app
