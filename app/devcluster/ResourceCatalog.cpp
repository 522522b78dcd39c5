#include "ResourceCatalog.h"

#include "JsonText.h"
#include "JsonUtil.h"

#include <algorithm>

namespace syncline::devcluster {

namespace {

QString str(const Json& object, const char* key) {
    if (!object.is_object())
        return {};
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

QStringList strList(const Json& object, const char* key) {
    QStringList out;
    if (!object.is_object())
        return out;
    auto it = object.find(key);
    if (it == object.end() || !it->is_array())
        return out;
    for (const auto& item : *it)
        if (item.is_string())
            out << QString::fromStdString(item.get<std::string>());
    return out;
}

} // namespace

ResourceCatalog::ResourceCatalog() {
    using L = QStringList;
    const L all{QStringLiteral("all")};
    addBuiltin("", "v1", "Namespace", "namespaces", false, L{QStringLiteral("ns")}, true);
    addBuiltin("", "v1", "ConfigMap", "configmaps", true, L{QStringLiteral("cm")});
    addBuiltin("", "v1", "Secret", "secrets", true);
    addBuiltin("", "v1", "Service", "services", true, L{QStringLiteral("svc")}, true, all);
    addBuiltin("", "v1", "ServiceAccount", "serviceaccounts", true, L{QStringLiteral("sa")});
    addBuiltin("", "v1", "Pod", "pods", true, L{QStringLiteral("po")}, true, all);
    addBuiltin("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, L{QStringLiteral("pvc")}, true);
    addBuiltin("", "v1", "PersistentVolume", "persistentvolumes", false, L{QStringLiteral("pv")}, true);
    addBuiltin("", "v1", "Endpoints", "endpoints", true, L{QStringLiteral("ep")});
    addBuiltin("", "v1", "Event", "events", true, L{QStringLiteral("ev")});
    addBuiltin("", "v1", "LimitRange", "limitranges", true, L{QStringLiteral("limits")});
    addBuiltin("", "v1", "ResourceQuota", "resourcequotas", true, L{QStringLiteral("quota")}, true);
    addBuiltin("", "v1", "Node", "nodes", false, L{QStringLiteral("no")}, true);
    addBuiltin("apps", "v1", "Deployment", "deployments", true, L{QStringLiteral("deploy")}, true, all);
    addBuiltin("apps", "v1", "StatefulSet", "statefulsets", true, L{QStringLiteral("sts")}, true, all);
    addBuiltin("apps", "v1", "DaemonSet", "daemonsets", true, L{QStringLiteral("ds")}, true, all);
    addBuiltin("apps", "v1", "ReplicaSet", "replicasets", true, L{QStringLiteral("rs")}, true, all);
    addBuiltin("apps", "v1", "ControllerRevision", "controllerrevisions", true);
    addBuiltin("batch", "v1", "Job", "jobs", true, {}, true, all);
    addBuiltin("batch", "v1", "CronJob", "cronjobs", true, L{QStringLiteral("cj")}, true, all);
    addBuiltin("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, L{QStringLiteral("hpa")}, true,
               all);
    addBuiltin("networking.k8s.io", "v1", "Ingress", "ingresses", true, L{QStringLiteral("ing")}, true);
    addBuiltin("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, L{QStringLiteral("netpol")});
    addBuiltin("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false);
    addBuiltin("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, L{QStringLiteral("pdb")}, true);
    addBuiltin("rbac.authorization.k8s.io", "v1", "Role", "roles", true);
    addBuiltin("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true);
    addBuiltin("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false);
    addBuiltin("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false);
    addBuiltin("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, L{QStringLiteral("sc")});
    addBuiltin("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false,
               L{QStringLiteral("crd"), QStringLiteral("crds")}, true);
}

void ResourceCatalog::addBuiltin(const char* group, const char* version, const char* kind, const char* plural, bool namespaced,
                                 QStringList shortNames, bool hasStatus, QStringList categories) {
    ResourceType type;
    type.group = QLatin1String(group);
    type.version = QLatin1String(version);
    type.kind = QLatin1String(kind);
    type.plural = QLatin1String(plural);
    type.singular = type.kind.toLower();
    type.namespaced = namespaced;
    type.shortNames = std::move(shortNames);
    type.hasStatus = hasStatus;
    type.categories = std::move(categories);
    m_types.push_back(std::move(type));
}

const ResourceType* ResourceCatalog::find(const QString& group, const QString& version, const QString& plural) const {
    for (const auto& type : m_types)
        if (type.plural == plural && type.group == group && type.version == version)
            return &type;
    return nullptr;
}

const ResourceType* ResourceCatalog::findKind(const QString& group, const QString& version, const QString& kind) const {
    for (const auto& type : m_types)
        if (type.kind == kind && type.group == group && (version.isEmpty() || type.version == version))
            return &type;
    return nullptr;
}

const ResourceType* ResourceCatalog::findStoreId(const std::string& storeId) const {
    for (const auto& type : m_types)
        if (type.storeId() == storeId)
            return &type;
    return nullptr;
}

QStringList ResourceCatalog::groups() const {
    QStringList out;
    for (const auto& type : m_types)
        if (!out.contains(type.group))
            out << type.group;
    return out;
}

QStringList ResourceCatalog::versions(const QString& group) const {
    QStringList out;
    for (const auto& type : m_types)
        if (type.group == group && !out.contains(type.version))
            out << type.version;
    return out;
}

std::vector<const ResourceType*> ResourceCatalog::resources(const QString& group, const QString& version) const {
    std::vector<const ResourceType*> out;
    for (const auto& type : m_types)
        if (type.group == group && type.version == version)
            out.push_back(&type);
    return out;
}

ApiResult<void> ResourceCatalog::validateDefinition(const Json& crd) {
    const Json spec = crd.is_object() && crd.contains("spec") ? crd["spec"] : Json::object();
    const Json names = spec.is_object() && spec.contains("names") ? spec["names"] : Json::object();
    const QString name = crd.is_object() && crd.contains("metadata") ? str(crd["metadata"], "name") : QString();
    const QString group = str(spec, "group");
    const QString plural = str(names, "plural");
    const QString kindName = QStringLiteral("CustomResourceDefinition.apiextensions.k8s.io");
    if (group.isEmpty())
        return apiFail(ApiError::invalid(kindName, name, QStringLiteral("spec.group"), QStringLiteral("FieldValueRequired"),
                                         QStringLiteral("Required value")));
    if (plural.isEmpty() || str(names, "kind").isEmpty())
        return apiFail(ApiError::invalid(kindName, name, QStringLiteral("spec.names.plural"),
                                         QStringLiteral("FieldValueRequired"), QStringLiteral("Required value")));
    if (name != QString(plural + QLatin1Char('.') + group))
        return apiFail(
            ApiError::invalid(kindName, name, QStringLiteral("metadata.name"), QStringLiteral("FieldValueInvalid"),
                              QStringLiteral("Invalid value: \"%1\": must be spec.names.plural+\".\"+spec.group").arg(name)));
    const QString scope = str(spec, "scope");
    if (scope != QLatin1String("Namespaced") && scope != QLatin1String("Cluster"))
        return apiFail(ApiError::invalid(kindName, name, QStringLiteral("spec.scope"), QStringLiteral("FieldValueNotSupported"),
                                         QStringLiteral("Unsupported value: \"%1\": supported values: \"Cluster\", "
                                                        "\"Namespaced\"")
                                             .arg(scope)));
    if (!spec.contains("versions") || !spec["versions"].is_array() || spec["versions"].empty())
        return apiFail(ApiError::invalid(kindName, name, QStringLiteral("spec.versions"), QStringLiteral("FieldValueInvalid"),
                                         QStringLiteral("Invalid value: null: must have exactly one version marked as "
                                                        "storage version")));
    return validateVersions(kindName, name, spec["versions"]);
}

ApiResult<void> ResourceCatalog::validateVersions(const QString& kindName, const QString& name, const Json& versions) {
    for (size_t i = 0; i < versions.size(); ++i) {
        const Json& version = versions[i];
        const QString field = QStringLiteral("spec.versions[%1]").arg(i);
        const auto invalid = [&](const QString& where, const QString& why) {
            return apiFail(ApiError::invalid(
                kindName, name, field + where, QStringLiteral("FieldValueInvalid"),
                QStringLiteral("Invalid value: %1: %2").arg(QString::fromStdString(json::dump(version).substr(0, 64)), why)));
        };
        if (!version.is_object())
            return invalid(QString(), QStringLiteral("must be an object"));
        if (str(version, "name").isEmpty())
            return invalid(QStringLiteral(".name"), QStringLiteral("must be a non-empty string"));
        for (const char* flag : {"served", "storage"})
            if (version.contains(flag) && !version[flag].is_boolean())
                return invalid(QLatin1Char('.') + QLatin1String(flag), QStringLiteral("must be a boolean"));
        if (version.contains("subresources") && !version["subresources"].is_object())
            return invalid(QStringLiteral(".subresources"), QStringLiteral("must be an object"));
    }
    return {};
}

ApiResult<void> ResourceCatalog::registerDefinition(const Json& crd) {
    if (auto ok = validateDefinition(crd); !ok)
        return ok;
    const Json& spec = crd["spec"];
    const Json& names = spec["names"];
    const QString group = str(spec, "group");
    const QString plural = str(names, "plural");
    unregisterDefinition(plural + QLatin1Char('.') + group);
    for (const auto& version : spec["versions"]) {
        if (!version.is_object() || !version.value("served", true))
            continue;
        ResourceType type;
        type.group = group;
        type.version = str(version, "name");
        type.kind = str(names, "kind");
        type.plural = plural;
        type.singular = str(names, "singular");
        if (type.singular.isEmpty())
            type.singular = type.kind.toLower();
        type.namespaced = str(spec, "scope") == QLatin1String("Namespaced");
        type.shortNames = strList(names, "shortNames");
        type.categories = strList(names, "categories");
        type.hasStatus =
            version.contains("subresources") && version["subresources"].is_object() && version["subresources"].contains("status");
        type.custom = true;
        if (const Json* schema = json::child(version, "schema"); schema && schema->contains("openAPIV3Schema"))
            type.schema = std::make_shared<const Json>((*schema)["openAPIV3Schema"]);
        if (!type.version.isEmpty())
            m_types.push_back(std::move(type));
    }
    ++m_revision;
    return {};
}

void ResourceCatalog::unregisterDefinition(const QString& crdName) {
    const auto before = m_types.size();
    m_types.remove_if(
        [&](const ResourceType& type) { return type.custom && QString(type.plural + QLatin1Char('.') + type.group) == crdName; });
    if (m_types.size() != before)
        ++m_revision;
}

} // namespace syncline::devcluster
