#pragma once

#include "manifest/ResourceKey.h"
#include "util/Result.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>
#include <vector>

namespace syncline::kube {

// Annotations Syncline puts on every object it applies in direct mode, so a live object
// tells which environment owns it and which commit it came from.
inline constexpr char kEnvironmentAnnotation[] = "syncline.io/environment";
inline constexpr char kRevisionAnnotation[] = "syncline.io/revision";
// Labels of the inventory ConfigMap (list them with
// "app.kubernetes.io/managed-by=syncline,app.kubernetes.io/component=inventory").
inline constexpr char kManagedByLabel[] = "app.kubernetes.io/managed-by";
inline constexpr char kManagedByValue[] = "syncline";
inline constexpr char kComponentLabel[] = "app.kubernetes.io/component";
inline constexpr char kComponentValue[] = "inventory";
inline constexpr char kEnvironmentLabel[] = "syncline.io/environment";

// The direct-mode record of what an environment owns and runs, kept on the cluster as
// one ConfigMap per environment:
//
//   apiVersion: v1
//   kind: ConfigMap
//   metadata:
//     name: syncline-inventory-<env>
//     namespace: <the environment's default namespace, or "default">
//     labels: {app.kubernetes.io/managed-by: syncline, app.kubernetes.io/component: inventory,
//              syncline.io/environment: <env>}
//   data:
//     format: "1"
//     environment: <env>
//     revision: <full commit id>
//     deployedAt: 2026-11-28T02:40:00Z      (ISO 8601, UTC)
//     deployedBy: Jane Doe <jane@example.com>
//     previousRevision: <full commit id>     (optional: what ran before `revision`)
//     resources: |                           (one ResourceKey a line, sorted, no duplicates)
//       Namespace shop-prod
//       Service shop-prod/api
//       apps/Deployment shop-prod/api
//
// Where it lives: the environment's default namespace (Syncline applies that namespace
// first, so it exists; no cluster-wide rights or extra namespace are needed; the name
// carries the environment, so environments sharing a namespace do not collide). An
// environment without a default namespace uses "default". The line form is
// ResourceKey::toString ("[group/]Kind [namespace/]name"): stable, readable in
// `kubectl get -o yaml`, and a deploy that adds one object changes one line.
struct Inventory {
    QString environment; // a DNS label: lowercase letters, digits, '-', at most 63 characters
    QString revision;    // the deployed commit: 40 (SHA-1) or 64 (SHA-256) lowercase hex digits
    QDateTime deployedAt;
    QString deployedBy; // "Name <email>" of whoever synced
    // The revision deployed before `revision` (Sync pane: "Roll back to the previously
    // deployed revision"); empty on the first deploy. Data key "previousRevision", optional.
    QString previousRevision;
    std::vector<manifest::ResourceKey> resources;

    bool operator==(const Inventory&) const = default;
};

// "syncline-inventory-<env>".
QString inventoryName(const QString& environment);
// The namespace the inventory of an environment lives in (see above).
QString inventoryNamespace(const QString& environmentDefaultNamespace);
// The key to get/apply the inventory with.
manifest::ResourceKey inventoryKey(const QString& environment, const QString& environmentDefaultNamespace);

// The ConfigMap to apply. Resources are written sorted and deduplicated. Errors
// (InvalidArgument): an environment that is not a DNS label, a revision that is not a full
// commit id, an invalid time, a key with an empty kind or name or with whitespace or '/'
// where the line form cannot carry it, or a list larger than a ConfigMap holds (1 MiB).
util::Result<nlohmann::json> toConfigMap(const Inventory& inventory, const QString& namespaceName);

// Reads an inventory ConfigMap back. Errors (Corrupt) name the object and what is wrong:
// not a ConfigMap, a missing or malformed field, a resource line that does not parse
// (with its line number), a format written by a newer Syncline. Resources come back
// sorted and deduplicated.
util::Result<Inventory> fromConfigMap(const nlohmann::json& configMap);

// One inventory line, and back ("apps/Deployment shop/api"); nullopt when malformed.
QString inventoryLine(const manifest::ResourceKey& key);
std::optional<manifest::ResourceKey> parseInventoryLine(QStringView line);

// Sets metadata.annotations[syncline.io/environment] and [syncline.io/revision] on a
// desired object before it is applied (creating metadata/annotations as needed; leaves a
// value that is not an object alone).
void annotateApplied(nlohmann::json& object, const QString& environment, const QString& revision);
void annotateApplied(nlohmann::ordered_json& object, const QString& environment, const QString& revision);

// What a live object says about who applied it; empty when not annotated.
QString appliedEnvironment(const nlohmann::json& liveObject);
QString appliedRevision(const nlohmann::json& liveObject);

} // namespace syncline::kube
