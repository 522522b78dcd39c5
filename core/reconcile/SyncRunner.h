#pragma once

#include "git/ObjectId.h"
#include "kube/KubeClient.h"
#include "manifest/RenderResult.h"
#include "reconcile/HookRunner.h"
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
// reconcile (Argo CD refresh + sync operation; Flux requestedAt annotation on the
// Kustomization's source, then on the Kustomization).
//
// Argo CD hooks (direct mode, a sync of everything): PreSync hooks after the dry run and
// before anything else is applied (a failure stops the sync there), Sync hooks once every
// object applied, PostSync hooks after them, SyncFail hooks when anything failed (not on a
// cancel). See HookRunner and docs/hooks.md. A dry run (SyncRequest::dryRun) lists the
// hooks and stores nothing.
class SyncRunner {
public:
    using Progress = std::function<void(int done, int total)>;

    static SyncResult run(kube::KubeClient& client, const workspace::Environment& environment,
                          const manifest::RenderResult& rendered, const git::ObjectId& revision, const SyncRequest& request,
                          const Progress& progress, const util::CancellationToken& cancel, const HookTiming& hookTiming = {});
};

} // namespace syncline::reconcile
