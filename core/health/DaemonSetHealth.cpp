// DaemonSet: kubectl's rollout status rules (gitops-engine health_daemonset.go).
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

HealthStatus daemonSetHealth(const nlohmann::json& object) {
    const qint64 generation = f::integer(object, {"metadata", "generation"}, 0);
    const qint64 observed = f::integer(object, {"status", "observedGeneration"}, 0);
    if (generation > observed)
        return {Health::Progressing,
                QStringLiteral("Waiting for rollout to finish: observed generation %1 is older than generation %2")
                    .arg(observed)
                    .arg(generation)};

    const QString name = f::name(object);
    const qint64 desired = f::integer(object, {"status", "desiredNumberScheduled"}, 0);
    const qint64 updated = f::integer(object, {"status", "updatedNumberScheduled"}, 0);
    const qint64 available = f::integer(object, {"status", "numberAvailable"}, 0);
    if (f::string(object, {"spec", "updateStrategy", "type"}) == QLatin1String("OnDelete"))
        return {Health::Healthy,
                QStringLiteral("%1 out of %2 pods updated (OnDelete update strategy)").arg(updated).arg(desired)};
    if (updated < desired)
        return {Health::Progressing,
                QStringLiteral("Waiting for daemon set \"%1\" rollout to finish: %2 out of %3 new pods have been updated")
                    .arg(name)
                    .arg(updated)
                    .arg(desired)};
    if (available < desired)
        return {Health::Progressing,
                QStringLiteral("Waiting for daemon set \"%1\" rollout to finish: %2 of %3 updated pods are available")
                    .arg(name)
                    .arg(available)
                    .arg(desired)};
    return {Health::Healthy, QStringLiteral("%1 of %2 pods available").arg(available).arg(desired)};
}

} // namespace syncline::health::rules
