#include "reconcile/ApplyOrder.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

namespace syncline::reconcile {

namespace {

// Helm's install order (pkg/releaseutil/kind_sorter.go), which Argo CD follows too.
constexpr std::array<const char*, 36> kKindOrder = {
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
};

std::optional<int> parseWave(const nlohmann::ordered_json& annotations, const char* name) {
    auto it = annotations.find(name);
    if (it == annotations.end() || !it->is_string())
        return std::nullopt;
    bool ok = false;
    const int wave = QString::fromStdString(it->get<std::string>()).trimmed().toInt(&ok);
    return ok ? std::optional<int>(wave) : std::nullopt;
}

} // namespace

int ApplyOrder::kindRank(const QString& kind) {
    const QByteArray latin = kind.toLatin1();
    for (std::size_t i = 0; i < kKindOrder.size(); ++i) {
        if (latin == kKindOrder[i])
            return static_cast<int>(i);
    }
    return static_cast<int>(kKindOrder.size()); // unknown kinds (custom resources) last
}

int ApplyOrder::waveOf(const manifest::ManifestObject& object) {
    const auto metadata = object.body.find("metadata");
    if (metadata == object.body.end() || !metadata->is_object())
        return 0;
    const auto annotations = metadata->find("annotations");
    if (annotations == metadata->end() || !annotations->is_object())
        return 0;
    if (auto wave = parseWave(*annotations, "syncline.io/sync-wave"))
        return *wave;
    return parseWave(*annotations, "argocd.argoproj.io/sync-wave").value_or(0);
}

std::vector<ApplyBatch> ApplyOrder::batches(const std::vector<manifest::ManifestObject>& objects) {
    ApplyBatch namespaces;
    ApplyBatch definitions;
    std::map<int, ApplyBatch> waves;
    for (const auto& object : objects) {
        if (object.key.group.isEmpty() && object.key.kind == QLatin1String("Namespace")) {
            namespaces.objects.push_back(&object);
        } else if (object.key.group == QLatin1String("apiextensions.k8s.io") &&
                   object.key.kind == QLatin1String("CustomResourceDefinition")) {
            definitions.objects.push_back(&object);
        } else {
            const int wave = waveOf(object);
            auto& batch = waves[wave];
            batch.wave = wave;
            batch.objects.push_back(&object);
        }
    }
    auto byKindThenName = [](const manifest::ManifestObject* a, const manifest::ManifestObject* b) {
        const int rankA = kindRank(a->key.kind);
        const int rankB = kindRank(b->key.kind);
        if (rankA != rankB)
            return rankA < rankB;
        return a->key < b->key;
    };
    std::vector<ApplyBatch> result;
    for (ApplyBatch* batch : {&namespaces, &definitions}) {
        if (batch->objects.empty())
            continue;
        std::sort(batch->objects.begin(), batch->objects.end(), byKindThenName);
        batch->wave = waves.empty() ? 0 : std::min(0, waves.begin()->first);
        result.push_back(std::move(*batch));
    }
    for (auto& [wave, batch] : waves) {
        std::sort(batch.objects.begin(), batch.objects.end(), byKindThenName);
        result.push_back(std::move(batch));
    }
    return result;
}

} // namespace syncline::reconcile
