#pragma once

#include <QString>
#include <QStringList>

namespace syncline::kube {

// One resource type a cluster serves, from discovery: "apps/v1 deployments (Deployment)".
struct ApiResource {
    QString group;   // "" for the core group
    QString version; // the group's preferred version
    QString kind;    // "Deployment"
    QString plural;  // "deployments": the URL segment
    bool namespaced = true;
    QStringList verbs;

    // "apps/v1", or "v1" for the core group.
    QString groupVersion() const { return group.isEmpty() ? version : group + QLatin1Char('/') + version; }
    bool operator==(const ApiResource&) const = default;
};

} // namespace syncline::kube
