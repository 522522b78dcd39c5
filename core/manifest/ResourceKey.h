#pragma once

#include <QHash>
#include <QString>

#include <functional>
#include <nlohmann/json.hpp>
#include <tuple>

namespace syncline::manifest {

// The identity that pairs a desired object with its live counterpart:
// {group, kind, namespace, name}. The API version is not part of it (apps/v1 and
// apps/v1beta1 Deployments are the same object).
struct ResourceKey {
    QString group; // "" for the core group, "apps", "networking.k8s.io", ...
    QString kind;
    QString namespaceName; // empty for cluster-scoped objects (or not yet defaulted)
    QString name;

    // Reads apiVersion/kind/metadata.namespace/metadata.name; missing fields stay empty.
    static ResourceKey of(const nlohmann::ordered_json& object);
    static ResourceKey of(const nlohmann::json& object);

    // kubectl's way of naming an object: "Deployment.apps/api -n shop-dev" is awkward in
    // tables, so: "apps/Deployment shop-dev/api" (core group: "Service shop-dev/api").
    QString toString() const;

    // Explicit, not `<=> = default`: QString has no three-way comparison in Qt 6.4.
    bool operator==(const ResourceKey& other) const {
        return group == other.group && kind == other.kind && namespaceName == other.namespaceName && name == other.name;
    }
    bool operator<(const ResourceKey& other) const {
        return std::tie(group, kind, namespaceName, name) < std::tie(other.group, other.kind, other.namespaceName, other.name);
    }
};

} // namespace syncline::manifest

template <> struct std::hash<syncline::manifest::ResourceKey> {
    std::size_t operator()(const syncline::manifest::ResourceKey& key) const noexcept {
        return qHash(key.group) ^ (qHash(key.kind) * 31) ^ (qHash(key.namespaceName) * 131) ^ (qHash(key.name) * 1031);
    }
};
