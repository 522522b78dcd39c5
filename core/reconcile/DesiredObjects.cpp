#include "reconcile/DesiredObjects.h"

#include "reconcile/JsonText.h"

#include <map>

namespace syncline::reconcile {

QString DesiredObjects::namespaceFor(const workspace::Environment& environment) {
    return environment.defaultNamespace.isEmpty() ? QStringLiteral("default") : environment.defaultNamespace;
}

PreparedObjects DesiredObjects::prepare(const std::vector<manifest::ManifestObject>& rendered,
                                        const std::vector<kube::ApiResource>& served, const workspace::Environment& environment) {
    PreparedObjects prepared;
    std::map<manifest::ResourceKey, bool> namespacedByKind; // {group, kind} → namespaced
    for (const auto& resource : served) {
        const manifest::ResourceKey kind{resource.group, resource.kind, {}, {}};
        namespacedByKind.emplace(kind, resource.namespaced);
    }
    // CRDs applied in the same sync define their kinds before the server serves them.
    for (const auto& object : rendered) {
        if (object.key.kind != QLatin1String("CustomResourceDefinition"))
            continue;
        const QString group = QString::fromStdString(textAt(object.body, {"spec", "group"}));
        const QString kind = QString::fromStdString(textAt(object.body, {"spec", "names", "kind"}));
        if (kind.isEmpty())
            continue;
        const manifest::ResourceKey defined{group, kind, {}, {}};
        if (namespacedByKind.emplace(defined, textAt(object.body, {"spec", "scope"}) != "Cluster").second)
            prepared.pendingKinds.insert(defined);
    }
    for (const auto& [kind, namespaced] : namespacedByKind) {
        if (!namespaced)
            prepared.clusterScopedKinds.insert(kind);
    }
    const QString defaultNamespace = namespaceFor(environment);
    prepared.objects.reserve(rendered.size());
    for (const auto& object : rendered) {
        manifest::ManifestObject ready = object;
        auto found = namespacedByKind.find(kindKey(object.key));
        if (found == namespacedByKind.end()) {
            prepared.unservedKinds.insert(kindKey(object.key));
        } else if (found->second && ready.key.namespaceName.isEmpty()) {
            ready.key.namespaceName = defaultNamespace;
            ready.body["metadata"]["namespace"] = defaultNamespace.toStdString();
        }
        prepared.objects.push_back(std::move(ready));
    }
    return prepared;
}

} // namespace syncline::reconcile
