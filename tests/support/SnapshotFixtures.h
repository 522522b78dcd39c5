#pragma once

// Fabricated reconcile snapshots for model and pane tests (no engine, no cluster).

#include "reconcile/EnvironmentSnapshot.h"
#include "workspace/WorkspaceConfig.h"

#include <QCryptographicHash>

#include <memory>
#include <nlohmann/json.hpp>

namespace syncline::test {

// A stable fake commit id: the SHA-1 of `seed`.
inline git::ObjectId fakeCommit(const QByteArray& seed) {
    const QByteArray raw = QCryptographicHash::hash(seed, QCryptographicHash::Sha1);
    return git::ObjectId::fromRaw(reinterpret_cast<const unsigned char*>(raw.constData()));
}

inline manifest::ResourceKey key(const QString& group, const QString& kind, const QString& ns, const QString& name) {
    return {group, kind, ns, name};
}

inline reconcile::ResourceStatus resource(manifest::ResourceKey k, diff::ResourceState state,
                                          health::Health health = health::Health::Healthy, bool owned = true,
                                          int desiredReplicas = 3, int liveReplicas = 2) {
    reconcile::ResourceStatus status;
    status.diff.key = k;
    status.diff.state = state;
    status.health = {health, health == health::Health::Healthy ? QString() : QStringLiteral("1 of 3 replicas available")};
    status.owned = owned;
    auto object = [&](int replicas) {
        nlohmann::ordered_json o;
        o["apiVersion"] = k.group.isEmpty() ? std::string("v1") : k.group.toStdString() + "/v1";
        o["kind"] = k.kind.toStdString();
        o["metadata"]["name"] = k.name.toStdString();
        o["metadata"]["namespace"] = k.namespaceName.toStdString();
        o["spec"]["replicas"] = replicas;
        return o;
    };
    if (state != diff::ResourceState::Extra && state != diff::ResourceState::Same)
        status.diff.left = object(desiredReplicas);
    if (state != diff::ResourceState::Missing && state != diff::ResourceState::Same)
        status.diff.right = object(liveReplicas);
    return status;
}

// A snapshot of `environment` with `resources` (sorted here, counts filled in).
inline std::shared_ptr<reconcile::EnvironmentSnapshot> snapshot(const QString& environment, quint64 sequence,
                                                                std::vector<reconcile::ResourceStatus> resources = {}) {
    auto snap = std::make_shared<reconcile::EnvironmentSnapshot>();
    snap->environment = environment;
    snap->sequence = sequence;
    snap->takenAt = QDateTime(QDate(2026, 11, 28), QTime(10, 50), Qt::UTC);
    snap->branch = QStringLiteral("main");
    snap->cluster.name = QStringLiteral("kind-") + environment;
    snap->cluster.server = QStringLiteral("https://127.0.0.1:6443");
    snap->cluster.reachability = reconcile::ClusterReachability::Reachable;
    std::sort(resources.begin(), resources.end(), [](const auto& a, const auto& b) { return a.diff.key < b.diff.key; });
    snap->resources = std::move(resources);
    bool outOfSync = false;
    snap->health = {health::Health::Healthy, {}};
    for (const auto& r : snap->resources) {
        ++snap->counts[std::size_t(r.diff.state)];
        outOfSync |= r.diff.state != diff::ResourceState::Same;
        if (health::isWorse(r.health.health, snap->health.health))
            snap->health = r.health;
    }
    snap->sync = outOfSync ? health::SyncStatus::OutOfSync : health::SyncStatus::Synced;
    return snap;
}

inline workspace::WorkspaceConfig threeEnvironments() {
    workspace::WorkspaceConfig config;
    for (const char* name : {"dev", "staging", "prod"}) {
        workspace::Environment env;
        env.name = QString::fromLatin1(name);
        env.path = QStringLiteral("overlays/") + env.name;
        env.renderer = workspace::RendererChoice::Kustomize;
        env.defaultNamespace = QStringLiteral("shop-") + env.name;
        env.cluster.context = QStringLiteral("kind-") + env.name;
        config.environments.push_back(env);
        config.promotionOrder << env.name;
    }
    return config;
}

} // namespace syncline::test
