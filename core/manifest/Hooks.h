#pragma once

#include "manifest/ManifestObject.h"
#include "manifest/RenderResult.h"
#include "util/Result.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <vector>

namespace syncline::manifest {

// Argo CD resource hooks: objects annotated `argocd.argoproj.io/hook` (PreSync, Sync,
// PostSync, SyncFail, Skip) or `helm.sh/hook` (which Argo CD maps onto its own). Argo CD
// runs them around a sync, never compares them with the cluster and never prunes them, and
// they may have only a `generateName`. Syncline keeps them apart from the desired objects
// for the same reasons.
bool isHook(const nlohmann::ordered_json& object);

// "PreSync", "pre-install,pre-upgrade (helm)": what the annotation says, for the user.
QString hookPhases(const nlohmann::ordered_json& object);

// Moves the hooks of `result.objects` into `result.hooks`, keeping both in order.
void separateHooks(RenderResult& result);

// The phases of a sync a hook runs in, in the order a sync reaches them.
enum class HookPhase { PreSync, Sync, PostSync, SyncFail };

// "PreSync", "Sync", "PostSync", "SyncFail".
QString hookPhaseName(HookPhase phase);

// How a hook runs, read from its annotations the way Argo CD reads them.
struct HookSpec {
    // Empty: a hook that is never run by a sync (Skip, PreDelete, PostDelete, Helm's
    // pre-delete or test hooks).
    std::vector<HookPhase> phases;
    // `argocd.argoproj.io/sync-wave` (Helm: `helm.sh/hook-weight`); waves run in order.
    int wave = 0;
    // `argocd.argoproj.io/hook-delete-policy` (Helm: `helm.sh/hook-delete-policy`),
    // comma-separated; none given means BeforeHookCreation, as in Argo CD.
    bool deleteBeforeCreation = false; // BeforeHookCreation
    bool deleteOnSuccess = false;      // HookSucceeded
    bool deleteOnFailure = false;      // HookFailed

    bool runsIn(HookPhase phase) const;
};

// The hook's phases, wave and delete policies. An unknown phase or delete policy, or a
// wave that is not an integer, is an error naming the hook, its file and the value.
util::Result<HookSpec> hookSpec(const ManifestObject& hook);

} // namespace syncline::manifest
