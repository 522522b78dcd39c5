#pragma once

#include "health/Health.h"

#include <concepts>
#include <nlohmann/json.hpp>
#include <ranges>

namespace syncline::health {

// The health of one live object, as the API server returns it (with metadata.generation
// and status), by the public kstatus and Argo CD rules for its kind:
//   apps Deployment, StatefulSet, DaemonSet, ReplicaSet; Pod, Service,
//   PersistentVolumeClaim; batch Job, CronJob; networking.k8s.io Ingress; autoscaling
//   HorizontalPodAutoscaler; apiextensions.k8s.io CustomResourceDefinition; argoproj.io
//   Application; *.toolkit.fluxcd.io (Kustomization, HelmRelease, sources);
//   any other kind: observedGeneration vs generation, Stalled/Reconciling/Ready
//   conditions, else Healthy ("Resource is current": ConfigMap, Secret, RBAC, …).
// An object being deleted (metadata.deletionTimestamp) is Progressing "Pending deletion".
// Something that is not an object reads as Unknown. Never throws.
//
// Missing is never returned here: it means "desired, but not on the cluster", which only
// the caller pairing desired and live objects knows; it uses missingHealth() for those.
HealthStatus assessHealth(const nlohmann::json& liveObject);
HealthStatus assessHealth(const nlohmann::ordered_json& liveObject);

// The verdict for an object that is desired but absent from the cluster.
inline HealthStatus missingHealth() { return {Health::Missing, QStringLiteral("Desired, but not found on the cluster")}; }

inline Health healthOf(Health health) { return health; }
inline Health healthOf(const HealthStatus& status) { return status.health; }

// A set of objects is as healthy as its worst member (Argo CD's application health);
// an empty set is Healthy. Elements are Health or HealthStatus.
template <std::ranges::input_range Range> Health aggregateHealth(const Range& range) {
    Health result = Health::Healthy;
    for (const auto& element : range)
        result = worst(result, healthOf(element));
    return result;
}

// The first of the worst statuses in `range`, with its message (for a one-line summary
// such as "Degraded: Deployment "api" exceeded its progress deadline"); Healthy with
// an empty message for an empty range.
template <std::ranges::input_range Range>
requires std::same_as<std::ranges::range_value_t<Range>, HealthStatus> HealthStatus worstStatus(const Range& range) {
    HealthStatus result{Health::Healthy, {}};
    bool first = true;
    for (const HealthStatus& status : range) {
        if (first || isWorse(status.health, result.health))
            result = status;
        first = false;
    }
    return result;
}

} // namespace syncline::health
