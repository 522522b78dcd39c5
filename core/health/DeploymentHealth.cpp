// Deployment and ReplicaSet: kubectl's rollout status rules, as Argo CD applies them
// (gitops-engine pkg/health/health_deployment.go, health_replicaset.go).
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

HealthStatus deploymentHealth(const nlohmann::json& object) {
    if (f::boolean(object, {"spec", "paused"}))
        return {Health::Suspended, QStringLiteral("Deployment is paused")};

    const qint64 generation = f::integer(object, {"metadata", "generation"}, 0);
    const qint64 observed = f::integer(object, {"status", "observedGeneration"}, 0);
    if (generation > observed)
        return {Health::Progressing,
                QStringLiteral("Waiting for rollout to finish: observed generation %1 is older than generation %2")
                    .arg(observed)
                    .arg(generation)};

    if (auto progressing = f::condition(object, "Progressing");
        progressing && progressing->reason == QLatin1String("ProgressDeadlineExceeded")) {
        QString message = QStringLiteral("Deployment \"%1\" exceeded its progress deadline").arg(f::name(object));
        if (!progressing->message.isEmpty())
            message += QStringLiteral(": ") + progressing->message;
        return {Health::Degraded, message};
    }

    const std::optional<qint64> specReplicas = f::integer(object, {"spec", "replicas"});
    const qint64 replicas = f::integer(object, {"status", "replicas"}, 0);
    const qint64 updated = f::integer(object, {"status", "updatedReplicas"}, 0);
    const qint64 available = f::integer(object, {"status", "availableReplicas"}, 0);
    if (specReplicas && updated < *specReplicas)
        return {Health::Progressing, QStringLiteral("Waiting for rollout to finish: %1 out of %2 new replicas have been updated")
                                         .arg(updated)
                                         .arg(*specReplicas)};
    if (replicas > updated)
        return {Health::Progressing,
                QStringLiteral("Waiting for rollout to finish: %1 old replicas are pending termination").arg(replicas - updated)};
    if (available < updated)
        return {
            Health::Progressing,
            QStringLiteral("Waiting for rollout to finish: %1 of %2 updated replicas are available").arg(available).arg(updated)};
    return {Health::Healthy, QStringLiteral("%1 of %2 replicas available").arg(available).arg(specReplicas.value_or(replicas))};
}

HealthStatus replicaSetHealth(const nlohmann::json& object) {
    const qint64 generation = f::integer(object, {"metadata", "generation"}, 0);
    const qint64 observed = f::integer(object, {"status", "observedGeneration"}, 0);
    if (generation > observed)
        return {Health::Progressing,
                QStringLiteral("Waiting for rollout to finish: observed generation %1 is older than generation %2")
                    .arg(observed)
                    .arg(generation)};

    if (auto failure = f::condition(object, "ReplicaFailure"); failure && failure->isTrue())
        return {Health::Degraded, f::reasonAndMessage(failure->reason, failure->message)};

    const std::optional<qint64> specReplicas = f::integer(object, {"spec", "replicas"});
    const qint64 available = f::integer(object, {"status", "availableReplicas"}, 0);
    if (specReplicas && available < *specReplicas)
        return {Health::Progressing, QStringLiteral("Waiting for rollout to finish: %1 out of %2 new replicas are available")
                                         .arg(available)
                                         .arg(*specReplicas)};
    return {Health::Healthy, QStringLiteral("%1 of %2 replicas available").arg(available).arg(specReplicas.value_or(available))};
}

} // namespace syncline::health::rules
