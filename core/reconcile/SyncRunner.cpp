#include "reconcile/SyncRunner.h"

#include "health/StatusFields.h"
#include "kube/AgentStatus.h"
#include "kube/Inventory.h"
#include "reconcile/ApplyOrder.h"
#include "reconcile/ClusterReader.h"
#include "reconcile/DesiredObjects.h"
#include "reconcile/InventoryLookup.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QThread>

#include <algorithm>
#include <map>
#include <set>

namespace syncline::reconcile {

namespace {

// How long a CRD applied by the sync may take to be served (Established) on the server.
constexpr qint64 kKindsServedTimeoutMs = 30'000;

QString resourceVersionOf(const nlohmann::json& object) {
    const auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    const auto version = metadata->find("resourceVersion");
    return version != metadata->end() && version->is_string() ? QString::fromStdString(version->get<std::string>()) : QString();
}

QString currentUser() {
    QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("syncline") : user;
}

// Argo CD's own way of starting a sync (SetAppOperation): refused while the Application has
// an operation (one at a time); the operation set on the version read (a conflict if the
// controller wrote meanwhile) with the last operation's state cleared, and a refresh so it
// compares again.
util::Result<nlohmann::json> argoSyncPatch(kube::KubeClient& client, const manifest::ResourceKey& key,
                                           const git::ObjectId& revision, const util::CancellationToken& cancel) {
    auto application = client.get(key, cancel);
    if (!application)
        return util::Unexpected(application.error());
    if (const auto operation = application->find("operation"); operation != application->end() && !operation->is_null()) {
        auto status = kube::readArgoApplication(*application);
        const QString running = status && status->operation ? QStringLiteral(" (%1)").arg(status->operation->phase) : QString();
        return util::fail(util::ErrorCode::Conflict,
                          QStringLiteral("another operation is already in progress%1: wait for Argo CD to finish it, or "
                                         "terminate it there")
                              .arg(running),
                          key.toString());
    }
    nlohmann::json patch = kube::argoRefreshRequest();
    patch.merge_patch(kube::argoSyncRequest({.revision = revision.toHex()}));
    if (const QString version = health::fields::string(*application, {"metadata", "resourceVersion"}); !version.isEmpty())
        patch["metadata"]["resourceVersion"] = version.toStdString();
    patch["status"] = {{"operationState", nullptr}};
    return patch;
}

// The Flux source a Kustomization builds from (spec.sourceRef: GitRepository, OCIRepository
// or Bucket; its namespace defaults to the Kustomization's); nullopt for none or another kind.
std::optional<manifest::ResourceKey> fluxSourceOf(const nlohmann::json& kustomization) {
    namespace f = health::fields; // a missing or mistyped field reads as empty
    const QString kind = f::string(kustomization, {"spec", "sourceRef", "kind"});
    const QString name = f::string(kustomization, {"spec", "sourceRef", "name"});
    if (name.isEmpty() ||
        (kind != QLatin1String("GitRepository") && kind != QLatin1String("OCIRepository") && kind != QLatin1String("Bucket")))
        return std::nullopt;
    const QString space =
        f::string(kustomization, {"spec", "sourceRef", "namespace"}, f::string(kustomization, {"metadata", "namespace"}));
    return manifest::ResourceKey{QStringLiteral("source.toolkit.fluxcd.io"), kind, space, name};
}

// One merge patch of a Sync in agent mode, recorded as the object's result.
bool patchAgentObject(kube::KubeClient& client, const manifest::ResourceKey& key, const util::Result<nlohmann::json>& patch,
                      SyncResult& result, const util::CancellationToken& cancel) {
    const util::Result<nlohmann::json> patched = patch ? client.mergePatch(key, *patch, cancel) : util::fail(patch.error());
    ObjectResult object{key, patched ? ObjectOutcome::Applied : ObjectOutcome::Failed, std::nullopt};
    if (!patched) {
        object.error = patched.error();
        result.error = patched.error();
    }
    result.objects.push_back(object);
    return bool(patched);
}

// Flux builds from what its source fetched last: a Sync asks the source to fetch first (a
// new commit is deployed now, not at the source's next interval), then the Kustomization —
// what `flux reconcile kustomization --with-source` does.
bool requestFluxReconcile(kube::KubeClient& client, const manifest::ResourceKey& key, SyncResult& result,
                          const util::CancellationToken& cancel) {
    auto kustomization = client.get(key, cancel);
    if (!kustomization)
        return patchAgentObject(client, key, util::fail(kustomization.error()), result, cancel);
    const nlohmann::json request = kube::fluxReconcileRequest(QDateTime::currentDateTimeUtc());
    if (const auto source = fluxSourceOf(*kustomization); source && !patchAgentObject(client, *source, request, result, cancel))
        return false;
    return patchAgentObject(client, key, request, result, cancel);
}

SyncResult requestAgentReconcile(kube::KubeClient& client, const workspace::Environment& environment, SyncResult result,
                                 const util::CancellationToken& cancel) {
    const manifest::ResourceKey key = ClusterReader::agentKey(environment);
    const bool patched = environment.mode == workspace::Mode::ArgoCD
                             ? patchAgentObject(client, key, argoSyncPatch(client, key, result.revision, cancel), result, cancel)
                             : requestFluxReconcile(client, key, result, cancel);
    // The agent records the deployed revision itself; the next cycle reads it.
    result.recordedDeployed = patched;
    return result;
}

// The environment's namespace must exist before its objects (and the inventory) can be
// dry-run or applied there. When Git does not declare it, create it, like Argo CD's
// CreateNamespace=true; it is not recorded as owned, so prune never deletes it.
util::Result<void> ensureNamespace(kube::KubeClient& client, const workspace::Environment& environment,
                                   const std::vector<manifest::ManifestObject>& objects, const util::CancellationToken& cancel) {
    const QString name = DesiredObjects::namespaceFor(environment);
    for (const auto& object : objects) {
        if (object.key.group.isEmpty() && object.key.kind == QLatin1String("Namespace") && object.key.name == name)
            return {};
    }
    const manifest::ResourceKey key{QString(), QStringLiteral("Namespace"), QString(), name};
    auto existing = client.get(key, cancel);
    if (existing)
        return {};
    if (existing.error().code != util::ErrorCode::NotFound)
        return util::fail(existing.error());
    nlohmann::json body = {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name.toStdString()}}}};
    auto created = client.apply(body, kube::ApplyOptions{}, cancel);
    if (!created)
        return util::fail(created.error());
    return {};
}

