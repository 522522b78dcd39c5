// Any kind without a rule of its own, by kstatus' generic rules (cli-utils
// pkg/kstatus/status/generic.go), plus the Ready condition most operators set:
//   status.observedGeneration != metadata.generation -> Progressing
//   Stalled True                                     -> Degraded
//   Reconciling True                                 -> Progressing
//   Ready True / False / Unknown                     -> Healthy / Degraded / Progressing
//   nothing to say (ConfigMap, Secret, RBAC, …)       -> Healthy ("Current")
// And CustomResourceDefinition by its Established / NamesAccepted conditions.
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

HealthStatus genericHealth(const nlohmann::json& object) {
    const QString kind = f::kind(object);
    const std::optional<qint64> generation = f::integer(object, {"metadata", "generation"});
    const std::optional<qint64> observed = f::integer(object, {"status", "observedGeneration"});
    if (generation && observed && *generation != *observed)
        return {Health::Progressing, QStringLiteral("%1 generation is %2, but latest observed generation is %3")
                                         .arg(kind)
                                         .arg(*generation)
                                         .arg(*observed)};

    const auto conditions = f::conditions(object);
    for (const auto& condition : conditions) {
        if (condition.type == QLatin1String("Stalled") && condition.isTrue())
            return {Health::Degraded, f::reasonAndMessage(condition.reason, condition.message)};
    }
    for (const auto& condition : conditions) {
        if (condition.type == QLatin1String("Reconciling") && condition.isTrue())
            return {Health::Progressing, f::reasonAndMessage(condition.reason, condition.message)};
    }
    for (const auto& condition : conditions) {
        if (condition.type != QLatin1String("Ready"))
            continue;
        const QString detail = f::reasonAndMessage(condition.reason, condition.message);
        if (condition.isTrue())
            return {Health::Healthy, detail.isEmpty() ? QStringLiteral("Ready") : detail};
        if (condition.isFalse())
            return {Health::Degraded, detail.isEmpty() ? QStringLiteral("Not ready") : detail};
        return {Health::Progressing, detail.isEmpty() ? QStringLiteral("Readiness unknown") : detail};
    }
    return {Health::Healthy, QStringLiteral("Resource is current")};
}

HealthStatus customResourceDefinitionHealth(const nlohmann::json& object) {
    for (const auto& condition : f::conditions(object)) {
        if (condition.type == QLatin1String("NamesAccepted") && condition.isFalse())
            return {Health::Degraded, f::reasonAndMessage(condition.reason, condition.message)};
        if (condition.type == QLatin1String("Established")) {
            if (condition.isTrue())
                return {Health::Healthy, QStringLiteral("CRD is established")};
            if (condition.isFalse() && condition.reason != QLatin1String("Installing"))
                return {Health::Degraded, f::reasonAndMessage(condition.reason, condition.message)};
        }
    }
    return {Health::Progressing, QStringLiteral("CRD is being installed")};
}

} // namespace syncline::health::rules
