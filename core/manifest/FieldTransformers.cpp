#include "manifest/FieldTransformers.h"

#include "manifest/JsonFields.h"
#include "manifest/StrategicMergePatch.h"

#include <array>
#include <functional>
#include <string_view>

namespace syncline::manifest::FieldTransformers {

namespace {

using Json = nlohmann::ordered_json;

struct FieldSpec {
    std::string_view group; // "*": any group
    std::string_view kind;  // "": any kind
    std::string_view path;
    bool create;
};

bool selects(const FieldSpec& spec, const KustomizeResource& resource) {
    if (!spec.kind.empty() && spec.kind != resource.kind())
        return false;
    return spec.group == "*" || spec.group == resource.group();
}

// Calls `leaf` with the node at `path` ("a/b/c", lists traversed element-wise); creates
// missing mappings when `create`.
void visit(Json& node, std::string_view path, bool create, const std::function<void(Json&)>& leaf) {
    if (node.is_array()) {
        for (Json& item : node)
            visit(item, path, create, leaf);
        return;
    }
    if (path.empty()) {
        leaf(node);
        return;
    }
    if (!node.is_object())
        return;
    const auto slash = path.find('/');
    const std::string key(path.substr(0, slash));
    const std::string_view rest = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
    auto it = node.find(key);
    if (it == node.end() || it->is_null()) {
        if (!create)
            return;
        node[key] = Json::object();
        it = node.find(key);
    }
    visit(*it, rest, create, leaf);
}

constexpr std::array<FieldSpec, 8> kTemplateMetadata{{
    {"", "ReplicationController", "spec/template/metadata", true},
    {"*", "Deployment", "spec/template/metadata", true},
    {"*", "ReplicaSet", "spec/template/metadata", true},
    {"*", "DaemonSet", "spec/template/metadata", true},
    {"apps", "StatefulSet", "spec/template/metadata", true},
    {"batch", "Job", "spec/template/metadata", true},
    {"batch", "CronJob", "spec/jobTemplate/metadata", true},
    {"batch", "CronJob", "spec/jobTemplate/spec/template/metadata", true},
}};

constexpr std::array<FieldSpec, 22> kSelectorLabels{{
    {"", "Service", "spec/selector", true},
    {"", "ReplicationController", "spec/selector", true},
    {"*", "Deployment", "spec/selector/matchLabels", true},
    {"apps", "Deployment",
     "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/"
     "matchLabels",
     false},
    {"apps", "Deployment",
     "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false},
    {"apps", "Deployment",
     "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/"
     "matchLabels",
     false},
    {"apps", "Deployment",
     "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
     false},
    {"apps", "Deployment", "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", false},
    {"*", "ReplicaSet", "spec/selector/matchLabels", true},
    {"*", "DaemonSet", "spec/selector/matchLabels", true},
    {"apps", "StatefulSet", "spec/selector/matchLabels", true},
    {"apps", "StatefulSet",
     "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/"
     "matchLabels",
     false},
    {"apps", "StatefulSet",
     "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false},
    {"apps", "StatefulSet",
     "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/"
     "matchLabels",
     false},
    {"apps", "StatefulSet",
     "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
     false},
    {"apps", "StatefulSet", "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels", false},
    {"batch", "Job", "spec/selector/matchLabels", false},
    {"batch", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false},
    {"policy", "PodDisruptionBudget", "spec/selector/matchLabels", false},
    {"networking.k8s.io", "NetworkPolicy", "spec/podSelector/matchLabels", false},
    {"networking.k8s.io", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false},
    {"networking.k8s.io", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false},
}};

void setPairs(Json& node, const StringPairs& pairs) {
    if (!node.is_object())
        node = Json::object();
    for (const auto& [key, value] : pairs)
        node[key] = value;
}

void applyToTemplates(KustomizeResource& resource, const char* field, const StringPairs& pairs) {
    for (const FieldSpec& spec : kTemplateMetadata) {
        if (!selects(spec, resource))
            continue;
        const std::string path = std::string(spec.path) + "/" + field;
        visit(resource.body, path, spec.create, [&](Json& node) { setPairs(node, pairs); });
    }
}

} // namespace

bool isClusterScoped(const KustomizeResource& resource) {
    static constexpr std::array<std::string_view, 28> kinds{"Namespace",
                                                            "Node",
                                                            "PersistentVolume",
                                                            "StorageClass",
                                                            "ClusterRole",
                                                            "ClusterRoleBinding",
                                                            "CustomResourceDefinition",
                                                            "APIService",
                                                            "MutatingWebhookConfiguration",
                                                            "ValidatingWebhookConfiguration",
                                                            "ValidatingAdmissionPolicy",
                                                            "ValidatingAdmissionPolicyBinding",
                                                            "PriorityClass",
                                                            "PriorityLevelConfiguration",
                                                            "FlowSchema",
                                                            "CSIDriver",
                                                            "CSINode",
                                                            "VolumeAttachment",
                                                            "IngressClass",
                                                            "RuntimeClass",
                                                            "PodSecurityPolicy",
                                                            "CertificateSigningRequest",
                                                            "ComponentStatus",
                                                            "TokenReview",
                                                            "SelfSubjectAccessReview",
                                                            "SubjectAccessReview",
                                                            "SelfSubjectRulesReview",
                                                            "ClusterTrustBundle"};
    const std::string kind = resource.kind();
    if (!StrategicMergePatch::isBuiltinKind(resource.apiVersion(), kind))
        return false;
    for (std::string_view k : kinds) {
        if (k == kind)
            return true;
    }
    return false;
}

void setNamespace(std::vector<KustomizeResource>& resources, const std::string& namespaceName) {
    if (namespaceName.empty())
        return;
    for (KustomizeResource& resource : resources) {
        const std::string kind = resource.kind();
        if (kind == "Namespace" && resource.group().empty()) {
            resource.setName(namespaceName);
            continue;
        }
        if ((kind == "RoleBinding" || kind == "ClusterRoleBinding") && resource.group() == "rbac.authorization.k8s.io") {
            auto subjects = resource.body.find("subjects");
            if (subjects != resource.body.end() && subjects->is_array()) {
                for (Json& subject : *subjects) {
                    if (subject.is_object() && stringField(subject, "name") == "default" &&
                        stringField(subject, "kind") == "ServiceAccount")
                        subject["namespace"] = namespaceName;
                }
            }
        }
        if (!isClusterScoped(resource))
            resource.setNamespace(namespaceName);
    }
}

void addPrefixSuffix(std::vector<KustomizeResource>& resources, const std::string& prefix, const std::string& suffix) {
    if (prefix.empty() && suffix.empty())
        return;
    for (KustomizeResource& resource : resources) {
        const std::string kind = resource.kind();
        if (kind == "CustomResourceDefinition" || kind == "Namespace" ||
            (kind == "APIService" && resource.group() == "apiregistration.k8s.io"))
            continue;
        if (!prefix.empty()) {
            resource.setName(prefix + resource.name());
            resource.prefixes.push_back(prefix);
        }
        if (!suffix.empty()) {
            resource.setName(resource.name() + suffix);
            resource.suffixes.push_back(suffix);
        }
    }
}

void addLabels(std::vector<KustomizeResource>& resources, const StringPairs& labels, bool selectors, bool templates) {
    if (labels.empty())
        return;
    for (KustomizeResource& resource : resources) {
        visit(resource.body, "metadata/labels", true, [&](Json& node) { setPairs(node, labels); });
        if (templates || selectors) {
            applyToTemplates(resource, "labels", labels);
            if (resource.kind() == "StatefulSet" && resource.group() == "apps")
                visit(resource.body, "spec/volumeClaimTemplates/metadata/labels", true,
                      [&](Json& node) { setPairs(node, labels); });
        }
        if (!selectors)
            continue;
        for (const FieldSpec& spec : kSelectorLabels) {
            if (selects(spec, resource))
                visit(resource.body, spec.path, spec.create, [&](Json& node) { setPairs(node, labels); });
        }
    }
}

void addAnnotations(std::vector<KustomizeResource>& resources, const StringPairs& annotations) {
    if (annotations.empty())
        return;
    for (KustomizeResource& resource : resources) {
        visit(resource.body, "metadata/annotations", true, [&](Json& node) { setPairs(node, annotations); });
        applyToTemplates(resource, "annotations", annotations);
    }
}

void setReplicas(std::vector<KustomizeResource>& resources, const KustomizeReplica& replica) {
    static constexpr std::array<std::string_view, 4> kinds{"Deployment", "ReplicationController", "ReplicaSet", "StatefulSet"};
    for (KustomizeResource& resource : resources) {
        const std::string kind = resource.kind();
        bool scalable = false;
        for (std::string_view k : kinds)
            scalable = scalable || k == kind;
        if (!scalable || (resource.name() != replica.name && !resource.hadName(replica.name)))
            continue;
        visit(resource.body, "spec", true, [&](Json& spec) { spec["replicas"] = replica.count; });
    }
}

} // namespace syncline::manifest::FieldTransformers
