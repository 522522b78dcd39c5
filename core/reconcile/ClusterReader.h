#pragma once

#include "kube/KubeClient.h"
#include "manifest/ManifestObject.h"
#include "reconcile/ClusterObservation.h"
#include "workspace/Environment.h"

#include <vector>

namespace syncline::reconcile {

// The cluster half of a cycle, on a worker thread: discovery, the inventory (direct mode)
// or the agent's status (Argo CD / Flux), and the live objects of every desired and owned
// key — one list per kind and namespace where two or more are wanted, a get otherwise.
class ClusterReader {
public:
    static ClusterObservation observe(kube::KubeClient& client, const workspace::Environment& environment,
                                      const std::vector<manifest::ManifestObject>& rendered,
                                      const util::CancellationToken& cancel);

    // The observation when no client could be made (a kubeconfig problem).
    static ClusterObservation unconfigured(const workspace::Environment& environment, const util::Error& error);

    static ClusterReachability reachabilityOf(const util::Error& error);
    // The Argo CD Application or Flux Kustomization that deploys an agent-mode environment.
    static manifest::ResourceKey agentKey(const workspace::Environment& environment);
};

} // namespace syncline::reconcile
