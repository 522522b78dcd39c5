#include "SnapshotText.h"

#include "kube/ApiStatus.h"
#include "reconcile/SyncResultText.h"

namespace syncline::app {

QString SnapshotText::reachabilityName(reconcile::ClusterReachability reachability) {
    switch (reachability) {
    case reconcile::ClusterReachability::Reachable:
        return QStringLiteral("reachable");
    case reconcile::ClusterReachability::Unauthorized:
        return QStringLiteral("unauthorized");
    case reconcile::ClusterReachability::Unreachable:
        return QStringLiteral("unreachable");
    case reconcile::ClusterReachability::NotConfigured:
        return QStringLiteral("not configured");
    case reconcile::ClusterReachability::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString SnapshotText::credentialsAdvice(const reconcile::EnvironmentSnapshot& snapshot) {
    if (!snapshot.error || !kube::refusedCredentials(*snapshot.error))
        return {};
    const QString cluster = snapshot.cluster.name.isEmpty() ? snapshot.cluster.server : snapshot.cluster.name;
    return QStringLiteral("cluster %1 refused the credentials (401): its token expired or was revoked. Log in again or put "
                          "a new token in the kubeconfig, or enter one in the window (the card's Token… button; the "
                          "keychain it is kept in is read here too), then run this again.")
        .arg(cluster);
}

QString SnapshotText::deployedText(const reconcile::EnvironmentSnapshot& snapshot) {
    if (!snapshot.deployed)
        return QStringLiteral("-");
    QString text = snapshot.deployed->commit.shortHex();
    if (!snapshot.deployed->summary.isEmpty())
        text += QLatin1Char(' ') + snapshot.deployed->summary;
    return text;
}

nlohmann::json SnapshotText::toJson(const reconcile::EnvironmentSnapshot& snapshot, bool withResources) {
    nlohmann::json out = {
        {"environment", snapshot.environment.toStdString()},
        {"cluster", snapshot.cluster.name.toStdString()},
        {"server", snapshot.cluster.server.toStdString()},
        {"reachability", reachabilityName(snapshot.cluster.reachability).toStdString()},
        {"insecure", snapshot.cluster.insecure},
        {"sync", health::syncStatusName(snapshot.sync).toStdString()},
        {"health", health::healthName(snapshot.health.health).toStdString()},
        {"healthMessage", snapshot.health.message.toStdString()},
        {"branch", snapshot.branch.toStdString()},
        {"target", snapshot.targetRevision.toHex().toStdString()},
        {"commitsBehind", snapshot.commitsBehind},
        {"stale", snapshot.stale},
    };
    if (snapshot.deployed) {
        out["deployed"] = {{"commit", snapshot.deployed->commit.toHex().toStdString()},
                           {"summary", snapshot.deployed->summary.toStdString()},
                           {"since", snapshot.deployed->since.toString(Qt::ISODate).toStdString()},
                           {"user", snapshot.deployed->user.toStdString()}};
        if (snapshot.deployed->previous)
            out["deployed"]["previous"] = snapshot.deployed->previous->toHex().toStdString();
    }
    if (snapshot.error)
        out["error"] = snapshot.error->toString().toStdString();
    out["warnings"] = nlohmann::json::array();
    for (const QString& warning : snapshot.warnings)
        out["warnings"].push_back(warning.toStdString());
    nlohmann::json counts = nlohmann::json::object();
    for (auto state :
         {diff::ResourceState::Same, diff::ResourceState::Modified, diff::ResourceState::Missing, diff::ResourceState::Extra})
        counts[diff::stateName(state).toStdString()] = snapshot.count(state);
    out["counts"] = counts;
    if (withResources) {
        nlohmann::json resources = nlohmann::json::array();
        for (const auto& resource : snapshot.resources) {
            resources.push_back({{"key", resource.diff.key.toString().toStdString()},
                                 {"state", diff::stateName(resource.diff.state).toStdString()},
                                 {"health", health::healthName(resource.health.health).toStdString()},
                                 {"owned", resource.owned},
                                 {"diff", resource.diff.unifiedDiff.toStdString()}});
        }
        out["resources"] = resources;
    }
    return out;
}

nlohmann::json SnapshotText::toJson(const reconcile::SyncResult& result) {
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& object : result.objects) {
        nlohmann::json entry = {{"key", object.key.toString().toStdString()},
                                {"outcome", reconcile::SyncResultText::outcomeName(object.outcome).toStdString()}};
        if (object.error)
            entry["error"] = object.error->toString().toStdString();
        objects.push_back(entry);
    }
    nlohmann::json hooks = nlohmann::json::array();
    for (const auto& hook : result.hooks)
        hooks.push_back({{"phase", manifest::hookPhaseName(hook.phase).toStdString()},
                         {"key", hook.key.toString().toStdString()},
                         {"outcome", reconcile::SyncResultText::hookOutcomeName(hook.outcome).toStdString()},
                         {"message", hook.message.toStdString()}});
    nlohmann::json out = {{"environment", result.environment.toStdString()},
                          {"revision", result.revision.toHex().toStdString()},
                          {"succeeded", result.succeeded()},
                          {"dryRun", result.dryRun},
                          {"dryRunFailed", result.dryRunFailed},
                          {"recordedDeployed", result.recordedDeployed},
                          {"objects", objects},
                          {"hooks", hooks}};
    if (result.error)
        out["error"] = result.error->toString().toStdString();
    return out;
}

} // namespace syncline::app
