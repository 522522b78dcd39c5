#pragma once

#include "manifest/HelmSource.h"

#include <QString>
#include <QStringList>

namespace syncline::manifest {

// What the destination cluster says about itself, for `helm template`: its version (GET
// /version's gitVersion, "v1.32.0") and the API group/versions and group/version/kinds it
// serves (discovery: "apps/v1", "apps/v1/Deployment"), as Argo CD and Flux pass them.
struct ClusterCapabilities {
    QString kubeVersion;
    QStringList apiVersions; // sorted, unique

    bool operator==(const ClusterCapabilities&) const = default;
};

// The Helm inputs with the cluster's version and API versions where the application sets
// none of its own (syncline.yaml's helm.kubeVersion / apiVersions win).
inline HelmSource withCluster(HelmSource helm, const ClusterCapabilities* cluster) {
    if (!cluster)
        return helm;
    if (helm.kubeVersion.isEmpty())
        helm.kubeVersion = cluster->kubeVersion;
    if (helm.apiVersions.isEmpty())
        helm.apiVersions = cluster->apiVersions;
    return helm;
}

} // namespace syncline::manifest
