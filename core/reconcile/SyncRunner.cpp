#include "reconcile/SyncRunner.h"

#include "kube/AgentStatus.h"
#include "kube/Inventory.h"
#include "reconcile/ApplyOrder.h"
#include "reconcile/ClusterReader.h"
#include "reconcile/DesiredObjects.h"

#include <QDateTime>

#include <algorithm>
#include <map>
#include <set>

namespace syncline::reconcile {

namespace {

QString resourceVersionOf(const nlohmann::json& object) {
    const auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    const auto version = metadata->find("resourceVersion");
    return version != metadata->end() && version->is_string() ? QString::fromStdString(version->get<std::string>())
                                                              : QString();
}

QString currentUser() {
    QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("syncline") : user;
}

SyncResult requestAgentReconcile(kube::KubeClient& client, const workspace::Environment& environment,
                                 SyncResult result, const util::CancellationToken& cancel) {
    const bool argo = environment.mode == workspace::Mode::ArgoCD;
    const manifest::ResourceKey key = ClusterReader::agentKey(environment);
    nlohmann::json patch;
    if (argo) {
        // A refresh makes Argo CD compare again; the operation deploys the revision.
        patch = kube::argoRefreshRequest();
        patch.merge_patch(kube::argoSyncRequest({.revision = result.revision.toHex()}));
    } else {
        patch = kube::fluxReconcileRequest(QDateTime::currentDateTimeUtc());
    }
    auto patched = client.mergePatch(key, patch, cancel);
    ObjectResult object{key, patched ? ObjectOutcome::Applied : ObjectOutcome::Failed, std::nullopt};
    if (!patched) {
        object.error = patched.error();
        result.error = patched.error();
    }
    result.objects.push_back(object);
    // The agent records the deployed revision itself; the next cycle reads it.
    result.recordedDeployed = bool(patched);
    return result;
}

// The environment's namespace must exist before its objects (and the inventory) can be
// dry-run or applied there. When Git does not declare it, create it, like Argo CD's
// CreateNamespace=true; it is not recorded as owned, so prune never deletes it.
util::Result<void> ensureNamespace(kube::KubeClient& client, const workspace::Environment& environment,
                                   const std::vector<manifest::ManifestObject>& objects,
                                   const util::CancellationToken& cancel) {
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

} // namespace

SyncResult SyncRunner::run(kube::KubeClient& client, const workspace::Environment& environment,
                           const manifest::RenderResult& rendered, const git::ObjectId& revision,
                           const SyncRequest& request, const Progress& progress,
                           const util::CancellationToken& cancel) {
    SyncResult result;
    result.environment = environment.name;
    result.revision = revision;
    if (!rendered.ok()) {
        result.error = rendered.errors.front();
        return result;
    }
    if (environment.mode != workspace::Mode::Direct)
        return requestAgentReconcile(client, environment, std::move(result), cancel);

    auto served = client.discover(cancel);
    if (!served) {
        result.error = served.error();
        return result;
    }
    PreparedObjects prepared = DesiredObjects::prepare(rendered.objects, *served, environment);
    const std::set<manifest::ResourceKey> only(request.only.begin(), request.only.end());
    std::vector<manifest::ManifestObject> objects;
    for (auto& object : prepared.objects) {
        if (!only.empty() && !only.count(object.key))
            continue;
        kube::annotateApplied(object.body, environment.name, revision.toHex());
        objects.push_back(std::move(object));
    }
    if (auto created = ensureNamespace(client, environment, objects, cancel); !created) {
        result.error = created.error();
        return result;
    }
    const auto batches = ApplyOrder::batches(objects);
    const int total = int(objects.size());
    std::map<manifest::ResourceKey, std::size_t> slotOf;
    for (const auto& batch : batches) {
        for (const auto* object : batch.objects) {
            slotOf[object->key] = result.objects.size();
            result.objects.push_back(ObjectResult{object->key, ObjectOutcome::Skipped, std::nullopt});
        }
    }
    auto jsonOf = [](const manifest::ManifestObject& object) { return nlohmann::json(object.body); };

    kube::ApplyOptions apply{.force = request.force, .dryRun = false};
    int done = 0;
    std::vector<manifest::ResourceKey> applied;
    // The resourceVersion each object had before its apply ("" when it did not exist): the
    // dry run's answer where there was one (a dry run stores nothing, so the version is the
    // live one), else read. An apply that changed nothing keeps it: Unchanged.
    std::map<manifest::ResourceKey, QString> versionBefore;
    auto liveVersion = [&](const manifest::ManifestObject& object) {
        if (auto known = versionBefore.find(object.key); known != versionBefore.end())
            return known->second;
        auto live = client.get(object.key, cancel);
        return live ? resourceVersionOf(*live) : QString();
    };
    // Applies one batch; false when something in it failed (the sync stops after it).
    auto applyBatch = [&](const ApplyBatch& batch) {
        bool definesKinds = false;
        bool ok = true;
        for (const auto* object : batch.objects) {
            if (cancel.isCancelled())
                return false;
            auto& slot = result.objects[slotOf[object->key]];
            const QString before = liveVersion(*object);
            auto stored = client.apply(jsonOf(*object), apply, cancel);
            if (stored) {
                const bool unchanged = !before.isEmpty() && resourceVersionOf(*stored) == before;
                slot.outcome = unchanged ? ObjectOutcome::Unchanged : ObjectOutcome::Applied;
                applied.push_back(object->key);
                definesKinds = definesKinds || object->key.kind == QLatin1String("CustomResourceDefinition");
            } else {
                ok = false;
                slot.outcome = ObjectOutcome::Failed;
                slot.error = stored.error();
                if (!result.error)
                    result.error = stored.error();
            }
            if (progress)
                progress(++done, total);
        }
        if (definesKinds)
            (void)client.discover(cancel, true); // the custom resources that follow need their types
        return ok;
    };
    auto isNamespaceBatch = [](const ApplyBatch& batch) {
        return std::all_of(batch.objects.begin(), batch.objects.end(), [](const manifest::ManifestObject* object) {
            return object->key.group.isEmpty() && object->key.kind == QLatin1String("Namespace");
        });
    };

    // 1. Namespaces first, for real: nothing inside a namespace can even be dry-run before
    //    it exists (a real API server answers 404 for the namespace).
    std::size_t firstBatch = 0;
    if (!batches.empty() && isNamespaceBatch(batches.front())) {
        firstBatch = 1;
        if (!applyBatch(batches.front()) && !result.error)
            result.error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("sync cancelled"), environment.name);
    }

