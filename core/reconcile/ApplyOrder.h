#pragma once

#include "manifest/ManifestObject.h"

#include <vector>

namespace syncline::reconcile {

// One batch of a Sync: every object in it is applied before the next batch starts, and a
// failure in a batch stops the sync before the next one.
struct ApplyBatch {
    int wave = 0;
    std::vector<const manifest::ManifestObject*> objects;
};

// Dependency order for a Sync: Namespaces, then CustomResourceDefinitions (so the custom
// resources after them have a type), then the rest by sync wave (annotation
// `syncline.io/sync-wave`, or Argo CD's `argocd.argoproj.io/sync-wave`; default 0), each
// wave in Helm's kind order (ServiceAccounts and ConfigMaps before the Deployments that
// use them) and then by namespace and name.
class ApplyOrder {
public:
    static std::vector<ApplyBatch> batches(const std::vector<manifest::ManifestObject>& objects);
    static int waveOf(const manifest::ManifestObject& object);
    static int kindRank(const QString& kind);
};

} // namespace syncline::reconcile
