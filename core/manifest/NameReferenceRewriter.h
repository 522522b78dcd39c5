#pragma once

#include "manifest/KustomizeResource.h"
#include "util/Error.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace syncline::manifest {

// After names changed (namePrefix/nameSuffix, generator hash suffixes, namespaces), points
// references at the new names, with kustomize's built-in name-reference table:
// ConfigMaps and Secrets from pod templates (env valueFrom, envFrom, volumes, projected
// sources, imagePullSecrets), Ingress TLS and ServiceAccount pull secrets; ServiceAccounts
// (serviceAccountName, RBAC subjects), PersistentVolumeClaims, PriorityClasses, Services
// (StatefulSet serviceName, Ingress backends), Roles/ClusterRoles (roleRef), StorageClasses,
// IngressClasses and HPA scale targets. A reference matches an object of the referenced
// kind that had that name, in the referrer's namespace (or cluster-scoped); when several
// match, the one with the referrer's prefixes/suffixes wins.
class NameReferenceRewriter {
public:
    explicit NameReferenceRewriter(std::vector<KustomizeResource>& resources) : m_resources(resources) {}

    // Errors for ambiguous references (left unchanged).
    std::vector<util::Error> run();

private:
    const KustomizeResource* referral(const KustomizeResource& referrer, const std::string& kind, const std::string& name,
                                      const std::string& namespaceName) const;
    void rewritePath(KustomizeResource& referrer, nlohmann::ordered_json& node, std::string_view path, const std::string& kind);
    void rewriteSubjects(KustomizeResource& referrer);

    std::vector<KustomizeResource>& m_resources;
    mutable std::vector<util::Error> m_errors;
    std::unordered_map<std::string, std::vector<const KustomizeResource*>> m_byKind;
};

} // namespace syncline::manifest
