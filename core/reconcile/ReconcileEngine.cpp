#include "reconcile/ReconcileEngine.h"

#include "git/Remote.h"
#include "reconcile/ClusterCapabilitiesReader.h"
#include "reconcile/ClusterReader.h"
#include "reconcile/ClusterWatches.h"
#include "reconcile/EnvironmentMatrix.h"
#include "reconcile/GitSide.h"
#include "reconcile/ObservationUpdate.h"
#include "reconcile/ResourcePairing.h"
#include "reconcile/SyncRunner.h"
#include "util/PoolRunner.h"
#include "util/SerialExecutor.h"

#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <map>

namespace syncline::reconcile {

// What the git side found for one cycle or sync: the target and the rendered objects.
struct DesiredState {
    std::optional<TargetRevision> target;
    git::ObjectId revision;
    std::shared_ptr<const manifest::RenderResult> rendered;
    std::optional<util::Error> error;
};

// The cluster half of a cycle: the snapshot, and what live updates patch until the next one.
struct ClusterRead {
    EnvironmentSnapshot snapshot;
    std::shared_ptr<kube::KubeClient> client;
    std::shared_ptr<const ClusterObservation> observation; // null when the cluster could not be read
};

// What a worker hands back to the GUI thread: a pointer, because QFuture::then passes a
// copyable result to its continuation as a copy (Qt 6.4 takes result()), which copied
// every snapshot — its diffs, 500 resources each in a fleet — on the GUI thread. (A
// move-only ClusterRead makes Qt take the result instead, but crashed in Qt 6.4's
// continuations with a context.)
using ClusterReadPtr = std::shared_ptr<ClusterRead>;

struct Description {
    std::optional<git::CommitSummary> deployed;
    int commitsBehind = -1;
    std::optional<util::Error> error; // only when the job itself failed (see util::runOn)
};

namespace {

// A sync that stopped before SyncRunner had a say, or whose job threw.
SyncResult failedSync(const QString& environment, const git::ObjectId& revision, util::Error error) {
    SyncResult result;
    result.environment = environment;
    result.revision = revision;
    result.error = std::move(error);
    return result;
}

// A cluster read whose job threw: the environment shows the error; the next cycle tries again.
ClusterReadPtr failedRead(EnvironmentSnapshot base, util::Error error) {
    error.where = base.environment;
    base.error = std::move(error);
    return std::make_shared<ClusterRead>(ClusterRead{std::move(base), nullptr, nullptr});
}

util::Error renderFailure(const manifest::RenderResult& rendered) {
    util::Error first = rendered.errors.front();
    if (rendered.errors.size() > 1)
        first.message += QStringLiteral(" (and %1 more render errors)").arg(rendered.errors.size() - 1);
    return first;
}

} // namespace

// Per-environment bookkeeping, touched only on the engine's thread.
struct EnvironmentSlot {
    workspace::Environment environment;
    SnapshotPtr last;
    // What helm is told about the cluster; read once, when a client for it first works.
    std::optional<manifest::ClusterCapabilities> capabilities;
    quint64 sequence = 0;
    bool running = false;
    bool again = false; // a trigger arrived while a cycle ran: run once more after it
    bool syncing = false;
    int failures = 0;
    int progressingCycles = 0;                   // Progressing snapshots in a row (fast re-reads are bounded)
    std::optional<git::ObjectId> failedAutoSync; // never auto-applied again until a new target
    QTimer* timer = nullptr;
    // Live updates: the last cycle's client and observation, and watch changes not applied yet
    // (a burst is applied at once, shortly after its first change).
    std::shared_ptr<kube::KubeClient> client;
    std::shared_ptr<const ClusterObservation> observation;
    std::set<kube::WatchTarget> watched; // what `observation` depends on
    std::vector<LiveChange> pendingChanges;
    QTimer* changeTimer = nullptr;
};

// Engines started in this process, so far: the next one's number (see EnvironmentSnapshot::engine).
std::atomic<quint64> g_engines{0};

class EngineState {
public:
    const quint64 engine = ++g_engines;
    QString repositoryPath;
    workspace::WorkspaceConfig config;
    std::shared_ptr<ClientProvider> clients;
    EngineOptions options;
    util::CancellationToken cancel;
    bool shutDown = false;
    QThreadPool pool;
    util::SerialExecutor git;         // libgit2 work, one job at a time
    std::unique_ptr<GitSide> gitSide; // used only on `git`
    std::map<QString, EnvironmentSlot> slots;
    QTimer* fetchTimer = nullptr;
    std::unique_ptr<ClusterWatches> watches; // with EngineOptions::liveUpdates

