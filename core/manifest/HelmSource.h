#pragma once

#include "manifest/RemoteChart.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace syncline::manifest {

// What `helm template` is given for one application, as Argo CD's repo server and Flux's
// helm-controller pass it. Paths are repository-relative: the chart is exported from the
// Git tree at the revision being rendered, never from the working tree.
struct HelmSource {
    QString chartPath;      // folder holding Chart.yaml
    QString releaseName;    // empty: the application's name
    QString namespace_;     // --namespace; empty: the application's default namespace
    QStringList valueFiles; // applied in order; relative to chartPath, or "$values/..." (Argo CD multi-source ref)
    QString values;         // inline YAML (Argo CD values/valuesObject, Flux spec.values), after the files
    std::vector<std::pair<QString, QString>> parameters; // --set name=value, last
    bool includeCrds = true;
    QString kubeVersion;     // --kube-version; empty: helm's default (or the cluster's, when known)
    QStringList apiVersions; // --api-versions, when known from the cluster
    // Set: the chart comes from a Helm or OCI repository (a Flux HelmRelease's), not from
    // chartPath; pulled once the user allowed its repository, then from the cache.
    std::optional<RemoteChart> remoteChart;

    bool operator==(const HelmSource&) const = default;
};

} // namespace syncline::manifest