// One direct-mode sync: its objects, their slots in the result, and the passes over them
// (gitops-engine's sync context, without its god-object size).
class SyncPass {
public:
    SyncPass(kube::KubeClient& client, const workspace::Environment& environment, const SyncRequest& request,
             const SyncRunner::Progress& progress, const util::CancellationToken& cancel, const HookTiming& hookTiming,
             SyncResult result)
        : m_client(client), m_environment(environment), m_request(request), m_progress(progress), m_cancel(cancel),
          m_hooks(client, cancel, hookTiming), m_result(std::move(result)) {}

    // Discovery, the objects to apply (annotated), their namespace, their batches.
    bool prepare(const manifest::RenderResult& rendered);
    // Namespaces first, then a dry run of the rest, then PreSync hooks, the rest batch by
    // batch, Sync and PostSync hooks; SyncFail hooks when something failed.
    void applyAll();
    // SyncRequest::dryRun: the server's dry run of every object whose namespace exists, and
    // the hooks that would run; nothing is stored.
    void dryRunAll();
    // What the environment owns and, when everything applied, runs (pruning first when asked).
    void recordInventory();

    SyncResult take() { return std::move(m_result); }

private:
    bool runTasks(const ApplyBatch& batch, bool dryRun);
    bool prepareHooks(const manifest::RenderResult& rendered, const std::vector<kube::ApiResource>& served);
    void runHooks(manifest::HookPhase phase);
    bool existsOnCluster(const QString& namespaceName);
    void awaitPendingKinds();
    QString versionBefore(const manifest::ManifestObject& object);
    void fail(const util::Error& error) {
        if (!m_result.error)
            m_result.error = error;
    }
    void failCancelled() {
        fail(util::makeError(util::ErrorCode::Cancelled, QStringLiteral("sync cancelled"), m_environment.name));
    }
    std::set<manifest::ResourceKey> pruneOwned(const kube::Inventory& previous);
    void writeInventory(const kube::Inventory& next);

    kube::KubeClient& m_client;
    const workspace::Environment& m_environment;
    const SyncRequest& m_request;
    const SyncRunner::Progress& m_progress;
    const util::CancellationToken& m_cancel;
    HookRunner m_hooks;
    SyncResult m_result;

