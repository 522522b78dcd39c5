#pragma once

#include "health/Health.h"

#include <nlohmann/json.hpp>

// The per-kind rules behind assessHealth (one file per kind family, like gitops-engine's
// pkg/health/health_<kind>.go). Each takes a live object as the API server returns it
// (metadata.generation, spec, status) and never throws. Use assessHealth: it handles
// deletion and dispatches by group and kind.
namespace syncline::health::rules {

HealthStatus deploymentHealth(const nlohmann::json& object);
HealthStatus statefulSetHealth(const nlohmann::json& object);
HealthStatus daemonSetHealth(const nlohmann::json& object);
HealthStatus replicaSetHealth(const nlohmann::json& object);
HealthStatus podHealth(const nlohmann::json& object);
HealthStatus jobHealth(const nlohmann::json& object);
HealthStatus cronJobHealth(const nlohmann::json& object);
HealthStatus serviceHealth(const nlohmann::json& object);
HealthStatus ingressHealth(const nlohmann::json& object);
HealthStatus persistentVolumeClaimHealth(const nlohmann::json& object);
HealthStatus horizontalPodAutoscalerHealth(const nlohmann::json& object);
HealthStatus customResourceDefinitionHealth(const nlohmann::json& object);
// Argo CD Application: the health Argo CD computed (status.health).
HealthStatus argoApplicationHealth(const nlohmann::json& object);
// Flux toolkit objects (Kustomization, HelmRelease, sources): spec.suspend and the
// Ready/Reconciling/Stalled conditions, like Argo CD's Lua check for Flux.
HealthStatus fluxHealth(const nlohmann::json& object);
// Any other kind, by kstatus' generic rules: observedGeneration vs generation, then the
// Stalled/Reconciling/Ready conditions; with nothing to say the object is current (Healthy).
HealthStatus genericHealth(const nlohmann::json& object);

} // namespace syncline::health::rules
