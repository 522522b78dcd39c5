#include "reconcile/ClusterReader.h"

#include "kube/AgentStatus.h"
#include "kube/Inventory.h"
#include "reconcile/DesiredObjects.h"
#include "reconcile/InventoryLookup.h"

#include <map>

namespace syncline::reconcile {

namespace {

struct KindInNamespace {
    QString group;
    QString kind;
    QString namespaceName;
    bool operator<(const KindInNamespace& other) const {
        return std::tie(group, kind, namespaceName) < std::tie(other.group, other.kind, other.namespaceName);
    }
};

manifest::ManifestObject liveObject(nlohmann::ordered_json body) {
    manifest::ManifestObject object;
    object.key = manifest::ResourceKey::of(body);
    object.body = std::move(body);
    return object;
}

// Reads the objects of `keys` into `live`; NotFound means "not on the cluster".
std::optional<util::Error> readLive(kube::KubeClient& client, const std::set<manifest::ResourceKey>& keys,
                                    const std::set<manifest::ResourceKey>& unserved, std::vector<manifest::ManifestObject>& live,
                                    const util::CancellationToken& cancel) {
    std::map<KindInNamespace, std::vector<const manifest::ResourceKey*>> groups;
    for (const auto& key : keys) {
        if (unserved.count(DesiredObjects::kindKey(key)))
            continue; // the server has no such kind: nothing of it can be live
        groups[{key.group, key.kind, key.namespaceName}].push_back(&key);
    }
    for (const auto& [where, wanted] : groups) {
        if (cancel.isCancelled())
            return util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
        if (wanted.size() >= 2) {
            kube::ListOptions options;
            options.namespaceName = where.namespaceName;
            auto listed = client.listOrdered(where.group, where.kind, options, cancel);
            if (!listed) {
                if (listed.error().code == util::ErrorCode::NotFound)
                    continue; // the kind went away between discovery and now
                return listed.error();
            }
            for (auto& body : *listed) {
                manifest::ManifestObject object = liveObject(std::move(body));
                if (keys.count(object.key))
                    live.push_back(std::move(object));
            }
            continue;
        }
        auto fetched = client.get(*wanted.front(), cancel);
        if (fetched) {
            live.push_back(liveObject(nlohmann::ordered_json(*fetched)));
        } else if (fetched.error().code != util::ErrorCode::NotFound) {
            return fetched.error();
        }
    }
    return std::nullopt;
}

void readInventory(kube::KubeClient& client, const workspace::Environment& environment, ClusterObservation& observation,
                   const util::CancellationToken& cancel) {
    std::set<manifest::ResourceKey> desired;
    for (const auto& object : observation.desired)
        desired.insert(object.key);
    auto inventory = InventoryLookup::read(client, environment, desired, cancel);
    if (!inventory) {
        if (inventory.error().code == util::ErrorCode::Corrupt)
            observation.warnings.push_back(inventory.error().toString());
        else
            observation.error = inventory.error();
        return;
    }
    if (!*inventory)
        return; // never synced by Syncline: nothing owned, nothing deployed
    observation.owned.insert((*inventory)->resources.begin(), (*inventory)->resources.end());
    if (auto commit = git::ObjectId::fromHex((*inventory)->revision))
        observation.deployedCommit = *commit;
    observation.deployedAt = (*inventory)->deployedAt;
    observation.deployedBy = (*inventory)->deployedBy;
    if (auto previous = git::ObjectId::fromHex((*inventory)->previousRevision))
        observation.previousCommit = *previous;
}

void readAgent(kube::KubeClient& client, const workspace::Environment& environment, ClusterObservation& observation,
               const util::CancellationToken& cancel) {
    const bool argo = environment.mode == workspace::Mode::ArgoCD;
    auto object = client.get(ClusterReader::agentKey(environment), cancel);
    if (!object) {
        observation.error = object.error();
        return;
    }
    auto status = argo ? kube::readArgoApplication(*object) : kube::readFluxKustomization(*object);
    if (!status) {
        observation.error = status.error();
        return;
    }
    observation.agentSync = status->sync;
    observation.agentHealth = status->health;
    if (auto commit = git::ObjectId::fromHex(status->revision))
        observation.deployedCommit = *commit;
    if (!status->history.empty())
        observation.deployedAt = status->history.front().deployedAt;
    // Argo CD keeps a deploy history (newest first); Flux records only the current revision.
    for (const auto& deployment : status->history) {
        if (deployment.revision == status->revision)
            continue;
        if (auto previous = git::ObjectId::fromHex(deployment.revision))
            observation.previousCommit = *previous;
        break;
    }
    for (const auto& owned : status->resources)
        observation.owned.insert(owned);
}

} // namespace

manifest::ResourceKey ClusterReader::agentKey(const workspace::Environment& environment) {
    if (environment.mode == workspace::Mode::ArgoCD)
        return {QStringLiteral("argoproj.io"), QStringLiteral("Application"), environment.argocd.appNamespace,
                environment.argocd.application};
    return {QStringLiteral("kustomize.toolkit.fluxcd.io"), QStringLiteral("Kustomization"),
            environment.flux.kustomizationNamespace, environment.flux.kustomization};
}

ClusterReachability ClusterReader::reachabilityOf(const util::Error& error) {
    switch (error.code) {
    case util::ErrorCode::Auth:
    case util::ErrorCode::Forbidden:
        return ClusterReachability::Unauthorized;
    case util::ErrorCode::Network:
    case util::ErrorCode::Timeout:
    case util::ErrorCode::Server:
        return ClusterReachability::Unreachable;
    default:
        return ClusterReachability::Reachable;
    }
}

ClusterObservation ClusterReader::unconfigured(const workspace::Environment& environment, const util::Error& error) {
    ClusterObservation observation;
    observation.cluster.name = environment.cluster.context;
    observation.cluster.insecure = environment.cluster.insecure;
    observation.cluster.reachability = ClusterReachability::NotConfigured;
    observation.error = error;
    return observation;
}

ClusterObservation ClusterReader::observe(kube::KubeClient& client, const workspace::Environment& environment,
                                          const std::vector<manifest::ManifestObject>& rendered,
                                          const util::CancellationToken& cancel) {
    ClusterObservation observation;
    observation.cluster.name = client.clusterName();
    observation.cluster.server = client.serverUrl();
    observation.cluster.insecure = environment.cluster.insecure;
    auto served = client.discover(cancel);
    if (!served) {
        observation.cluster.reachability = reachabilityOf(served.error());
        observation.error = served.error();
        return observation;
    }
    observation.cluster.reachability = ClusterReachability::Reachable;
    PreparedObjects prepared = DesiredObjects::prepare(rendered, *served, environment);
    observation.desired = std::move(prepared.objects);
    observation.clusterScopedKinds = std::move(prepared.clusterScopedKinds);
    for (const auto& kind : prepared.unservedKinds)
        observation.warnings.push_back(QStringLiteral("the cluster serves no %1 yet").arg(kind.toString()));
    observation.unservedKinds = prepared.unservedKinds;

    if (environment.mode == workspace::Mode::Direct)
        readInventory(client, environment, observation, cancel);
    else
        readAgent(client, environment, observation, cancel);
    if (observation.error) {
        observation.cluster.reachability = reachabilityOf(*observation.error);
        return observation;
    }

    std::set<manifest::ResourceKey> keys = observation.owned;
    for (const auto& object : observation.desired)
        keys.insert(object.key);
    if (auto error = readLive(client, keys, prepared.unservedKinds, observation.live, cancel)) {
        observation.cluster.reachability = reachabilityOf(*error);
        observation.error = *error;
    }
    return observation;
}

} // namespace syncline::reconcile
