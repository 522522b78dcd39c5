#pragma once

#include "kube/ResourceWatch.h"
#include "reconcile/ClusterObservation.h"
#include "reconcile/LiveChange.h"
#include "workspace/Environment.h"

#include <set>

namespace syncline::reconcile {

// Live updates without reading the cluster again: what an environment's observation
// depends on (the kinds and namespaces to watch), and a watch's change applied to it in
// place. Changes to the inventory or the agent's object need a full read instead (they
// say what is owned and deployed, not just how one object looks).
class ObservationUpdate {
public:
    static std::set<kube::WatchTarget> targetsOf(const workspace::Environment& environment,
                                                 const ClusterObservation& observation);
    // The object is desired, owned or live in this observation, or needs a full read.
    static bool concerns(const workspace::Environment& environment, const ClusterObservation& observation,
                         const manifest::ResourceKey& key);
    static bool needsFullRead(const workspace::Environment& environment, const manifest::ResourceKey& key);
    static void apply(ClusterObservation& observation, const LiveChange& change);
};

} // namespace syncline::reconcile
