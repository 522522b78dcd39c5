#include "health/HealthAssessor.h"

#include "health/KindHealth.h"
#include "health/StatusFields.h"

namespace syncline::health {

namespace f = fields;

namespace {

using Rule = HealthStatus (*)(const nlohmann::json&);

struct KindRule {
    const char* group;
    const char* kind;
    Rule rule;
};

// Group "extensions" covers objects still served under extensions/v1beta1.
const KindRule kRules[] = {
    {"apps", "Deployment", rules::deploymentHealth},
    {"extensions", "Deployment", rules::deploymentHealth},
    {"apps", "StatefulSet", rules::statefulSetHealth},
    {"apps", "DaemonSet", rules::daemonSetHealth},
    {"extensions", "DaemonSet", rules::daemonSetHealth},
    {"apps", "ReplicaSet", rules::replicaSetHealth},
    {"extensions", "ReplicaSet", rules::replicaSetHealth},
    {"", "Pod", rules::podHealth},
    {"", "Service", rules::serviceHealth},
    {"", "PersistentVolumeClaim", rules::persistentVolumeClaimHealth},
    {"batch", "Job", rules::jobHealth},
    {"batch", "CronJob", rules::cronJobHealth},
    {"networking.k8s.io", "Ingress", rules::ingressHealth},
    {"extensions", "Ingress", rules::ingressHealth},
    {"autoscaling", "HorizontalPodAutoscaler", rules::horizontalPodAutoscalerHealth},
    {"apiextensions.k8s.io", "CustomResourceDefinition", rules::customResourceDefinitionHealth},
    {"argoproj.io", "Application", rules::argoApplicationHealth},
};

Rule ruleFor(const QString& group, const QString& kind) {
    for (const auto& entry : kRules) {
        if (group == QLatin1String(entry.group) && kind == QLatin1String(entry.kind))
            return entry.rule;
    }
    if (group.endsWith(QLatin1String(".toolkit.fluxcd.io")))
        return rules::fluxHealth;
    return rules::genericHealth;
}

// What the rules read, converted from an ordered object: apiVersion, kind, metadata, spec
// and status. Converting the whole object copied every ConfigMap's data and a real
// server's managedFields, for each of a fleet refresh's 100,000 objects.
nlohmann::json healthView(const nlohmann::ordered_json& object) {
    if (!object.is_object())
        return nlohmann::json(object);
    nlohmann::json view = nlohmann::json::object();
    for (const char* member : {"apiVersion", "kind", "spec", "status"}) {
        if (const auto found = object.find(member); found != object.end())
            view[member] = nlohmann::json(*found);
    }
    const auto metadata = object.find("metadata");
    if (metadata == object.end())
        return view;
    nlohmann::json& copied = view["metadata"];
    if (!metadata->is_object()) {
        copied = nlohmann::json(*metadata);
        return view;
    }
    copied = nlohmann::json::object();
    for (const auto& [name, value] : metadata->items()) {
        if (name != "managedFields")
            copied[name] = nlohmann::json(value);
    }
    return view;
}

} // namespace

HealthStatus assessHealth(const nlohmann::json& liveObject) {
    if (!liveObject.is_object() || f::kind(liveObject).isEmpty())
        return {Health::Unknown, QStringLiteral("Not a Kubernetes object (no kind)")};
    try {
        if (!f::string(liveObject, {"metadata", "deletionTimestamp"}).isEmpty())
            return {Health::Progressing, QStringLiteral("Pending deletion")};
        return ruleFor(f::group(liveObject), f::kind(liveObject))(liveObject);
    } catch (const std::exception& error) {
        return {Health::Unknown, QStringLiteral("Cannot assess health: %1").arg(QString::fromUtf8(error.what()))};
    }
}

HealthStatus assessHealth(const nlohmann::ordered_json& liveObject) {
    try {
        return assessHealth(healthView(liveObject));
    } catch (const std::exception& error) {
        return {Health::Unknown, QStringLiteral("Cannot assess health: %1").arg(QString::fromUtf8(error.what()))};
    }
}

} // namespace syncline::health
