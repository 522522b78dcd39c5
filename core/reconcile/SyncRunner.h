#pragma once

#include "git/ObjectId.h"
#include "kube/KubeClient.h"
#include "manifest/RenderResult.h"
#include "reconcile/SyncRequest.h"
#include "reconcile/SyncResult.h"
#include "workspace/Environment.h"

#include <functional>

namespace syncline::reconcile {

// Sync(env) on a worker thread. Direct mode: a server dry run of everything first (a
// refusal applies nothing), then server-side apply (field manager "syncline") batch by
// batch in dependency order, stopping after a batch with a failure; prune of owned
// objects no longer desired when asked; then one write of the inventory ConfigMap. The
// revision is recorded as deployed only when every desired object applied; otherwise
// the inventory keeps its old revision and gains the keys that did apply (they are owned
// now), so nothing is reported as deployed that was not. Agent modes: asks the agent to
// reconcile (Argo CD refresh + sync operation, Flux requestedAt annotation).
class SyncRunner {
public:
    using Progress = std::function<void(int done, int total)>;

    static SyncResult run(kube::KubeClient& client, const workspace::Environment& environment,
                          const manifest::RenderResult& rendered, const git::ObjectId& revision, const SyncRequest& request,
                          const Progress& progress, const util::CancellationToken& cancel);
};

} // namespace syncline::reconcile