    // On the git executor.
    DesiredState desired(const workspace::Environment& environment, const QString& revision,
                         const std::optional<manifest::ClusterCapabilities>& capabilities) {
        DesiredState state;
        if (!gitSide) {
            // Two renders per environment (e.g. before and after its cluster's API versions
            // are known), so a periodic refresh of a fleet finds every unchanged one cached.
            auto opened = GitSide::open(repositoryPath, std::max<std::size_t>(128, 2 * config.environments.size()));
            if (!opened) {
                state.error = opened.error();
                return state;
            }
            gitSide = std::move(*opened);
        }
        gitSide->setClusterCapabilities(environment.name, capabilities);
        auto target = gitSide->target(environment);
        if (!target) {
            state.error = target.error();
            return state;
        }
        state.target = *target;
        state.revision = target->commit;
        if (!revision.isEmpty()) {
            auto resolved = gitSide->resolve(environment, revision);
            if (!resolved) {
                state.error = resolved.error();
                return state;
            }
            state.revision = *resolved;
        }
        auto rendered = gitSide->render(environment, state.revision);
        if (!rendered) {
            state.error = rendered.error();
            return state;
        }
        if (!(*rendered)->ok())
            state.error = renderFailure(**rendered);
        state.rendered = std::move(*rendered);
        return state;
    }

