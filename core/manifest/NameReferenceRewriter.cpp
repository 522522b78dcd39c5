#include "manifest/NameReferenceRewriter.h"

#include "manifest/FieldTransformers.h"
#include "manifest/JsonFields.h"

#include <QString>

#include <array>
#include <string_view>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

struct Reference {
    std::string_view kind;     // referenced kind
    std::string_view referrer; // referring kind ("" with a pod spec path: every workload)
    std::string_view path;
};

// Paths relative to a pod spec.
constexpr std::array<Reference, 19> kPodSpecReferences{{
    {"ConfigMap", "", "volumes/configMap/name"},
    {"ConfigMap", "", "containers/env/valueFrom/configMapKeyRef/name"},
    {"ConfigMap", "", "initContainers/env/valueFrom/configMapKeyRef/name"},
    {"ConfigMap", "", "containers/envFrom/configMapRef/name"},
    {"ConfigMap", "", "initContainers/envFrom/configMapRef/name"},
    {"ConfigMap", "", "volumes/projected/sources/configMap/name"},
    {"Secret", "", "volumes/secret/secretName"},
    {"Secret", "", "containers/env/valueFrom/secretKeyRef/name"},
    {"Secret", "", "initContainers/env/valueFrom/secretKeyRef/name"},
    {"Secret", "", "containers/envFrom/secretRef/name"},
    {"Secret", "", "initContainers/envFrom/secretRef/name"},
    {"Secret", "", "imagePullSecrets/name"},
    {"Secret", "", "volumes/projected/sources/secret/name"},
    {"ServiceAccount", "", "serviceAccountName"},
    {"PersistentVolumeClaim", "", "volumes/persistentVolumeClaim/claimName"},
    {"PriorityClass", "", "priorityClassName"},
    {"ConfigMap", "", "ephemeralContainers/env/valueFrom/configMapKeyRef/name"},
    {"Secret", "", "ephemeralContainers/env/valueFrom/secretKeyRef/name"},
    {"ConfigMap", "", "ephemeralContainers/envFrom/configMapRef/name"},
}};

constexpr std::array<Reference, 12> kOtherReferences{{
    {"Secret", "Ingress", "spec/tls/secretName"},
    {"Secret", "ServiceAccount", "imagePullSecrets/name"},
    {"Service", "StatefulSet", "spec/serviceName"},
    {"Service", "Ingress", "spec/rules/http/paths/backend/service/name"},
    {"Service", "Ingress", "spec/defaultBackend/service/name"},
    {"StorageClass", "PersistentVolume", "spec/storageClassName"},
    {"StorageClass", "PersistentVolumeClaim", "spec/storageClassName"},
    {"StorageClass", "StatefulSet", "spec/volumeClaimTemplates/spec/storageClassName"},
    {"IngressClass", "Ingress", "spec/ingressClassName"},
    {"PersistentVolume", "PersistentVolumeClaim", "spec/volumeName"},
    {"Role", "RoleBinding", "roleRef/name"},
    {"ClusterRole", "", "roleRef/name"},
}};

std::string_view podSpecOf(const std::string& kind) {
    if (kind == "Pod")
        return "spec";
    if (kind == "PodTemplate")
        return "template/spec";
    if (kind == "CronJob")
        return "spec/jobTemplate/spec/template/spec";
    if (kind == "Deployment" || kind == "ReplicaSet" || kind == "DaemonSet" || kind == "StatefulSet" || kind == "Job" ||
        kind == "ReplicationController")
        return "spec/template/spec";
    return {};
}

bool clusterScopedKind(std::string_view kind) {
    return kind == "ClusterRole" || kind == "StorageClass" || kind == "PriorityClass" || kind == "IngressClass" ||
           kind == "PersistentVolume";
}

} // namespace

const KustomizeResource* NameReferenceRewriter::referral(const KustomizeResource& referrer, const std::string& kind,
                                                         const std::string& name, const std::string& namespaceName) const {
    std::vector<const KustomizeResource*> candidates;
    auto ofKind = m_byKind.find(kind);
    if (ofKind == m_byKind.end())
        return nullptr;
    for (const KustomizeResource* pointer : ofKind->second) {
        const KustomizeResource& candidate = *pointer;
        if (!candidate.hadName(name))
            continue;
        if (!clusterScopedKind(kind) && candidate.namespaceName() != namespaceName)
            continue;
        candidates.push_back(&candidate);
    }
    if (candidates.size() > 1) {
        std::vector<const KustomizeResource*> sameAffixes;
        for (const KustomizeResource* candidate : candidates) {
            if (candidate->prefixes == referrer.prefixes && candidate->suffixes == referrer.suffixes)
                sameAffixes.push_back(candidate);
        }
        candidates = std::move(sameAffixes);
    }
    if (candidates.size() > 1) {
        m_errors.push_back(util::makeError(util::ErrorCode::Conflict,
                                           QStringLiteral("%1 %2 could mean several renamed objects; reference left unchanged")
                                               .arg(QString::fromStdString(kind), QString::fromStdString(name)),
                                           referrer.source.toString()));
        return nullptr;
    }
    return candidates.empty() ? nullptr : candidates.front();
}

