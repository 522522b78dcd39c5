// HorizontalPodAutoscaler: the AbleToScale / ScalingActive / ScalingLimited conditions
// (status.conditions in autoscaling/v2, the autoscaling.alpha.kubernetes.io/conditions
// annotation in autoscaling/v1), after gitops-engine health_hpa.go:
//   AbleToScale False (FailedGetScale, FailedUpdateScale)          -> Degraded
//   ScalingActive False with a failure (FailedGetResourceMetric,
//     InvalidSelector, …)                                          -> Degraded
//   ScalingActive False, ScalingDisabled (target scaled to zero)    -> Suspended
//   AbleToScale True and ScalingActive True                         -> Healthy (ScalingLimited
//     True says why the replica count is pinned)
//   anything else (no conditions yet)                                -> Progressing "Waiting to Autoscale"
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

namespace {

std::vector<f::Condition> autoscalerConditions(const nlohmann::json& object) {
    std::vector<f::Condition> result = f::conditions(object);
    if (!result.empty())
        return result;
    const QString annotation = f::string(object, {"metadata", "annotations", "autoscaling.alpha.kubernetes.io/conditions"});
    if (annotation.isEmpty())
        return result;
    const auto parsed = nlohmann::json::parse(annotation.toStdString(), nullptr, /*allow_exceptions=*/false);
    return f::conditionsFrom(parsed);
}

} // namespace

HealthStatus horizontalPodAutoscalerHealth(const nlohmann::json& object) {
    const auto conditions = autoscalerConditions(object);
    const f::Condition* ableToScale = nullptr;
    const f::Condition* scalingActive = nullptr;
    const f::Condition* scalingLimited = nullptr;
    for (const auto& condition : conditions) {
        if (condition.type == QLatin1String("AbleToScale"))
            ableToScale = &condition;
        else if (condition.type == QLatin1String("ScalingActive"))
            scalingActive = &condition;
        else if (condition.type == QLatin1String("ScalingLimited"))
            scalingLimited = &condition;
    }
    if (ableToScale && ableToScale->isFalse())
        return {Health::Degraded, f::reasonAndMessage(ableToScale->reason, ableToScale->message)};
    if (scalingActive && scalingActive->isFalse()) {
        if (scalingActive->reason == QLatin1String("ScalingDisabled"))
            return {Health::Suspended, f::reasonAndMessage(scalingActive->reason, scalingActive->message)};
        return {Health::Degraded, f::reasonAndMessage(scalingActive->reason, scalingActive->message)};
    }
    if (ableToScale && ableToScale->isTrue() && scalingActive && scalingActive->isTrue()) {
        const qint64 current = f::integer(object, {"status", "currentReplicas"}, 0);
        const qint64 desired = f::integer(object, {"status", "desiredReplicas"}, current);
        QString message = QStringLiteral("%1 replicas (desired %2, range %3-%4)")
                              .arg(current)
                              .arg(desired)
                              .arg(f::integer(object, {"spec", "minReplicas"}, 1))
                              .arg(f::integer(object, {"spec", "maxReplicas"}, 0));
        if (scalingLimited && scalingLimited->isTrue())
            message += QStringLiteral("; limited: ") + f::reasonAndMessage(scalingLimited->reason, scalingLimited->message);
        return {Health::Healthy, message};
    }
    return {Health::Progressing, QStringLiteral("Waiting to Autoscale")};
}

} // namespace syncline::health::rules