    Description describe(const std::optional<git::ObjectId>& deployed, const git::ObjectId& target) {
        Description description;
        if (!deployed || !gitSide)
            return description;
        description.deployed = gitSide->describe(*deployed);
        if (!target.isNull())
            description.commitsBehind = gitSide->commitsBehind(*deployed, target);
        return description;
    }
};

ReconcileEngine::ReconcileEngine(QString repositoryPath, workspace::WorkspaceConfig config,
                                 std::shared_ptr<ClientProvider> clients, EngineOptions options, QObject* parent)
    : QObject(parent), m_state(std::make_unique<EngineState>()) {
    qRegisterMetaType<SnapshotPtr>();
    qRegisterMetaType<SyncResult>();
    m_state->repositoryPath = std::move(repositoryPath);
    m_state->config = std::move(config);
    m_state->clients = std::move(clients);
    m_state->options = options;
    m_state->pool.setMaxThreadCount(std::max(1, options.workerThreads));
    for (const auto& environment : m_state->config.environments) {
        EnvironmentSlot& slot = m_state->slots[environment.name];
        slot.environment = environment;
        slot.timer = new QTimer(this);
        slot.timer->setSingleShot(true);
        const QString name = environment.name;
        connect(slot.timer, &QTimer::timeout, this, [this, name] { runCycle(name); });
        slot.changeTimer = new QTimer(this);
        slot.changeTimer->setSingleShot(true);
        slot.changeTimer->setInterval(20);
        connect(slot.changeTimer, &QTimer::timeout, this, [this, name] { applyLiveChanges(name); });
    }
    if (options.liveUpdates)
        m_state->watches = std::make_unique<ClusterWatches>(
            this, [this](const kube::KubeClient* cluster, const LiveChange& change) { watchChanged(cluster, change); },
            [this](const kube::KubeClient* cluster, const kube::WatchTarget& target) { watchResynced(cluster, target); },
            options.watchPolicy);
}

ReconcileEngine::~ReconcileEngine() { shutdown(); }

const workspace::WorkspaceConfig& ReconcileEngine::config() const { return m_state->config; }

void ReconcileEngine::start() {
    refreshAll();
    if (m_state->options.fetchIntervalMs > 0 && !m_state->fetchTimer) {
        m_state->fetchTimer = new QTimer(this);
        connect(m_state->fetchTimer, &QTimer::timeout, this, &ReconcileEngine::fetchNow);
        m_state->fetchTimer->start(m_state->options.fetchIntervalMs);
    }
}

void ReconcileEngine::refresh(const QString& environment) { runCycle(environment); }

void ReconcileEngine::refreshAll() {
    for (const auto& environment : m_state->config.environments)
        runCycle(environment.name);
}

void ReconcileEngine::repositoryChanged() {
    // A failed auto-sync revision stays failed; a new commit is a new target anyway.
    refreshAll();
}

SnapshotPtr ReconcileEngine::snapshot(const QString& environment) const {
    auto found = m_state->slots.find(environment);
    return found == m_state->slots.end() ? nullptr : found->second.last;
}

std::size_t ReconcileEngine::watchCount() const { return m_state->watches ? m_state->watches->count() : 0; }

void ReconcileEngine::shutdown() {
    if (m_state->shutDown)
        return;
    m_state->shutDown = true;
    m_state->cancel.cancel();
    for (auto& [name, slot] : m_state->slots) {
        if (slot.timer)
            slot.timer->stop();
    }
    if (m_state->fetchTimer)
        m_state->fetchTimer->stop();
    if (m_state->watches)
        m_state->watches->stopAll();
    m_state->pool.waitForDone();
    m_state->git.waitForIdle();
}

// A cycle runs in four stages, each on its own thread: render (git executor) →
// cycleRendered (here) → read the cluster (pool) → cycleRead (here) → describe the deployed
// revision (git executor) → cycleDescribed (here), which publishes.
void ReconcileEngine::runCycle(const QString& name) {
    auto found = m_state->slots.find(name);
    if (m_state->shutDown || found == m_state->slots.end())
        return;
    EnvironmentSlot& slot = found->second;
    if (slot.running) {
        slot.again = true;
        return;
    }
    slot.running = true;
    slot.again = false;
    slot.timer->stop();
    // Helm needs the cluster's version and API versions before it renders (read on a
    // worker: the client may reach the network); without them, helm's defaults. A cluster
    // the last cycle could not reach is not asked again until it answers.
    const bool unreachable = slot.last && slot.last->cluster.reachability != ClusterReachability::Reachable;
    if (slot.capabilities || !rendersHelm(slot.environment) || unreachable) {
        cycleRender(slot);
        return;
    }
    EngineState* state = m_state.get();
    util::runOn(
        state->pool,
        [clients = state->clients, cancel = state->cancel, environment = slot.environment] {
            return readCapabilities(*clients, environment, cancel);
        },
        QStringLiteral("reading the cluster's API versions"),
        [](const util::Error&) { return std::optional<manifest::ClusterCapabilities>(); })
        .then(this, [this, name](std::optional<manifest::ClusterCapabilities> capabilities) {
            auto found = m_state->slots.find(name);
            if (m_state->shutDown || found == m_state->slots.end())
                return;
            found->second.capabilities = std::move(capabilities);
            cycleRender(found->second);
        });
}

bool ReconcileEngine::rendersHelm(const workspace::Environment& environment) {
    return environment.renderer == workspace::RendererChoice::Helm || environment.renderer == workspace::RendererChoice::Auto;
}

// On a worker: nullopt when there is no client or the cluster does not answer (the next
// cycle asks again).
std::optional<manifest::ClusterCapabilities> ReconcileEngine::readCapabilities(ClientProvider& clients,
                                                                               const workspace::Environment& environment,
                                                                               const util::CancellationToken& cancel) {
    auto client = clients.clientFor(environment);
    if (!client)
        return std::nullopt;
    auto capabilities = ClusterCapabilitiesReader::read(**client, cancel);
    return capabilities ? std::optional(std::move(*capabilities)) : std::nullopt;
}

void ReconcileEngine::cycleRender(const EnvironmentSlot& slot) {
    EngineState* state = m_state.get();
    const workspace::Environment environment = slot.environment;
    state->git
        .submit([state, environment, capabilities = slot.capabilities] { return state->desired(environment, {}, capabilities); },
                QStringLiteral("rendering"))
        .then(this, [this, environment](DesiredState desired) { cycleRendered(environment, std::move(desired)); });
}

void ReconcileEngine::cycleRendered(const workspace::Environment& environment, DesiredState desired) {
    EngineState* state = m_state.get();
    if (state->shutDown)
        return;
    EnvironmentSnapshot base;
    base.environment = environment.name;
    if (desired.target) {
        base.branch = desired.target->ref;
        base.targetRevision = desired.target->commit;
        base.targetSummary = desired.target->summary;
    }
    if (desired.error || !desired.rendered) {
        // Keep what the last cycle saw of the cluster; the row shows the error.
        if (const auto& last = state->slots[environment.name].last) {
            base.cluster = last->cluster;
            base.deployed = last->deployed;
            base.commitsBehind = last->commitsBehind;
            base.resources = last->resources;
            base.counts = last->counts;
            base.running = last->running;
            base.warnings = last->warnings;
            base.stale = true;
        }
        base.error = desired.error.value_or(util::makeError(util::ErrorCode::Generic, QStringLiteral("nothing rendered")));
        publish(environment.name, std::move(base));
        return;
    }
    // A job that throws (bad_alloc, a library's exception) leaves this environment with the
    // error; the next cycle tries again.
    auto failed = [base](util::Error error) { return failedRead(base, std::move(error)); };
    util::runOn(
        state->pool,
        [clients = state->clients, cancel = state->cancel, environment, rendered = desired.rendered, base = std::move(base),
         keepObservation = bool(state->watches)]() mutable {
            return std::make_shared<ClusterRead>(
                readCluster(*clients, environment, *rendered, std::move(base), keepObservation, cancel));
        },
        QStringLiteral("reading cluster"), failed)
        .then(this, [this](const ClusterReadPtr& read) { cycleRead(std::move(*read)); });
}

// On a worker: the cluster's side of the snapshot, paired with the rendered objects. The
// observation (every desired and live object) is kept only for live updates to patch:
// otherwise it is freed here, not held per environment and freed on the GUI thread.
ClusterRead ReconcileEngine::readCluster(ClientProvider& clients, const workspace::Environment& environment,
                                         const manifest::RenderResult& rendered, EnvironmentSnapshot snapshot,
                                         bool keepObservation, const util::CancellationToken& cancel) {
    auto client = clients.clientFor(environment);
    const AllowedAutomation allowed = client ? clients.allowedAutomation(environment) : AllowedAutomation{};
    snapshot.autoSyncHeld = environment.sync.autoSync && !allowed.autoSync;
    snapshot.pruneHeld = environment.sync.autoSync && environment.sync.prune && !allowed.prune;
    auto observation =
        std::make_shared<ClusterObservation>(client ? ClusterReader::observe(**client, environment, rendered.objects, cancel)
                                                    : ClusterReader::unconfigured(environment, client.error()));
    ClusterRead read{paired(environment, *observation, std::move(snapshot)), nullptr, nullptr};
    if (client && !observation->error) {
        read.client = *client;
        if (keepObservation)
            read.observation = std::move(observation);
    }
    return read;
}

// Pure: the snapshot's cluster side from an observation (a cycle's, or one a watch patched).
EnvironmentSnapshot ReconcileEngine::paired(const workspace::Environment& environment, const ClusterObservation& observation,
                                            EnvironmentSnapshot snapshot) {
    snapshot.cluster = observation.cluster;
    snapshot.warnings = observation.warnings;
    if (observation.error) {
        snapshot.error = observation.error;
        return snapshot;
    }
    PairingInput input;
    input.environment = &environment;
    input.desired = &observation.desired;
    input.live = &observation.live;
    input.owned = observation.owned;
    const auto scoped = observation.clusterScopedKinds;
    input.isClusterScoped = [scoped](const manifest::ResourceKey& key) {
        return scoped.count(manifest::ResourceKey{key.group, key.kind, {}, {}}) > 0;
    };
    ResourcePairing::fill(input, snapshot);
    EnvironmentMatrix::DesiredObjects desired;
    for (const auto& object : observation.desired)
        desired[object.key] = &object;
    snapshot.running = EnvironmentMatrix::runningOf(snapshot, &desired);
    if (observation.agentSync)
        snapshot.sync = *observation.agentSync;
    if (observation.agentHealth)
        snapshot.health = *observation.agentHealth;
    if (observation.deployedCommit) {
        DeployedRevision deployed;
        deployed.commit = *observation.deployedCommit;
        deployed.since = observation.deployedAt;
        deployed.user = observation.deployedBy;
        deployed.previous = observation.previousCommit;
        snapshot.deployed = deployed;
    }
    return snapshot;
}

void ReconcileEngine::cycleRead(ClusterRead read) {
    EngineState* state = m_state.get();
    if (state->shutDown)
        return;
    EnvironmentSlot& slot = state->slots[read.snapshot.environment];
    slot.client = read.client;
    slot.observation = read.observation;
    slot.watched.clear();
    if (state->watches && read.client && read.observation) {
        slot.watched = ObservationUpdate::targetsOf(slot.environment, *read.observation);
        state->watches->watch(read.client, slot.watched);
    }
    EnvironmentSnapshot snapshot = std::move(read.snapshot);
    std::optional<git::ObjectId> deployed;
    if (snapshot.deployed)
        deployed = snapshot.deployed->commit;
    const git::ObjectId target = snapshot.targetRevision;
    state->git
        .submit([state, deployed, target] { return state->describe(deployed, target); },
                QStringLiteral("describing the deployed revision"))
        .then(this, [this, snapshot = std::move(snapshot)](Description description) mutable {
            cycleDescribed(std::move(snapshot), description);
        });
}

void ReconcileEngine::cycleDescribed(EnvironmentSnapshot snapshot, const Description& description) {
    if (m_state->shutDown)
        return;
    if (description.error && !snapshot.error)
        snapshot.error = description.error;
    if (snapshot.deployed && description.deployed)
        snapshot.deployed->summary = description.deployed->summary;
    snapshot.commitsBehind = description.commitsBehind;
    const QString name = snapshot.environment;
    publish(name, std::move(snapshot));
}

// A watch saw an object change on `cluster`: every environment whose snapshot shows it gets
// the change applied to its last observation (a burst at once), or — for its inventory or
// agent object, or while a cycle runs — a full cycle.
void ReconcileEngine::watchChanged(const kube::KubeClient* cluster, const LiveChange& change) {
    if (m_state->shutDown)
        return;
    for (auto& [name, slot] : m_state->slots) {
        if (slot.client.get() != cluster || !slot.observation ||
            !ObservationUpdate::concerns(slot.environment, *slot.observation, change.key))
            continue;
        if (slot.running || ObservationUpdate::needsFullRead(slot.environment, change.key)) {
            runCycle(name);
            continue;
        }
        slot.pendingChanges.push_back(change);
        if (!slot.changeTimer->isActive())
            slot.changeTimer->start();
    }
}

// A watch listed again (its start, a reconnect after 410 Expired): anything may have
// changed unseen, so the environments that depend on it read their cluster again.
void ReconcileEngine::watchResynced(const kube::KubeClient* cluster, const kube::WatchTarget& target) {
    if (m_state->shutDown)
        return;
    for (auto& [name, slot] : m_state->slots)
        if (slot.client.get() == cluster && slot.watched.count(target))
            runCycle(name);
}

void ReconcileEngine::applyLiveChanges(const QString& name) {
    EnvironmentSlot& slot = m_state->slots[name];
    std::vector<LiveChange> changes = std::move(slot.pendingChanges);
    slot.pendingChanges.clear();
    if (changes.empty() || m_state->shutDown)
        return;
    if (slot.running || !slot.observation || !slot.last || slot.last->error) {
        runCycle(name);
        return;
    }
    auto observation = std::make_shared<ClusterObservation>(*slot.observation);
    for (const auto& change : changes)
        ObservationUpdate::apply(*observation, change);
    EnvironmentSnapshot base;
    base.environment = name;
    base.branch = slot.last->branch;
    base.targetRevision = slot.last->targetRevision;
    base.targetSummary = slot.last->targetSummary;
    base.autoSyncHeld = slot.last->autoSyncHeld;
    base.pruneHeld = slot.last->pruneHeld;
    slot.running = true;
    slot.timer->stop();
    auto failed = [base](util::Error error) { return failedRead(base, std::move(error)); };
    util::runOn(
        m_state->pool,
        [environment = slot.environment, client = slot.client, observation, base = std::move(base)]() mutable {
            EnvironmentSnapshot snapshot = paired(environment, *observation, std::move(base));
            return std::make_shared<ClusterRead>(ClusterRead{std::move(snapshot), client, std::move(observation)});
        },
        QStringLiteral("applying a watched change"), failed)
        .then(this, [this](const ClusterReadPtr& read) { cycleRead(std::move(*read)); });
}

void ReconcileEngine::publish(const QString& name, EnvironmentSnapshot snapshot) {
    EnvironmentSlot& slot = m_state->slots[name];
    slot.running = false;
    slot.failures = snapshot.error ? slot.failures + 1 : 0;
    snapshot.engine = m_state->engine;
    snapshot.sequence = ++slot.sequence;
    snapshot.takenAt = QDateTime::currentDateTimeUtc();
    snapshot.syncing = slot.syncing;
    auto published = std::make_shared<const EnvironmentSnapshot>(std::move(snapshot));
    slot.last = published;
    Q_EMIT snapshotReady(published);
    if (slot.again) {
        runCycle(name);
        return;
    }
    scheduleNext(name, published->health.health == health::Health::Progressing);
    autoSyncIfWanted(published);
}

void ReconcileEngine::scheduleNext(const QString& name, bool progressing) {
    EnvironmentSlot& slot = m_state->slots[name];
    const auto& options = m_state->options;
    int delay = options.refreshIntervalMs;
    slot.progressingCycles = progressing ? slot.progressingCycles + 1 : 0;
    if (progressing && delay > 0 && options.progressingRefreshMs > 0 && slot.progressingCycles <= options.progressingFastCycles)
        delay = std::min(delay, options.progressingRefreshMs);
    if (slot.failures > 0) {
        const qint64 backoff = qint64(options.retryBaseMs) << std::min(slot.failures - 1, 16);
        delay = int(std::min<qint64>(backoff, options.maxBackoffMs));
        if (options.refreshIntervalMs > 0)
            delay = std::min(delay, std::max(options.refreshIntervalMs, options.retryBaseMs));
    }
    if (delay > 0)
        slot.timer->start(delay);
}

void ReconcileEngine::autoSyncIfWanted(const SnapshotPtr& snapshot) {
    EnvironmentSlot& slot = m_state->slots[snapshot->environment];
    const auto& policy = slot.environment.sync;
    if (!policy.autoSync || slot.syncing || snapshot->error || snapshot->sync != health::SyncStatus::OutOfSync)
        return;
    if (snapshot->autoSyncHeld)
        return; // the repository asks for it; the user has not allowed it (ClusterConsent)
    if (slot.environment.mode != workspace::Mode::Direct)
        return; // the agent applies by itself
    const bool newTarget = !snapshot->deployed || snapshot->deployed->commit != snapshot->targetRevision;
    if (!newTarget && !policy.selfHeal)
        return;
    if (slot.failedAutoSync && *slot.failedAutoSync == snapshot->targetRevision)
        return; // that revision failed to apply: wait for a new commit or a manual sync
    SyncRequest request;
    request.environment = snapshot->environment;
    request.revision = snapshot->targetRevision.toHex();
    request.prune = policy.prune && !snapshot->pruneHeld;
    sync(request);
}

// Sync in three stages: render the requested revision (git executor) → syncRendered (here)
// → SyncRunner on the pool → finishSync (here).
QFuture<SyncResult> ReconcileEngine::sync(const SyncRequest& request) {
    auto promise = std::make_shared<QPromise<SyncResult>>();
    QFuture<SyncResult> future = promise->future();
    promise->start();
    auto found = m_state->slots.find(request.environment);
    std::optional<util::Error> refused;
    if (m_state->shutDown || found == m_state->slots.end())
        refused = util::makeError(util::ErrorCode::NotFound, QStringLiteral("no such environment"), request.environment);
    else if (found->second.syncing)
        refused = util::makeError(util::ErrorCode::Conflict, QStringLiteral("a sync is already running"), request.environment);
    if (refused) {
        promise->addResult(failedSync(request.environment, {}, *refused));
        promise->finish();
        return future;
    }
    EnvironmentSlot& slot = found->second;
    slot.syncing = true;
    Q_EMIT syncStarted(request.environment);
    EngineState* state = m_state.get();
    const workspace::Environment environment = slot.environment;
    state->git
        .submit([state, environment, request,
                 capabilities = slot.capabilities] { return state->desired(environment, request.revision, capabilities); },
                QStringLiteral("rendering"))
        .then(this, [this, environment, request, promise](DesiredState desired) {
            syncRendered(environment, request, std::move(desired), promise);
        });
    return future;
}

void ReconcileEngine::syncRendered(const workspace::Environment& environment, const SyncRequest& request, DesiredState desired,
                                   std::shared_ptr<QPromise<SyncResult>> promise) {
    EngineState* state = m_state.get();
    if (state->shutDown || desired.error || !desired.rendered) {
        finishSync(failedSync(environment.name, desired.revision,
                              desired.error.value_or(util::makeError(util::ErrorCode::Cancelled,
                                                                     QStringLiteral("the engine shut down"), environment.name))),
                   promise);
        return;
    }
    QPointer<ReconcileEngine> self(this);
    SyncRunner::Progress progress = [self, name = environment.name](int done, int total) {
        QMetaObject::invokeMethod(
            self,
            [self, name, done, total] {
                if (self)
                    Q_EMIT self->syncProgress(name, done, total);
            },
            Qt::QueuedConnection);
    };
    auto failed = [name = environment.name, revision = desired.revision](util::Error error) {
        error.where = name;
        return failedSync(name, revision, std::move(error));
    };
    util::runOn(
        state->pool,
        [clients = state->clients, cancel = state->cancel, environment, desired, request, progress]() {
            auto client = clients->clientFor(environment);
            if (!client)
                return failedSync(environment.name, desired.revision, client.error());
            return SyncRunner::run(**client, environment, *desired.rendered, desired.revision, request, progress, cancel);
        },
        QStringLiteral("syncing"), failed)
        .then(this, [this, promise](SyncResult result) { finishSync(std::move(result), promise); });
}

void ReconcileEngine::finishSync(SyncResult result, const std::shared_ptr<QPromise<SyncResult>>& promise) {
    if (!m_state->shutDown) {
        EnvironmentSlot& finished = m_state->slots[result.environment];
        finished.syncing = false;
        // Auto-sync never applies a failed revision again by itself.
        if (result.succeeded())
            finished.failedAutoSync.reset();
        else if (!result.revision.isNull())
            finished.failedAutoSync = result.revision;
        Q_EMIT syncFinished(result);
        runCycle(result.environment);
    }
    promise->addResult(result);
    promise->finish();
}

void ReconcileEngine::fetchNow() {
    EngineState* state = m_state.get();
    auto cancel = state->cancel;
    state->git
        .submit(
            [state, cancel]() -> std::optional<util::Error> {
                if (!state->gitSide)
                    return std::nullopt;
                git::FetchOptions options;
                options.cancel = cancel;
                options.credentials = state->options.fetchCredentials.get();
                auto fetched = git::Remote::fetch(state->gitSide->repository(), QStringLiteral("origin"), options);
                if (!fetched)
                    return fetched.error();
                return std::nullopt;
            },
            QStringLiteral("fetching"))
        .then(this, [this, state](std::optional<util::Error> error) {
            if (state->shutDown)
                return;
            if (!error) {
                repositoryChanged();
                return;
            }
            // Keep the last known state of every environment, marked stale with the reason.
            for (auto& [name, slot] : state->slots) {
                if (!slot.last || slot.running)
                    continue; // a running cycle publishes soon anyway
                EnvironmentSnapshot stale = *slot.last;
                stale.stale = true;
                stale.error = util::makeError(error->code, QStringLiteral("fetch failed: ") + error->message, error->where);
                publish(name, std::move(stale));
            }
        });
}

} // namespace syncline::reconcile
