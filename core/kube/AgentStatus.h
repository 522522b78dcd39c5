#pragma once

#include "health/Health.h"
#include "health/SyncStatus.h"
#include "manifest/ResourceKey.h"
#include "util/Result.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace syncline::kube {

// Which in-cluster agent applies an environment in the agent modes.
enum class Agent { ArgoCD, Flux };

// One past deployment as the agent records it, newest first.
struct AgentDeployment {
    QString id;       // Argo CD: the history id ("12"); Flux: the manifests' digest
    QString revision; // the commit deployed
    QDateTime deployedAt;
    QString result; // Flux: lastReconciledStatus ("ReconciliationSucceeded"); Argo CD: empty
};

// An Argo CD operation (status.operationState): a sync running or finished.
struct AgentOperation {
    QString phase; // Running | Succeeded | Failed | Error | Terminating
    QString message;
    QString revision;
    QDateTime startedAt;
    QDateTime finishedAt;

    bool isRunning() const { return phase == QLatin1String("Running") || phase == QLatin1String("Terminating"); }
    bool failed() const { return phase == QLatin1String("Failed") || phase == QLatin1String("Error"); }
};

// What an agent reports about one environment, read from an Argo CD Application or a Flux
// Kustomization (pure: the caller gets the object through KubeClient).
//   sync      Argo CD: status.sync.status. Flux has no sync status of its own: Synced when
//             Ready is True and the last attempted revision was applied; OutOfSync when
//             Ready is False or an attempted revision was not applied; Unknown while it
//             reconciles (Ready Unknown) or before it reports.
//   revision  the commit the cluster runs: Argo CD status.sync.revision when Synced, else
//             the newest status.history entry (sync.revision is only what Argo CD compared
//             against); Flux status.lastAppliedRevision ("main@sha1:<sha>" -> "<sha>").
//   health    Argo CD: status.health; Flux: Ready/Reconciling/Stalled, spec.suspend.
//   message   what a user should read first: a failed operation's or condition's
//             message, else the health message.
struct AgentStatus {
    Agent agent = Agent::ArgoCD;
    manifest::ResourceKey object; // the Application / Kustomization itself
    health::SyncStatus sync = health::SyncStatus::Unknown;
    QString revision;
    QString attemptedRevision; // Flux lastAttemptedRevision; Argo CD: the last operation's revision
    QString sourceReference;   // as the agent wrote it: "main@sha1:<sha>", or Argo CD's targetRevision
    health::HealthStatus health;
    QString message;
    QDateTime reconciledAt;               // Argo CD status.reconciledAt; Flux: the Ready condition's last transition
    std::vector<AgentDeployment> history; // newest first
    std::optional<AgentOperation> operation;
    std::vector<manifest::ResourceKey> resources; // Argo CD status.resources; Flux status.inventory
};

// Errors (InvalidArgument) when the object is not the kind asked for; missing status
// fields are not errors (a new object has no status yet): they read as Unknown/empty.
util::Result<AgentStatus> readArgoApplication(const nlohmann::json& application);
util::Result<AgentStatus> readFluxKustomization(const nlohmann::json& kustomization);
// Either of the two, by apiVersion/kind.
util::Result<AgentStatus> readAgentStatus(const nlohmann::json& object);

// "main@sha1:<sha>" -> "<sha>"; "sha1:<sha>" -> "<sha>"; legacy "main/<sha>" -> "<sha>";
// a bare id stays as is. (For OCI sources "v1@sha256:<digest>" gives the digest.)
QString revisionFromFlux(const QString& fluxRevision);
// A Flux / cli-utils inventory id "<namespace>_<name>_<group>_<kind>" ("__" in an RBAC
// name stands for ':'); nullopt when malformed.
std::optional<manifest::ResourceKey> parseFluxInventoryId(QStringView id);

// Reconcile requests: JSON merge patches to send with KubeClient::mergePatch to the
// AgentStatus::object key.
//
// Flux: metadata.annotations["reconcile.fluxcd.io/requestedAt"] = now (RFC 3339 with
// milliseconds, so two requests never carry the same value).
nlohmann::json fluxReconcileRequest(const QDateTime& now);

enum class ArgoRefresh { Normal, Hard };
// Argo CD: metadata.annotations["argocd.argoproj.io/refresh"] = "normal" | "hard" (hard
// also regenerates manifests, skipping the repo-server cache).
nlohmann::json argoRefreshRequest(ArgoRefresh mode = ArgoRefresh::Normal);

struct ArgoSyncOptions {
    QString revision; // empty: the Application's targetRevision
    bool prune = false;
    QString username = QStringLiteral("syncline"); // shown as "initiated by" in Argo CD
};
// Argo CD: an operation {sync: {revision, prune}, initiatedBy: {username}}. The caller
// must not send it while AgentStatus::operation is running (Argo CD refuses a second one).
nlohmann::json argoSyncRequest(const ArgoSyncOptions& options = {});

} // namespace syncline::kube
