#pragma once

#include "kube/KubeClient.h"
#include "util/Result.h"
#include "workspace/Environment.h"

#include <memory>

namespace syncline::reconcile {

// Which of syncline.yaml's automation the user allowed for an environment's cluster.
struct AllowedAutomation {
    bool autoSync = false;
    bool prune = false;
};

// Gives the engine one client per cluster. The real one resolves the kubeconfig (relative
// paths against the workspace root), asks the user's consent store and makes HTTPS
// clients; tests may hand out others. Called on worker threads; implementations are
// thread-safe and reuse a client per cluster.
class ClientProvider {
public:
    virtual ~ClientProvider() = default;
    virtual util::Result<std::shared_ptr<kube::KubeClient>> clientFor(const workspace::Environment& environment) = 0;
    // Auto-sync and prune from the repository's configuration run only when allowed here
    // (asked after a successful clientFor for the same environment).
    virtual AllowedAutomation allowedAutomation(const workspace::Environment& environment) = 0;
};

} // namespace syncline::reconcile
