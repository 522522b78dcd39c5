#pragma once

#include "kube/KubeClient.h"
#include "util/Result.h"
#include "workspace/Environment.h"

#include <memory>

namespace syncline::reconcile {

// Gives the engine one client per cluster. The real one resolves the kubeconfig (relative
// paths against the workspace root) and makes HTTPS clients; tests may hand out others.
// Called on worker threads; implementations are thread-safe and reuse a client per cluster.
class ClientProvider {
public:
    virtual ~ClientProvider() = default;
    virtual util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::ClusterRef& cluster) = 0;
};

} // namespace syncline::reconcile