    // 2. Server dry run of the rest: a refusal anywhere applies nothing more. Custom
    //    resources whose definition comes in this same sync cannot be dry-run yet.
    kube::ApplyOptions dryRun{.force = request.force, .dryRun = true};
    for (std::size_t b = firstBatch; b < batches.size() && !result.error; ++b) {
        for (const auto* object : batches[b].objects) {
            if (cancel.isCancelled())
                break;
            if (prepared.unservedKinds.count(DesiredObjects::kindKey(object->key)))
                continue;
            auto checked = client.apply(jsonOf(*object), dryRun, cancel);
            if (checked)
                versionBefore[object->key] = resourceVersionOf(*checked);
            if (!checked) {
                auto& slot = result.objects[slotOf[object->key]];
                slot.outcome = ObjectOutcome::Failed;
                slot.error = checked.error();
                result.dryRunFailed = true;
                if (!result.error)
                    result.error = checked.error();
            }
        }
    }

    // 3. Apply batch by batch.
    for (std::size_t b = firstBatch; b < batches.size() && !result.error && !cancel.isCancelled(); ++b) {
        if (!applyBatch(batches[b]))
            break;
    }
    if (cancel.isCancelled() && !result.error)
        result.error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("sync cancelled"), environment.name);

    // 4. The inventory: what the environment owns and, when everything applied, runs.
    const QString inventoryNamespace = kube::inventoryNamespace(environment.defaultNamespace);
    const manifest::ResourceKey inventoryKey = kube::inventoryKey(environment.name, environment.defaultNamespace);
    kube::Inventory previous;
    previous.environment = environment.name;
    if (auto existing = client.get(inventoryKey, util::CancellationToken{})) {
        if (auto parsed = kube::fromConfigMap(*existing))
            previous = *parsed;
    }
    const bool complete = !result.error && only.empty();
    kube::Inventory next = previous;
    std::set<manifest::ResourceKey> keys(previous.resources.begin(), previous.resources.end());
    // (An inventory always names a fully deployed revision; the keys are what is owned.)
    if (complete) {
        keys.clear();
        for (const auto& object : objects)
            keys.insert(object.key);
        // 5. Prune owned objects no longer desired (only when asked and everything applied).
        for (const auto& owned : previous.resources) {
            if (keys.count(owned))
                continue;
            if (!request.prune) {
                keys.insert(owned); // still ours until pruned
                continue;
            }
            auto removed = client.remove(owned, kube::DeleteOptions{}, util::CancellationToken{});
            ObjectResult pruned{owned, ObjectOutcome::Pruned, std::nullopt};
            if (!removed && removed.error().code != util::ErrorCode::NotFound) {
                pruned.outcome = ObjectOutcome::Failed;
                pruned.error = removed.error();
                keys.insert(owned);
                if (!result.error)
                    result.error = removed.error();
            }
            result.objects.push_back(pruned);
        }
        if (!result.error) {
            if (!previous.revision.isEmpty() && previous.revision != revision.toHex())
                next.previousRevision = previous.revision; // re-syncing the same revision keeps the older one
            next.revision = revision.toHex();
            next.deployedAt = QDateTime::currentDateTimeUtc();
            next.deployedBy = currentUser();
        }
    } else {
        keys.insert(applied.begin(), applied.end());
    }
    next.resources.assign(keys.begin(), keys.end());
    if (applied.empty() && !complete)
        return result; // nothing changed on the cluster: leave the inventory alone
    if (next.revision.isEmpty())
        return result; // a first sync that did not complete: no revision to record yet
    // Written even after a cancel: the objects that did apply are owned now.
    auto configMap = kube::toConfigMap(next, inventoryNamespace);
    if (!configMap) {
        if (!result.error)
            result.error = configMap.error();
        return result;
    }
    auto written = client.apply(*configMap, kube::ApplyOptions{.force = true}, util::CancellationToken{});
    if (!written) {
        if (!result.error)
            result.error = written.error();
        return result;
    }
    result.recordedDeployed = complete && !result.error;
    return result;
}

} // namespace syncline::reconcile