    PreparedObjects m_prepared;
    std::vector<manifest::ManifestObject> m_objects; // the ones to apply (only: the asked ones)
    std::vector<ApplyBatch> m_batches;
    std::map<manifest::ResourceKey, std::size_t> m_slotOf; // index in m_result.objects
    // The resourceVersion each object had before its apply ("" when it did not exist): the
    // dry run's answer where there was one (a dry run stores nothing, so the version is the
    // live one), else read. An apply that changed nothing keeps it: Unchanged.
    std::map<manifest::ResourceKey, QString> m_versionBefore;
    std::vector<manifest::ResourceKey> m_applied; // applied or unchanged: on the cluster as Git says
    int m_done = 0;
    // A dry run skips objects in these: the server would refuse them until they exist.
    std::set<QString> m_missingNamespaces;
};

bool SyncPass::prepare(const manifest::RenderResult& rendered) {
    auto served = m_client.discover(m_cancel);
    if (!served) {
        fail(served.error());
        return false;
    }
    m_prepared = DesiredObjects::prepare(rendered.objects, *served, m_environment);
    if (!prepareHooks(rendered, *served))
        return false;
    const std::set<manifest::ResourceKey> only(m_request.only.begin(), m_request.only.end());
    for (auto& object : m_prepared.objects) {
        if (!only.empty() && !only.count(object.key))
            continue;
        kube::annotateApplied(object.body, m_environment.name, m_result.revision.toHex());
        m_objects.push_back(std::move(object));
    }
    if (m_request.dryRun) {
        std::set<QString> namespaces;
        for (const auto& object : m_objects)
            if (!object.key.namespaceName.isEmpty())
                namespaces.insert(object.key.namespaceName);
        for (const QString& name : namespaces)
            if (!existsOnCluster(name))
                m_missingNamespaces.insert(name);
    } else if (auto created = ensureNamespace(m_client, m_environment, m_objects, m_cancel); !created) {
        fail(created.error());
        return false;
    }
    m_batches = ApplyOrder::batches(m_objects);
    for (const auto& batch : m_batches) {
        for (const auto* object : batch.objects) {
            m_slotOf[object->key] = m_result.objects.size();
            m_result.objects.push_back(ObjectResult{object->key, ObjectOutcome::Skipped, std::nullopt});
        }
    }
    return true;
}

// Hooks run only in a sync of everything (as in Argo CD, a selective sync runs none);
// their annotations are checked before anything is sent.
bool SyncPass::prepareHooks(const manifest::RenderResult& rendered, const std::vector<kube::ApiResource>& served) {
    if (!m_request.only.empty() || rendered.hooks.empty())
        return true;
    auto loaded = m_hooks.load(DesiredObjects::prepare(rendered.hooks, served, m_environment).objects);
    if (!loaded)
        fail(loaded.error());
    return bool(loaded);
}

void SyncPass::runHooks(manifest::HookPhase phase) {
    if (auto ran = m_hooks.run(phase, m_result.hooks); !ran)
        fail(ran.error());
}

bool SyncPass::existsOnCluster(const QString& namespaceName) {
    const manifest::ResourceKey key{QString(), QStringLiteral("Namespace"), QString(), namespaceName};
    auto live = m_client.get(key, m_cancel);
    return live || live.error().code != util::ErrorCode::NotFound;
}

QString SyncPass::versionBefore(const manifest::ManifestObject& object) {
    if (auto known = m_versionBefore.find(object.key); known != m_versionBefore.end())
        return known->second;
    auto live = m_client.get(object.key, m_cancel);
    return live ? resourceVersionOf(*live) : QString();
}

// The cluster cannot be reached (down, killed, network gone) or rejects who we are (an
// expired or revoked token): not something one object got wrong.
bool failsEveryRequest(const util::Error& error) {
    return error.code == util::ErrorCode::Network || error.code == util::ErrorCode::Timeout ||
           error.code == util::ErrorCode::Auth;
}

// One batch, as a dry run (records what each object's version is now; custom resources
// whose definition comes in this same sync cannot be dry-run yet) or for real (records
// each outcome and the progress). False when something in it failed or the sync was
// cancelled: the sync stops after it.
bool SyncPass::runTasks(const ApplyBatch& batch, bool dryRun) {
    const kube::ApplyOptions options{.force = m_request.force, .dryRun = dryRun};
    bool ok = true;
    bool definesKinds = false;
    for (const auto* object : batch.objects) {
        if (m_cancel.isCancelled())
            return false;
        const manifest::ResourceKey kind = DesiredObjects::kindKey(object->key);
        if (dryRun && (m_prepared.unservedKinds.count(kind) || m_prepared.pendingKinds.count(kind)))
            continue;
        auto& slot = m_result.objects[m_slotOf[object->key]];
        const QString before = dryRun ? QString() : versionBefore(*object);
        auto stored = m_client.apply(nlohmann::json(object->body), options, m_cancel);
        if (!stored) {
            ok = false;
            slot.outcome = ObjectOutcome::Failed;
            slot.error = stored.error();
            m_result.dryRunFailed = m_result.dryRunFailed || dryRun;
            fail(stored.error());
            // Every request after this one would fail the same way, each after its own
            // retries and back-off: the rest is left undone (Skipped) instead.
            if (failsEveryRequest(stored.error()))
                return false;
        } else if (dryRun) {
            m_versionBefore[object->key] = resourceVersionOf(*stored);
        } else {
            const bool unchanged = !before.isEmpty() && resourceVersionOf(*stored) == before;
            slot.outcome = unchanged ? ObjectOutcome::Unchanged : ObjectOutcome::Applied;
            m_applied.push_back(object->key);
            definesKinds = definesKinds || object->key.kind == QLatin1String("CustomResourceDefinition");
        }
        if (!dryRun && m_progress)
            m_progress(++m_done, int(m_objects.size()));
    }
    if (definesKinds)
        awaitPendingKinds(); // the custom resources that follow need their types
    return ok;
}

