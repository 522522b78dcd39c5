#pragma once

#include "diff/DiffOptions.h"
#include "diff/ResourceDiff.h"
#include "manifest/ManifestObject.h"
#include "manifest/ResourceKey.h"

#include <vector>

namespace syncline::diff {

// One engine for the three diffs Syncline shows:
//   desired vs live:     compare(rendered, live, {.left = {.defaultNamespace = ns}, .ignoreRules = rules})
//   env vs env:          compare(rendered(dev), rendered(prod), {.left = {"shop-dev", "dev-"},
//                                .right = {"shop-prod", "prod-"}, .compareOnlyDesiredFields = false,
//                                .ignoreNamespace = true})
//   commit vs commit:    compare(rendered(env, new), rendered(env, old), {..., .compareOnlyDesiredFields =
//   false})
// The left side is the target (desired, the environment promoted from, the newer commit),
// the right side the current state; Missing = only left, Extra = only right, and unified
// diffs read right → left.
//
// Pairing is by ResourceKey after namespace defaulting (namespaced objects without a
// namespace take their side's defaultNamespace; cluster-scoped kinds pair without one)
// and, for env vs env, name prefix/suffix stripping — strings on a side equal to the full
// name of one of that side's renamed objects (a configMapRef, a serviceName) are read as
// the stripped name too, as kustomize's namePrefix rewrites them. With ignoreNamespace,
// metadata.namespace is not compared; other namespace references in a body are.
//
// Pure and synchronous: callable from any thread, no state between calls.
class DiffEngine {
public:
    static constexpr std::size_t kMaxChangesPerResource = 1000;

    static DiffResult compare(const std::vector<manifest::ManifestObject>& left,
                              const std::vector<manifest::ManifestObject>& right, const DiffOptions& options = {});

    // The unified diff of a compared resource's normalized sides (Modified, Missing, Extra),
    // for callers that asked for none up front. Empty for Same.
    static QString unifiedDiff(const ResourceDiff& diff, int contextLines = 3);

    // Namespace, Node, PersistentVolume, ClusterRole(Binding), CustomResourceDefinition,
    // StorageClass, PriorityClass, IngressClass, webhook configurations, APIService, ...
    static bool isBuiltinClusterScoped(const manifest::ResourceKey& key);
};

} // namespace syncline::diff
