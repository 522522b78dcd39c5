#include "manifest/Hooks.h"

#include <QStringList>

#include <algorithm>
#include <iterator>
#include <optional>

namespace syncline::manifest {

namespace {

constexpr const char* kArgoHook = "argocd.argoproj.io/hook";
constexpr const char* kHelmHook = "helm.sh/hook";
constexpr const char* kArgoWave = "argocd.argoproj.io/sync-wave";
constexpr const char* kHelmWeight = "helm.sh/hook-weight";
constexpr const char* kArgoDeletePolicy = "argocd.argoproj.io/hook-delete-policy";
constexpr const char* kHelmDeletePolicy = "helm.sh/hook-delete-policy";

QString annotation(const nlohmann::ordered_json& object, const char* name) {
    auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    auto annotations = metadata->find("annotations");
    if (annotations == metadata->end() || !annotations->is_object())
        return {};
    auto value = annotations->find(name);
    return value != annotations->end() && value->is_string() ? QString::fromStdString(value->get<std::string>()).trimmed()
                                                             : QString();
}

// A value from the repository, shortened for a message (annotations can be long).
QString quoted(const QString& value) {
    constexpr qsizetype kShown = 60;
    return QLatin1Char('"') + (value.size() > kShown ? value.left(kShown) + QStringLiteral("…") : value) + QLatin1Char('"');
}

QStringList items(const QString& list) {
    QStringList result;
    for (const QString& item : list.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (!item.trimmed().isEmpty())
            result << item.trimmed();
    return result;
}

util::Unexpected invalid(const ManifestObject& hook, const QString& message) {
    const QString where =
        hook.source.file.isEmpty() ? hook.key.toString() : hook.source.toString() + QStringLiteral(": ") + hook.key.toString();
    return util::fail(util::ErrorCode::Invalid, message, where);
}

void addPhase(HookSpec& spec, HookPhase phase) {
    if (!spec.runsIn(phase))
        spec.phases.push_back(phase);
}

// Argo CD's own phases; the delete hooks run when an application is deleted, not on sync.
util::Result<void> readArgoPhases(const ManifestObject& hook, const QString& value, HookSpec& spec) {
    for (const QString& name : items(value)) {
        if (name == QLatin1String("PreSync"))
            addPhase(spec, HookPhase::PreSync);
        else if (name == QLatin1String("Sync"))
            addPhase(spec, HookPhase::Sync);
        else if (name == QLatin1String("PostSync"))
            addPhase(spec, HookPhase::PostSync);
        else if (name == QLatin1String("SyncFail"))
            addPhase(spec, HookPhase::SyncFail);
        else if (name != QLatin1String("Skip") && name != QLatin1String("PreDelete") && name != QLatin1String("PostDelete"))
            return invalid(hook, QStringLiteral("unknown hook phase %1 in %2 (PreSync, Sync, PostSync, SyncFail or Skip)")
                                     .arg(quoted(name), QLatin1String(kArgoHook)));
    }
    return {};
}

// Helm's hooks as Argo CD maps them: install and upgrade hooks around the sync; the
// others (delete, rollback, test) are not run by a sync.
util::Result<void> readHelmPhases(const ManifestObject& hook, const QString& value, HookSpec& spec) {
    static const QStringList kNotOnSync = {QStringLiteral("pre-delete"),   QStringLiteral("post-delete"),
                                           QStringLiteral("pre-rollback"), QStringLiteral("post-rollback"),
                                           QStringLiteral("test"),         QStringLiteral("test-success"),
                                           QStringLiteral("test-failure"), QStringLiteral("crd-install")};
    for (const QString& name : items(value)) {
        if (name == QLatin1String("pre-install") || name == QLatin1String("pre-upgrade"))
            addPhase(spec, HookPhase::PreSync);
        else if (name == QLatin1String("post-install") || name == QLatin1String("post-upgrade"))
            addPhase(spec, HookPhase::PostSync);
        else if (!kNotOnSync.contains(name))
            return invalid(hook, QStringLiteral("unknown Helm hook %1 in %2").arg(quoted(name), QLatin1String(kHelmHook)));
    }
    return {};
}

util::Result<void> readDeletePolicies(const ManifestObject& hook, HookSpec& spec) {
    const char* annotationName = kArgoDeletePolicy;
    QString value = annotation(hook.body, kArgoDeletePolicy);
    if (value.isEmpty()) {
        annotationName = kHelmDeletePolicy;
        value = annotation(hook.body, kHelmDeletePolicy);
    }
    const QStringList policies = items(value);
    for (const QString& policy : policies) {
        if (policy == QLatin1String("BeforeHookCreation") || policy == QLatin1String("before-hook-creation"))
            spec.deleteBeforeCreation = true;
        else if (policy == QLatin1String("HookSucceeded") || policy == QLatin1String("hook-succeeded"))
            spec.deleteOnSuccess = true;
        else if (policy == QLatin1String("HookFailed") || policy == QLatin1String("hook-failed"))
            spec.deleteOnFailure = true;
        else
            return invalid(hook, QStringLiteral("unknown delete policy %1 in %2 (BeforeHookCreation, HookSucceeded or "
                                                "HookFailed)")
                                     .arg(quoted(policy), QLatin1String(annotationName)));
    }
    if (policies.isEmpty())
        spec.deleteBeforeCreation = true; // Argo CD's default
    return {};
}

util::Result<void> readWave(const ManifestObject& hook, HookSpec& spec) {
    const char* annotationName = kArgoWave;
    QString value = annotation(hook.body, kArgoWave);
    if (value.isEmpty()) {
        annotationName = kHelmWeight;
        value = annotation(hook.body, kHelmWeight);
    }
    if (value.isEmpty())
        return {};
    bool ok = false;
    spec.wave = value.toInt(&ok);
    if (!ok)
        return invalid(hook, QStringLiteral("%1 is %2, not an integer").arg(QLatin1String(annotationName), quoted(value)));
    return {};
}

} // namespace

bool isHook(const nlohmann::ordered_json& object) {
    return object.is_object() && (!annotation(object, kArgoHook).isEmpty() || !annotation(object, kHelmHook).isEmpty());
}

QString hookPhases(const nlohmann::ordered_json& object) {
    if (QString argo = annotation(object, kArgoHook); !argo.isEmpty())
        return argo;
    return annotation(object, kHelmHook) + QStringLiteral(" (helm)");
}

void separateHooks(RenderResult& result) {
    auto firstHook = std::stable_partition(result.objects.begin(), result.objects.end(),
                                           [](const ManifestObject& object) { return !isHook(object.body); });
    result.hooks.insert(result.hooks.end(), std::make_move_iterator(firstHook), std::make_move_iterator(result.objects.end()));
    result.objects.erase(firstHook, result.objects.end());
}

QString hookPhaseName(HookPhase phase) {
    switch (phase) {
    case HookPhase::PreSync:
        return QStringLiteral("PreSync");
    case HookPhase::Sync:
        return QStringLiteral("Sync");
    case HookPhase::PostSync:
        return QStringLiteral("PostSync");
    case HookPhase::SyncFail:
        break;
    }
    return QStringLiteral("SyncFail");
}

bool HookSpec::runsIn(HookPhase phase) const { return std::find(phases.begin(), phases.end(), phase) != phases.end(); }

util::Result<HookSpec> hookSpec(const ManifestObject& hook) {
    HookSpec spec;
    // Argo CD's own annotation wins over Helm's when an object has both.
    const QString argo = annotation(hook.body, kArgoHook);
    auto phases =
        argo.isEmpty() ? readHelmPhases(hook, annotation(hook.body, kHelmHook), spec) : readArgoPhases(hook, argo, spec);
    if (!phases)
        return util::fail(phases.error());
    if (auto wave = readWave(hook, spec); !wave)
        return util::fail(wave.error());
    if (auto policies = readDeletePolicies(hook, spec); !policies)
        return util::fail(policies.error());
    return spec;
}

} // namespace syncline::manifest