// A real API server serves a new kind once its CRD is Established, a moment after the
// apply (its names are checked first): until then the custom resource would be a 404.
// Discovery is read again until every kind defined in this sync is served, or the
// deadline passes and the apply says which kind is missing.
void SyncPass::awaitPendingKinds() {
    QDeadlineTimer deadline(kKindsServedTimeoutMs);
    int pauseMs = 50;
    while (!m_prepared.pendingKinds.empty() && !m_cancel.isCancelled()) {
        if (auto served = m_client.discover(m_cancel, true)) {
            for (const auto& resource : *served)
                m_prepared.pendingKinds.erase(manifest::ResourceKey{resource.group, resource.kind, {}, {}});
        }
        if (m_prepared.pendingKinds.empty() || deadline.hasExpired())
            return;
        QThread::msleep(std::min<qint64>(pauseMs, deadline.remainingTime()));
        pauseMs = std::min(pauseMs * 2, 1000);
    }
}

void SyncPass::applyAll() {
    auto isNamespaceBatch = [](const ApplyBatch& batch) {
        return std::all_of(batch.objects.begin(), batch.objects.end(), [](const manifest::ManifestObject* object) {
            return object->key.group.isEmpty() && object->key.kind == QLatin1String("Namespace");
        });
    };
    // Namespaces first, for real: nothing inside a namespace can even be dry-run before it
    // exists (a real API server answers 404 for the namespace).
    std::size_t first = 0;
    if (!m_batches.empty() && isNamespaceBatch(m_batches.front())) {
        first = 1;
        if (!runTasks(m_batches.front(), false))
            failCancelled(); // unless a failure already said why
    }
    // A dry run of the rest: a refusal anywhere applies nothing more.
    for (std::size_t b = first; b < m_batches.size() && !m_result.error; ++b) {
        if (!runTasks(m_batches[b], true))
            break;
    }
    if (!m_result.error)
        runHooks(manifest::HookPhase::PreSync); // a failure here: nothing more is applied
    for (std::size_t b = first; b < m_batches.size() && !m_result.error; ++b) {
        if (!runTasks(m_batches[b], false))
            break;
    }
    // Sync hooks run after every object applied (not between the waves): Syncline's
    // batches follow dependency order, so there is no shared wave axis, and a Sync hook
    // then sees everything it may test or announce.
    if (!m_result.error)
        runHooks(manifest::HookPhase::Sync);
    if (!m_result.error)
        runHooks(manifest::HookPhase::PostSync);
    if (m_cancel.isCancelled())
        failCancelled();
    else if (m_result.error)
        runHooks(manifest::HookPhase::SyncFail);
}

void SyncPass::dryRunAll() {
    m_result.dryRun = true;
    for (const auto& batch : m_batches) {
        ApplyBatch checked{batch.wave, {}};
        for (const auto* object : batch.objects) {
            if (!m_missingNamespaces.count(object->key.namespaceName)) {
                checked.objects.push_back(object);
                continue;
            }
            // The server refuses anything in a namespace that does not exist yet.
            m_result.objects[m_slotOf[object->key]].error =
                util::makeError(util::ErrorCode::NotFound,
                                QStringLiteral("not checked: its namespace does not exist yet (a sync creates it first)"),
                                object->key.namespaceName);
        }
        runTasks(checked, true);
    }
    for (auto phase :
         {manifest::HookPhase::PreSync, manifest::HookPhase::Sync, manifest::HookPhase::PostSync, manifest::HookPhase::SyncFail})
        m_hooks.list(phase, m_result.hooks);
    if (m_cancel.isCancelled())
        failCancelled();
}

