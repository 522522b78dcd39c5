#pragma once

#include "manifest/RenderResult.h"

#include <QString>

#include <nlohmann/json.hpp>

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

} // namespace syncline::manifest
