#pragma once

#include "manifest/Kustomization.h"
#include "manifest/KustomizeResource.h"

#include <vector>

namespace syncline::manifest {

// The field-spec driven transformers of kustomize, with the built-in field specs of
// kubectl's kustomize (v5): where namespaces, name prefixes, labels, annotations and
// replica counts go for each built-in kind.
namespace FieldTransformers {

// Kinds known to be cluster-scoped (built-in API groups only; unknown kinds are namespaced).
bool isClusterScoped(const KustomizeResource& resource);

// Sets metadata.namespace on namespaced objects, renames Namespace objects, and sets the
// namespace of RoleBinding/ClusterRoleBinding subjects named "default".
void setNamespace(std::vector<KustomizeResource>& resources, const std::string& namespaceName);
// namePrefix/nameSuffix; CustomResourceDefinition, APIService and Namespace keep their names.
void addPrefixSuffix(std::vector<KustomizeResource>& resources, const std::string& prefix, const std::string& suffix);
// commonLabels (selectors and templates too) and labels[] (selectors/templates as asked).
void addLabels(std::vector<KustomizeResource>& resources, const StringPairs& labels, bool selectors, bool templates);
void addAnnotations(std::vector<KustomizeResource>& resources, const StringPairs& annotations);
void setReplicas(std::vector<KustomizeResource>& resources, const KustomizeReplica& replica);

} // namespace FieldTransformers

} // namespace syncline::manifest