// Prune owned objects no longer desired (only when asked); returns what stays owned.
std::set<manifest::ResourceKey> SyncPass::pruneOwned(const kube::Inventory& previous) {
    std::set<manifest::ResourceKey> keys;
    for (const auto& object : m_objects)
        keys.insert(object.key);
    for (const auto& owned : previous.resources) {
        if (keys.count(owned))
            continue;
        if (!m_request.prune) {
            keys.insert(owned); // still ours until pruned
            continue;
        }
        auto removed = m_client.remove(owned, kube::DeleteOptions{}, util::CancellationToken{});
        ObjectResult pruned{owned, ObjectOutcome::Pruned, std::nullopt};
        if (!removed && removed.error().code != util::ErrorCode::NotFound) {
            pruned.outcome = ObjectOutcome::Failed;
            pruned.error = removed.error();
            keys.insert(owned);
            fail(removed.error());
        }
        m_result.objects.push_back(pruned);
    }
    return keys;
}

void SyncPass::recordInventory() {
    // Stopped because the cluster refused the credentials: reading and writing the
    // inventory would be refused too (and would ask an exec plugin once more for a token
    // the cluster has just refused). The applied objects are recorded by the next Sync.
    if (m_result.error && m_result.error->code == util::ErrorCode::Auth)
        return;
    std::set<manifest::ResourceKey> desired;
    for (const auto& object : m_prepared.objects)
        desired.insert(object.key);
    kube::Inventory previous;
    previous.environment = m_environment.name;
    if (auto existing = InventoryLookup::read(m_client, m_environment, desired, util::CancellationToken{}); existing && *existing)
        previous = **existing;
    const bool complete = !m_result.error && m_request.only.empty();
    kube::Inventory next = previous;
    // (An inventory always names a fully deployed revision; the keys are what is owned.)
    std::set<manifest::ResourceKey> keys(previous.resources.begin(), previous.resources.end());
    if (complete) {
        keys = pruneOwned(previous);
        if (!m_result.error) {
            const QString revision = m_result.revision.toHex();
            if (!previous.revision.isEmpty() && previous.revision != revision)
                next.previousRevision = previous.revision; // re-syncing the same revision keeps the older one
            next.revision = revision;
            next.deployedAt = QDateTime::currentDateTimeUtc();
            next.deployedBy = currentUser();
        }
    } else {
        keys.insert(m_applied.begin(), m_applied.end());
    }
    next.resources.assign(keys.begin(), keys.end());
    if (m_applied.empty() && !complete)
        return; // nothing changed on the cluster: leave the inventory alone
    if (next.revision.isEmpty())
        return; // a first sync that did not complete: no revision to record yet
    writeInventory(next);
    m_result.recordedDeployed = complete && !m_result.error;
}

// Written even after a cancel: the objects that did apply are owned now.
void SyncPass::writeInventory(const kube::Inventory& next) {
    auto configMap = kube::toConfigMap(next, kube::inventoryNamespace(m_environment.defaultNamespace));
    if (!configMap) {
        fail(configMap.error());
        return;
    }
    auto written = m_client.apply(*configMap, kube::ApplyOptions{.force = true}, util::CancellationToken{});
    if (!written)
        fail(written.error());
}

} // namespace

SyncResult SyncRunner::run(kube::KubeClient& client, const workspace::Environment& environment,
                           const manifest::RenderResult& rendered, const git::ObjectId& revision, const SyncRequest& request,
                           const Progress& progress, const util::CancellationToken& cancel, const HookTiming& hookTiming) {
    SyncResult result;
    result.environment = environment.name;
    result.cluster = client.clusterName();
    result.revision = revision;
    if (!rendered.ok()) {
        result.error = rendered.errors.front();
        return result;
    }
    if (environment.mode != workspace::Mode::Direct && request.dryRun) {
        result.dryRun = true;
        result.error = util::makeError(util::ErrorCode::Unsupported,
                                       QStringLiteral("a dry run checks direct-mode environments; this one is synced by its "
                                                      "agent (Argo CD or Flux)"),
                                       environment.name);
        return result;
    }
    if (environment.mode != workspace::Mode::Direct)
        return requestAgentReconcile(client, environment, std::move(result), cancel);
    SyncPass pass(client, environment, request, progress, cancel, hookTiming, std::move(result));
    if (!pass.prepare(rendered))
        return pass.take();
    if (request.dryRun) {
        pass.dryRunAll();
        return pass.take();
    }
    pass.applyAll();
    pass.recordInventory();
    return pass.take();
}

} // namespace syncline::reconcile
