#pragma once

#include "Json.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::devcluster {

// One resource type the server serves: "apps/v1 deployments (Deployment)".
struct ResourceType {
    QString group; // "" for core
    QString version;
    QString kind;
    QString plural;
    QString singular;
    bool namespaced = true;
    QStringList shortNames;
    QStringList categories;
    bool hasStatus = false; // a /status subresource (status is ignored on the main resource)
    bool custom = false;    // registered by a CustomResourceDefinition
    // A custom resource version's openAPIV3Schema (null without one): CustomResourceSchema.
    std::shared_ptr<const Json> schema;

    QString groupVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    // "deployments.apps", or "configmaps" for core: how error messages name the resource.
    QString qualifiedResource() const { return group.isEmpty() ? plural : plural + QLatin1Char('.') + group; }
    // "Deployment.apps": how Invalid errors name the kind.
    QString qualifiedKind() const { return group.isEmpty() ? kind : kind + QLatin1Char('.') + group; }
    // Whether objects carry metadata.generation. The real server counts spec changes for
    // workloads, Pods, policies and every custom resource, but not for the plain data and
    // identity kinds below.
    bool tracksGeneration() const {
        if (group == QLatin1String("rbac.authorization.k8s.io"))
            return false;
        if (!group.isEmpty())
            return true;
        for (const char* untracked : {"ConfigMap", "Secret", "Namespace", "Service", "ServiceAccount", "Endpoints"})
            if (kind == QLatin1String(untracked))
                return false;
        return true;
    }
    // The store's bucket for this resource: one per group+plural, whatever the version.
    std::string storeId() const { return QString(group + QLatin1Char('/') + plural).toStdString(); }
};

} // namespace syncline::devcluster
