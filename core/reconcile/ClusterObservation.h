#pragma once

#include "manifest/ManifestObject.h"
#include "reconcile/EnvironmentSnapshot.h"

#include <QDateTime>

#include <optional>
#include <set>
#include <vector>

namespace syncline::reconcile {

// What one cycle learned from the environment's cluster.
struct ClusterObservation {
    ClusterStatus cluster;
    std::vector<manifest::ManifestObject> desired;      // namespaces defaulted from discovery
    std::vector<manifest::ManifestObject> live;         // found for desired and inventory keys
    std::set<manifest::ResourceKey> owned;              // the inventory's keys
    std::set<manifest::ResourceKey> clusterScopedKinds; // {group, kind} only
    std::set<manifest::ResourceKey> unservedKinds;      // {group, kind} the server does not serve
    std::optional<git::ObjectId> deployedCommit;
    QDateTime deployedAt;
    QString deployedBy;
    std::optional<git::ObjectId> previousCommit; // deployed before deployedCommit, when recorded
    // Agent modes: the agent's own verdicts replace the pairing's.
    std::optional<health::SyncStatus> agentSync;
    std::optional<health::HealthStatus> agentHealth;
    std::optional<util::Error> error; // the cluster could not be read (the rest is empty)
    std::vector<QString> warnings;    // e.g. a desired kind the server does not serve yet
};

} // namespace syncline::reconcile
