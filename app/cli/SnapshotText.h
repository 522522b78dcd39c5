#pragma once

#include "reconcile/EnvironmentSnapshot.h"
#include "reconcile/SyncResult.h"

#include <QString>

#include <nlohmann/json.hpp>

namespace syncline::app {

// How the command line prints snapshots as text and JSON, and sync results as JSON (their
// text is reconcile::SyncResultText, shared with the window).
class SnapshotText {
public:
    static QString reachabilityName(reconcile::ClusterReachability reachability);
    static QString deployedText(const reconcile::EnvironmentSnapshot& snapshot);
    // What to do when the cluster refused the credentials (401), naming the cluster; empty
    // for any other state.
    static QString credentialsAdvice(const reconcile::EnvironmentSnapshot& snapshot);
    static nlohmann::json toJson(const reconcile::EnvironmentSnapshot& snapshot, bool withResources);
    static nlohmann::json toJson(const reconcile::SyncResult& result);
};

} // namespace syncline::app
