#pragma once

#include "git/CredentialProvider.h"
#include "kube/ResourceWatch.h"
#include "manifest/ClusterCapabilities.h"
#include "manifest/RenderResult.h"
#include "manifest/ResourceKey.h"
#include "reconcile/ClientProvider.h"
#include "reconcile/ClusterObservation.h"
#include "reconcile/EnvironmentSnapshot.h"
#include "reconcile/SyncRequest.h"
#include "reconcile/SyncResult.h"
#include "workspace/WorkspaceConfig.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace syncline::reconcile {

struct EngineOptions {
    int refreshIntervalMs = 30'000; // periodic cycle per environment; 0: only on demand
    int maxBackoffMs = 300'000;     // errors back off exponentially up to this
    int fetchIntervalMs = 0;        // git fetch of the workspace's remote; 0: never
    int workerThreads = 2;          // reconcile cycles and syncs in parallel
    int retryBaseMs = 2'000;        // first retry after an error; doubles each time
    // While an environment is Progressing (a rollout under way) it is looked at this often,
    // so Healthy shows soon after a sync instead of at the next periodic cycle — for at most
    // progressingFastCycles cycles in a row (a rollout stuck for good falls back to the
    // periodic interval).
    int progressingRefreshMs = 3'000;
    int progressingFastCycles = 40;
    // Watch the objects of every environment (one watch per kind and namespace per cluster)
    // and publish a new snapshot when one changes, without waiting for the next cycle.
    bool liveUpdates = false;
    kube::WatchPolicy watchPolicy;
    // For the scheduled fetch (used on the repository's serial executor only); null:
    // anonymous remotes only.
    std::shared_ptr<git::CredentialProvider> fetchCredentials;
};

class EngineState;
struct ClusterRead;
struct DesiredState;
struct EnvironmentSlot;
struct Description;
struct LiveChange;

// Keeps every environment's Snapshot current. Lives on the GUI (or main) thread; cycles
// run on a worker pool, git work on one serial executor for the repository, and each
// cluster's client bounds its own concurrency, so a slow or dead cluster delays only its
// environments. Results come back as signals on this object's thread.
//
// A cycle: resolve the target revision → render (cached by tree id) → read live objects
// (inventory + desired keys; one list per kind and namespace where cheaper) → diff →
// health → deployed revision and commits behind → snapshotReady.
class ReconcileEngine : public QObject {
    Q_OBJECT
public:
    ReconcileEngine(QString repositoryPath, workspace::WorkspaceConfig config, std::shared_ptr<ClientProvider> clients,
                    EngineOptions options = {}, QObject* parent = nullptr);
    ~ReconcileEngine() override; // cancels running work and waits for it

    const workspace::WorkspaceConfig& config() const;

    // Starts the first cycle of every environment and the periodic timers.
    void start();
    // On demand; bursts coalesce into one more cycle after the running one.
    void refresh(const QString& environment);
    void refreshAll();
    // A new commit or fetch: every environment re-resolves its target revision.
    void repositoryChanged();

    // Sync (direct mode: dry run, apply in dependency order, record the deployed revision;
    // agent modes: ask the agent to reconcile). A refresh follows.
    QFuture<SyncResult> sync(const SyncRequest& request);

    SnapshotPtr snapshot(const QString& environment) const; // null before the first cycle
    // Live updates: the watches running, one per kind and namespace per cluster.
    std::size_t watchCount() const;

    // Cancels every cycle and sync and waits for them (also done by the destructor).
    void shutdown();

Q_SIGNALS:
    void snapshotReady(syncline::reconcile::SnapshotPtr snapshot);
    void syncStarted(const QString& environment);
    void syncProgress(const QString& environment, int done, int total);
    void syncFinished(const syncline::reconcile::SyncResult& result);

private:
    // A cycle's stages (see runCycle).
    void runCycle(const QString& environment);
    void cycleRender(const EnvironmentSlot& slot);
    static bool rendersHelm(const workspace::Environment& environment);
    static std::optional<manifest::ClusterCapabilities>
    readCapabilities(ClientProvider& clients, const workspace::Environment& environment, const util::CancellationToken& cancel);
    void cycleRendered(const workspace::Environment& environment, DesiredState desired);
    static ClusterRead readCluster(ClientProvider& clients, const workspace::Environment& environment,
                                   const manifest::RenderResult& rendered, EnvironmentSnapshot snapshot, bool keepObservation,
                                   const util::CancellationToken& cancel);
    static EnvironmentSnapshot paired(const workspace::Environment& environment, const ClusterObservation& observation,
                                      EnvironmentSnapshot snapshot);
    void cycleRead(ClusterRead read);
    // Live updates (see EngineOptions::liveUpdates).
    void watchChanged(const kube::KubeClient* cluster, const LiveChange& change);
    void watchResynced(const kube::KubeClient* cluster, const kube::WatchTarget& target);
    void applyLiveChanges(const QString& environment);
    void cycleDescribed(EnvironmentSnapshot snapshot, const Description& description);
    // A sync's stages (see sync).
    void syncRendered(const workspace::Environment& environment, const SyncRequest& request, DesiredState desired,
                      std::shared_ptr<QPromise<SyncResult>> promise);
    void finishSync(SyncResult result, const std::shared_ptr<QPromise<SyncResult>>& promise);
    void publish(const QString& environment, EnvironmentSnapshot snapshot);
    void scheduleNext(const QString& environment, bool progressing = false);
    void autoSyncIfWanted(const SnapshotPtr& snapshot);
    void fetchNow();

    std::unique_ptr<EngineState> m_state;
};

} // namespace syncline::reconcile
