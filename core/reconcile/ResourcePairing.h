#pragma once

#include "manifest/ManifestObject.h"
#include "reconcile/EnvironmentSnapshot.h"
#include "workspace/Environment.h"

#include <functional>
#include <set>
#include <vector>

namespace syncline::reconcile {

// What one cycle read: the desired objects (namespaces defaulted), the live objects
// found for them and for the inventory, and the keys the inventory lists.
struct PairingInput {
    const workspace::Environment* environment = nullptr;
    const std::vector<manifest::ManifestObject>* desired = nullptr;
    const std::vector<manifest::ManifestObject>* live = nullptr;
    std::set<manifest::ResourceKey> owned;
    std::function<bool(const manifest::ResourceKey&)> isClusterScoped;
};

// The pure step of a cycle: pairs desired and live by ResourceKey through the diff engine,
// judges each live object's health, and fills the snapshot's resources, counts, sync
// status and overall health. No I/O; callable from any thread.
class ResourcePairing {
public:
    static void fill(const PairingInput& input, EnvironmentSnapshot& snapshot);
};

} // namespace syncline::reconcile