void NameReferenceRewriter::rewritePath(KustomizeResource& referrer, Json& node, std::string_view path, const std::string& kind) {
    if (node.is_array()) {
        for (Json& item : node)
            rewritePath(referrer, item, path, kind);
        return;
    }
    if (!node.is_object())
        return;
    const auto slash = path.find('/');
    const std::string key(path.substr(0, slash));
    auto it = node.find(key);
    if (it == node.end())
        return;
    if (slash != std::string_view::npos)
        return rewritePath(referrer, *it, path.substr(slash + 1), kind);
    if (!it->is_string())
        return;
    if (key == "name" && node.contains("kind") && node.contains("apiGroup")) {
        // roleRef: only the kind it names.
        if (stringField(node, "kind") != kind)
            return;
    }
    if (const KustomizeResource* target = referral(referrer, kind, it->get<std::string>(), referrer.namespaceName()))
        *it = target->name();
}

void NameReferenceRewriter::rewriteSubjects(KustomizeResource& referrer) {
    auto subjects = referrer.body.find("subjects");
    if (subjects == referrer.body.end() || !subjects->is_array())
        return;
    const bool namespaced = referrer.kind() == "RoleBinding";
    for (Json& subject : *subjects) {
        if (!subject.is_object() || stringField(subject, "kind") != "ServiceAccount")
            continue;
        const std::string name = stringField(subject, "name");
        std::string ns = stringField(subject, "namespace");
        if (ns.empty())
            ns = referrer.namespaceName();
        const KustomizeResource* target = nullptr;
        auto accounts = m_byKind.find("ServiceAccount");
        if (accounts == m_byKind.end())
            continue;
        for (const KustomizeResource* pointer : accounts->second) {
            const KustomizeResource& candidate = *pointer;
            if (candidate.name() != name && !candidate.hadName(name))
                continue;
            bool sameNamespace = candidate.namespaceName() == ns;
            if (!sameNamespace && namespaced && candidate.namespaceName() == referrer.namespaceName()) {
                for (const std::string& previous : candidate.previousNamespaces)
                    sameNamespace = sameNamespace || previous == ns;
            }
            if (sameNamespace) {
                target = &candidate;
                break;
            }
        }
        if (!target)
            continue;
        subject["name"] = target->name();
        if (!target->namespaceName().empty())
            subject["namespace"] = target->namespaceName();
    }
}

std::vector<util::Error> NameReferenceRewriter::run() {
    for (const KustomizeResource& resource : m_resources)
        m_byKind[resource.kind()].push_back(&resource);
    for (KustomizeResource& referrer : m_resources) {
        const std::string kind = referrer.kind();
        if (const std::string_view podSpec = podSpecOf(kind); !podSpec.empty()) {
            for (const Reference& reference : kPodSpecReferences) {
                const std::string path = std::string(podSpec) + "/" + std::string(reference.path);
                rewritePath(referrer, referrer.body, path, std::string(reference.kind));
            }
        }
        for (const Reference& reference : kOtherReferences) {
            if (reference.referrer.empty() ? (kind == "RoleBinding" || kind == "ClusterRoleBinding") : reference.referrer == kind)
                rewritePath(referrer, referrer.body, reference.path, std::string(reference.kind));
        }
        if (kind == "HorizontalPodAutoscaler") {
            auto spec = referrer.body.find("spec");
            if (spec != referrer.body.end() && spec->is_object()) {
                auto target = spec->find("scaleTargetRef");
                if (target != spec->end() && target->is_object() && target->contains("kind"))
                    rewritePath(referrer, *target, "name", stringField(*target, "kind"));
            }
        }
        if (kind == "RoleBinding" || kind == "ClusterRoleBinding")
            rewriteSubjects(referrer);
    }
    return std::move(m_errors);
}

} // namespace syncline::manifest
