#include "kube/AgentStatus.h"

#include "health/HealthAssessor.h"
#include "health/StatusFields.h"

namespace syncline::kube {

namespace f = health::fields;
using health::SyncStatus;
using manifest::ResourceKey;

namespace {

QDateTime timeAt(const nlohmann::json& object, f::Path path) {
    const QString text = f::string(object, path);
    if (text.isEmpty())
        return {};
    QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

// Argo CD's history ids are numbers; keep them as text like Flux digests.
QString idAt(const nlohmann::json& entry, const char* name) {
    const nlohmann::json* value = f::find(entry, {name});
    if (!value)
        return {};
    if (value->is_number_integer())
        return QString::number(value->get<qint64>());
    return value->is_string() ? QString::fromStdString(value->get<std::string>()) : QString();
}

bool isKind(const nlohmann::json& object, const char* groupSuffix, const char* kind) {
    return f::kind(object) == QLatin1String(kind) && f::group(object) == QLatin1String(groupSuffix);
}

util::Unexpected notA(const char* what, const nlohmann::json& object) {
    const QString found =
        object.is_object() ? f::string(object, {"apiVersion"}) + QLatin1Char(' ') + f::kind(object) : QStringLiteral("no object");
    return util::fail(util::ErrorCode::InvalidArgument,
                      QStringLiteral("expected %1, found %2").arg(QLatin1String(what), found.trimmed()),
                      ResourceKey::of(object).toString().trimmed());
}

std::vector<AgentDeployment> argoHistory(const nlohmann::json& application) {
    std::vector<AgentDeployment> history;
    const nlohmann::json* entries = f::find(application, {"status", "history"});
    if (!entries || !entries->is_array())
        return history;
    for (const auto& entry : *entries) {
        AgentDeployment deployment{idAt(entry, "id"), f::string(entry, {"revision"}), timeAt(entry, {"deployedAt"}), {}};
        // Multi-source applications record one revision per source.
        if (deployment.revision.isEmpty()) {
            if (const nlohmann::json* revisions = f::find(entry, {"revisions"});
                revisions && revisions->is_array() && !revisions->empty() && revisions->front().is_string())
                deployment.revision = QString::fromStdString(revisions->front().get<std::string>());
        }
        history.push_back(std::move(deployment));
    }
    // Argo CD appends; newest first reads better and matches Flux.
    std::reverse(history.begin(), history.end());
    return history;
}

std::vector<ResourceKey> argoResources(const nlohmann::json& application) {
    std::vector<ResourceKey> keys;
    const nlohmann::json* resources = f::find(application, {"status", "resources"});
    if (!resources || !resources->is_array())
        return keys;
    for (const auto& entry : *resources) {
        ResourceKey key{f::string(entry, {"group"}), f::string(entry, {"kind"}), f::string(entry, {"namespace"}),
                        f::string(entry, {"name"})};
        if (!key.kind.isEmpty() && !key.name.isEmpty())
            keys.push_back(std::move(key));
    }
    return keys;
}

// status.sync.revision is the revision Argo CD last compared against: the cluster runs it
// only when Synced. Otherwise (a newer commit, a sync running or failed) the cluster runs
// the last successful deploy, the newest history entry — nothing known without one.
QString argoRunningRevision(const nlohmann::json& application, SyncStatus sync, const std::vector<AgentDeployment>& history) {
    if (sync != SyncStatus::Synced)
        return history.empty() ? QString() : history.front().revision;
    QString revision = f::string(application, {"status", "sync", "revision"});
    if (revision.isEmpty()) {
        if (const nlohmann::json* revisions = f::find(application, {"status", "sync", "revisions"});
            revisions && revisions->is_array() && !revisions->empty() && revisions->front().is_string())
            revision = QString::fromStdString(revisions->front().get<std::string>());
    }
    return revision;
}

// The first error Argo CD reports in status.conditions (ComparisonError, SyncError, …).
QString argoConditionError(const nlohmann::json& application) {
    const nlohmann::json* conditions = f::find(application, {"status", "conditions"});
    if (!conditions || !conditions->is_array())
        return {};
    for (const auto& condition : *conditions) {
        const QString type = f::string(condition, {"type"});
        if (type.endsWith(QLatin1String("Error")))
            return type + QStringLiteral(": ") + f::string(condition, {"message"});
    }
    return {};
}

std::vector<AgentDeployment> fluxHistory(const nlohmann::json& kustomization) {
    std::vector<AgentDeployment> history;
    const nlohmann::json* entries = f::find(kustomization, {"status", "history"});
    if (!entries || !entries->is_array())
        return history;
    for (const auto& entry : *entries) {
        history.push_back(AgentDeployment{f::string(entry, {"digest"}),
                                          revisionFromFlux(f::string(entry, {"metadata", "revision"})),
                                          timeAt(entry, {"lastReconciled"}), f::string(entry, {"lastReconciledStatus"})});
    }
    return history; // Flux keeps the newest first
}

std::vector<ResourceKey> fluxInventory(const nlohmann::json& kustomization) {
    std::vector<ResourceKey> keys;
    const nlohmann::json* entries = f::find(kustomization, {"status", "inventory", "entries"});
    if (!entries || !entries->is_array())
        return keys;
    for (const auto& entry : *entries) {
        if (auto key = parseFluxInventoryId(f::string(entry, {"id"})))
            keys.push_back(std::move(*key));
    }
    return keys;
}

} // namespace

QString revisionFromFlux(const QString& fluxRevision) {
    for (const QLatin1String algorithm : {QLatin1String("sha1:"), QLatin1String("sha256:")}) {
        const auto at = fluxRevision.lastIndexOf(algorithm);
        if (at >= 0)
            return fluxRevision.mid(at + algorithm.size());
    }
    const auto slash = fluxRevision.lastIndexOf(QLatin1Char('/'));
    return slash >= 0 ? fluxRevision.mid(slash + 1) : fluxRevision;
}

std::optional<ResourceKey> parseFluxInventoryId(QStringView id) {
    // <namespace>_<name>_<group>_<kind>: namespace up to the first '_', kind after the
    // last, group before that; what remains is the name ("__" standing for ':').
    const auto first = id.indexOf(QLatin1Char('_'));
    if (first < 0)
        return std::nullopt;
    QStringView rest = id.mid(first + 1);
    const auto last = rest.lastIndexOf(QLatin1Char('_'));
    if (last < 0)
        return std::nullopt;
    ResourceKey key;
    key.namespaceName = id.left(first).toString();
    key.kind = rest.mid(last + 1).toString();
    rest = rest.left(last);
    const auto groupAt = rest.lastIndexOf(QLatin1Char('_'));
    if (groupAt < 0)
        return std::nullopt;
    key.group = rest.mid(groupAt + 1).toString();
    key.name = rest.left(groupAt).toString().replace(QStringLiteral("__"), QStringLiteral(":"));
    if (key.kind.isEmpty() || key.name.isEmpty() || key.name.contains(QLatin1Char('_')))
        return std::nullopt;
    return key;
}

util::Result<AgentStatus> readArgoApplication(const nlohmann::json& application) {
    if (!application.is_object() || !isKind(application, "argoproj.io", "Application"))
        return notA("an Argo CD Application (argoproj.io)", application);
    try {
        AgentStatus status;
        status.agent = Agent::ArgoCD;
        status.object = ResourceKey::of(application);
        status.sync = health::syncStatusFromName(f::string(application, {"status", "sync", "status"}));
        status.sourceReference = f::string(application, {"spec", "source", "targetRevision"}, QStringLiteral("HEAD"));
        status.health = health::assessHealth(application);
        status.reconciledAt = timeAt(application, {"status", "reconciledAt"});
        status.history = argoHistory(application);
        status.revision = argoRunningRevision(application, status.sync, status.history);
        status.resources = argoResources(application);

        if (const nlohmann::json* state = f::find(application, {"status", "operationState"}); state && state->is_object()) {
            AgentOperation operation;
            operation.phase = f::string(*state, {"phase"});
            operation.message = f::string(*state, {"message"});
            operation.revision = f::string(*state, {"syncResult", "revision"});
            if (operation.revision.isEmpty())
                operation.revision = f::string(*state, {"operation", "sync", "revision"});
            operation.startedAt = timeAt(*state, {"startedAt"});
            operation.finishedAt = timeAt(*state, {"finishedAt"});
            status.attemptedRevision = operation.revision;
            status.operation = std::move(operation);
        }

        if (status.operation && status.operation->failed() && !status.operation->message.isEmpty())
            status.message = status.operation->message;
        else if (const QString error = argoConditionError(application); !error.isEmpty())
            status.message = error;
        else
            status.message = status.health.message;
        return status;
    } catch (const std::exception& error) {
        return util::fail(util::ErrorCode::Corrupt, QString::fromUtf8(error.what()), ResourceKey::of(application).toString());
    }
}

util::Result<AgentStatus> readFluxKustomization(const nlohmann::json& kustomization) {
    if (!kustomization.is_object() || !isKind(kustomization, "kustomize.toolkit.fluxcd.io", "Kustomization"))
        return notA("a Flux Kustomization (kustomize.toolkit.fluxcd.io)", kustomization);
    try {
        AgentStatus status;
        status.agent = Agent::Flux;
        status.object = ResourceKey::of(kustomization);
        status.sourceReference = f::string(kustomization, {"status", "lastAppliedRevision"});
        status.revision = revisionFromFlux(status.sourceReference);
        status.attemptedRevision = revisionFromFlux(f::string(kustomization, {"status", "lastAttemptedRevision"}));
        status.health = health::assessHealth(kustomization);
        status.history = fluxHistory(kustomization);
        status.resources = fluxInventory(kustomization);

        const std::optional<f::Condition> ready = f::condition(kustomization, "Ready");
        if (ready) {
            if (const nlohmann::json* conditions = f::find(kustomization, {"status", "conditions"})) {
                for (const auto& entry : *conditions) {
                    if (f::string(entry, {"type"}) == QLatin1String("Ready"))
                        status.reconciledAt = timeAt(entry, {"lastTransitionTime"});
                }
            }
        }
        const bool attemptApplied = status.attemptedRevision.isEmpty() || status.attemptedRevision == status.revision;
        if (ready && ready->isFalse())
            status.sync = SyncStatus::OutOfSync;
        else if (!attemptApplied)
            status.sync = ready && ready->isTrue() ? SyncStatus::OutOfSync : SyncStatus::Unknown;
        else if (ready && ready->isTrue() && !status.revision.isEmpty())
            status.sync = SyncStatus::Synced;
        else
            status.sync = SyncStatus::Unknown;

        if (ready && ready->isFalse())
            status.message = f::reasonAndMessage(ready->reason, ready->message);
        else
            status.message = status.health.message;
        return status;
    } catch (const std::exception& error) {
        return util::fail(util::ErrorCode::Corrupt, QString::fromUtf8(error.what()), ResourceKey::of(kustomization).toString());
    }
}

util::Result<AgentStatus> readAgentStatus(const nlohmann::json& object) {
    if (object.is_object() && f::group(object) == QLatin1String("argoproj.io"))
        return readArgoApplication(object);
    if (object.is_object() && f::group(object) == QLatin1String("kustomize.toolkit.fluxcd.io"))
        return readFluxKustomization(object);
    return notA("an Argo CD Application or a Flux Kustomization", object);
}

nlohmann::json fluxReconcileRequest(const QDateTime& now) {
    return {{"metadata",
             {{"annotations", {{"reconcile.fluxcd.io/requestedAt", now.toUTC().toString(Qt::ISODateWithMs).toStdString()}}}}}};
}

nlohmann::json argoRefreshRequest(ArgoRefresh mode) {
    return {{"metadata", {{"annotations", {{"argocd.argoproj.io/refresh", mode == ArgoRefresh::Hard ? "hard" : "normal"}}}}}};
}

nlohmann::json argoSyncRequest(const ArgoSyncOptions& options) {
    nlohmann::json sync = nlohmann::json::object();
    if (!options.revision.isEmpty())
        sync["revision"] = options.revision.toStdString();
    if (options.prune)
        sync["prune"] = true;
    return {{"operation", {{"initiatedBy", {{"username", options.username.toStdString()}}}, {"sync", sync}}}};
}

} // namespace syncline::kube
