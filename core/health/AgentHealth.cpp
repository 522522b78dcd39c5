// GitOps agents' own objects: an Argo CD Application reports the health Argo CD computed;
// Flux toolkit objects report Ready/Reconciling/Stalled conditions (the rules of Argo CD's
// Lua check for kustomize.toolkit.fluxcd.io/Kustomization, except that Ready=Unknown
// alone reads as Progressing: the controller has not decided yet).
#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health::rules {

namespace f = fields;

namespace {

std::optional<Health> healthFromName(const QString& name) {
    static const std::pair<const char*, Health> names[] = {
        {"Healthy", Health::Healthy},   {"Progressing", Health::Progressing}, {"Suspended", Health::Suspended},
        {"Degraded", Health::Degraded}, {"Missing", Health::Missing},         {"Unknown", Health::Unknown},
    };
    for (const auto& [text, health] : names) {
        if (name == QLatin1String(text))
            return health;
    }
    return std::nullopt;
}

} // namespace

HealthStatus argoApplicationHealth(const nlohmann::json& object) {
    const QString status = f::string(object, {"status", "health", "status"});
    QString message = f::string(object, {"status", "health", "message"});
    if (status.isEmpty())
        return {Health::Progressing, QStringLiteral("Waiting for Argo CD to assess health")};
    const std::optional<Health> health = healthFromName(status);
    if (!health)
        return {Health::Unknown, QStringLiteral("Argo CD reports health \"%1\"").arg(status)};
    if (message.isEmpty()) {
        // Argo CD 2.x+ leaves the message out; the failed sync says more than nothing.
        const QString phase = f::string(object, {"status", "operationState", "phase"});
        if (*health != Health::Healthy && (phase == QLatin1String("Failed") || phase == QLatin1String("Error")))
            message = f::string(object, {"status", "operationState", "message"});
        if (message.isEmpty())
            message = QStringLiteral("Argo CD reports %1").arg(status);
    }
    return {*health, message};
}

HealthStatus fluxHealth(const nlohmann::json& object) {
    if (f::boolean(object, {"spec", "suspend"}))
        return {Health::Suspended, QStringLiteral("%1 is suspended").arg(f::kind(object))};

    const auto conditions = f::conditions(object);
    if (conditions.empty())
        return {Health::Progressing, QStringLiteral("Waiting for the controller to report status")};
    std::optional<f::Condition> ready;
    std::optional<f::Condition> reconciling;
    std::optional<f::Condition> stalled;
    for (const auto& condition : conditions) {
        if (condition.type == QLatin1String("Ready"))
            ready = condition;
        else if (condition.type == QLatin1String("Reconciling") && condition.isTrue())
            reconciling = condition;
        else if (condition.type == QLatin1String("Stalled") && condition.isTrue())
            stalled = condition;
    }
    if (stalled)
        return {Health::Degraded, f::reasonAndMessage(stalled->reason, stalled->message)};
    if (ready && ready->isTrue())
        return {Health::Healthy, f::reasonAndMessage(ready->reason, ready->message)};
    if (ready && ready->isFalse())
        return {Health::Degraded, f::reasonAndMessage(ready->reason, ready->message)};
    if (reconciling)
        return {Health::Progressing, f::reasonAndMessage(reconciling->reason, reconciling->message)};
    if (ready)
        return {Health::Progressing, f::reasonAndMessage(ready->reason, ready->message)};
    return {Health::Progressing, QStringLiteral("Waiting for the controller to report readiness")};
}

} // namespace syncline::health::rules
