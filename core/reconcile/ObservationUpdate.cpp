#include "reconcile/ObservationUpdate.h"

#include "kube/Inventory.h"
#include "reconcile/ClusterReader.h"

#include <algorithm>

namespace syncline::reconcile {

namespace {

kube::WatchTarget targetOf(const manifest::ResourceKey& key) { return {key.group, key.kind, key.namespaceName}; }

// Its own inventory, or the version-1 one it inherits (see InventoryLookup).
bool isInventoryOf(const workspace::Environment& environment, const manifest::ResourceKey& key) {
    if (key == kube::inventoryKey(environment.name, environment.defaultNamespace))
        return true;
    return !environment.inheritsInventoryOf.isEmpty() &&
           key == kube::inventoryKey(environment.inheritsInventoryOf, environment.defaultNamespace);
}

} // namespace

std::set<kube::WatchTarget> ObservationUpdate::targetsOf(const workspace::Environment& environment,
                                                         const ClusterObservation& observation) {
    std::set<kube::WatchTarget> targets;
    auto add = [&](const manifest::ResourceKey& key) {
        if (!observation.unservedKinds.count({key.group, key.kind, {}, {}}))
            targets.insert(targetOf(key));
    };
    for (const auto& object : observation.desired)
        add(object.key);
    for (const auto& key : observation.owned)
        add(key);
    if (environment.mode == workspace::Mode::Direct) {
        add(kube::inventoryKey(environment.name, environment.defaultNamespace));
        if (!environment.inheritsInventoryOf.isEmpty())
            add(kube::inventoryKey(environment.inheritsInventoryOf, environment.defaultNamespace));
    } else {
        add(ClusterReader::agentKey(environment));
    }
    return targets;
}

bool ObservationUpdate::needsFullRead(const workspace::Environment& environment, const manifest::ResourceKey& key) {
    if (environment.mode == workspace::Mode::Direct)
        return isInventoryOf(environment, key);
    return key == ClusterReader::agentKey(environment);
}

bool ObservationUpdate::concerns(const workspace::Environment& environment, const ClusterObservation& observation,
                                 const manifest::ResourceKey& key) {
    if (needsFullRead(environment, key) || observation.owned.count(key))
        return true;
    auto hasKey = [&key](const manifest::ManifestObject& object) { return object.key == key; };
    return std::any_of(observation.desired.begin(), observation.desired.end(), hasKey) ||
           std::any_of(observation.live.begin(), observation.live.end(), hasKey);
}

void ObservationUpdate::apply(ClusterObservation& observation, const LiveChange& change) {
    auto& live = observation.live;
    auto found = std::find_if(live.begin(), live.end(), [&](const manifest::ManifestObject& o) { return o.key == change.key; });
    if (!change.object) {
        if (found != live.end())
            live.erase(found);
        return;
    }
    if (found == live.end()) {
        live.push_back({change.key, nlohmann::ordered_json(*change.object), {}});
        return;
    }
    found->body = nlohmann::ordered_json(*change.object);
}

} // namespace syncline::reconcile
