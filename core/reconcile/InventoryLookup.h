#pragma once

#include "kube/Inventory.h"
#include "kube/KubeClient.h"
#include "util/CancellationToken.h"
#include "util/Result.h"
#include "workspace/Environment.h"

#include <optional>
#include <set>

namespace syncline::reconcile {

// The inventory an application reads and extends: its own ConfigMap, or — while it has
// none — the version-1 inventory of its environment that it inherits after syncline.yaml
// was upgraded to version 2 (Environment::inheritsInventoryOf). An inherited inventory is
// narrowed to the objects this application desires: the others may belong to another
// application of the environment now, and must never be pruned by this one. It is given
// the application's name, so the next write goes to the application's own ConfigMap.
class InventoryLookup {
public:
    // nullopt: never synced by Syncline. Errors: the cluster's (not NotFound), or Corrupt
    // for a ConfigMap that does not read as an inventory.
    static util::Result<std::optional<kube::Inventory>> read(kube::KubeClient& client, const workspace::Environment& environment,
                                                             const std::set<manifest::ResourceKey>& desired,
                                                             const util::CancellationToken& cancel);
};

} // namespace syncline::reconcile
