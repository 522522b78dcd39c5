#pragma once

#include "diff/ResourceDiff.h"
#include "git/ObjectId.h"
#include "health/Health.h"
#include "health/SyncStatus.h"
#include "util/Error.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace syncline::reconcile {

// One resource of an environment: how desired (from Git) and live (on the cluster) pair
// up, and how healthy the live object is. Missing resources have health Missing.
struct ResourceStatus {
    diff::ResourceDiff diff; // key, state (Same/Modified/Missing/Extra), sides, unified diff
    health::HealthStatus health;
    bool owned = false; // listed in the environment's inventory (an Extra that may be pruned)
};

// The commit a cluster runs, as recorded on it (inventory ConfigMap in direct mode, the
// agent's status in agent modes).
struct DeployedRevision {
    git::ObjectId commit;
    QString summary;                       // the commit's subject, when the commit is in the local repository
    QDateTime since;                       // when it was applied
    QString user;                          // who applied it (direct mode)
    std::optional<git::ObjectId> previous; // what ran before it, when the cluster recorded that
};

// What an environment's workloads run (the environment matrix shows it).
struct RunningWorkloads {
    QStringList images; // container images, sorted, each once (bounded: EnvironmentMatrix)
    QStringList charts; // "helm.sh/chart" labels, sorted, each once
};

// How the environment's cluster answered this cycle.
enum class ClusterReachability { Unknown, Reachable, Unauthorized, Unreachable, NotConfigured };

struct ClusterStatus {
    QString name;   // kubeconfig context, or the server URL
    QString server; // https://…
    ClusterReachability reachability = ClusterReachability::Unknown;
    bool insecure = false; // TLS verification off: shown as a permanent warning
};

// An immutable description of one environment at one moment: produced by the reconcile
// engine on a worker thread, shared read-only with the GUI thread.
struct EnvironmentSnapshot {
    QString environment;
    // Snapshots order by (engine, sequence): each engine counts its snapshots of an
    // environment from 1, and an engine started later (a new cluster, token or syncline.yaml)
    // has a higher number than every engine before it in this process.
    quint64 engine = 0;
    quint64 sequence = 0;
    QDateTime takenAt;

    // Git side.
    QString branch; // the branch (or remote-tracking branch) the target comes from
    git::ObjectId targetRevision;
    QString targetSummary;
    std::optional<DeployedRevision> deployed;
    int commitsBehind = -1; // commits on the branch since the deployed revision; -1 unknown

    // Cluster side.
    ClusterStatus cluster;
    health::SyncStatus sync = health::SyncStatus::Unknown;
    health::HealthStatus health;           // the worst of the resources' health, with its reason
    std::vector<ResourceStatus> resources; // sorted by key
    std::array<std::size_t, diff::kResourceStateCount> counts{};
    // Read by the engine from the live objects and, for objects the same as in Git, from the
    // rendered ones (the snapshot keeps no bodies for those); unset when not read.
    std::optional<RunningWorkloads> running;

    // What went wrong this cycle (render error, cluster error); the last good parts are
    // kept and `stale` says the data is older than this cycle (e.g. a failed fetch).
    std::optional<util::Error> error;
    // What the cluster answered but could not be read whole (a corrupt inventory, a desired
    // kind the server does not serve yet): the rest of the snapshot stands.
    std::vector<QString> warnings;
    bool stale = false;
    bool syncing = false; // a Sync of this environment is running
    // syncline.yaml turns on auto-sync / prune, and the user has not allowed it for this
    // cluster (ClusterConsent): the engine does not act on it, and the row says so.
    bool autoSyncHeld = false;
    bool pruneHeld = false;

    std::size_t count(diff::ResourceState state) const { return counts[static_cast<std::size_t>(state)]; }
    // What differs from Git on the cluster: Modified, Missing and owned Extra objects.
    int drifted() const {
        return int(std::count_if(resources.begin(), resources.end(), [](const ResourceStatus& resource) {
            const auto state = resource.diff.state;
            return state == diff::ResourceState::Modified || state == diff::ResourceState::Missing ||
                   (state == diff::ResourceState::Extra && resource.owned);
        }));
    }
    // Taken after `other`: by a later engine, or later by the same one.
    bool isNewerThan(const EnvironmentSnapshot& other) const {
        return engine != other.engine ? engine > other.engine : sequence > other.sequence;
    }
};

using SnapshotPtr = std::shared_ptr<const EnvironmentSnapshot>;

} // namespace syncline::reconcile

Q_DECLARE_METATYPE(syncline::reconcile::SnapshotPtr)
