#pragma once

#include "kube/ApiResource.h"
#include "manifest/ManifestObject.h"
#include "workspace/Environment.h"

#include <QString>

#include <set>
#include <vector>

namespace syncline::reconcile {

// Desired objects made ready for a cluster: namespaced kinds without a namespace get the
// environment's default namespace ("default" when it names none), both in the body and
// in the key. Kinds the server does not serve yet are judged by the CRDs among the
// desired objects; kinds nobody defines are left alone and reported.
struct PreparedObjects {
    std::vector<manifest::ManifestObject> objects;
    std::set<manifest::ResourceKey> clusterScopedKinds; // {group, kind}
    std::set<manifest::ResourceKey> unservedKinds;      // {group, kind}: neither served nor defined here
    std::set<manifest::ResourceKey> pendingKinds;       // {group, kind}: defined by a CRD here, not served yet
};

class DesiredObjects {
public:
    static PreparedObjects prepare(const std::vector<manifest::ManifestObject>& rendered,
                                   const std::vector<kube::ApiResource>& served, const workspace::Environment& environment);

    static QString namespaceFor(const workspace::Environment& environment);
    static manifest::ResourceKey kindKey(const manifest::ResourceKey& key) { return {key.group, key.kind, {}, {}}; }
};

} // namespace syncline::reconcile
