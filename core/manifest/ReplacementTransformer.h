#pragma once

#include "manifest/KustomizeReplacement.h"
#include "manifest/KustomizeResource.h"
#include "util/Result.h"

#include <vector>

namespace syncline::manifest {

// kustomize's replacement transformer, run after a kustomization's other transformers:
// one source value (exactly one object selected, its fieldPath present, optionally one
// piece of it split at a delimiter) copied into every field the targets' fieldPaths reach
// in the objects they select and do not reject. Into an existing scalar only the text is
// copied, and the scalar keeps its type ("4" into `replicas: 1` is 4, into a string is
// "4"); a mapping or list is copied whole. Errors read like kustomize's, with the object
// and the file. What kustomize does that Syncline does not reproduce exactly is
// ErrorCode::Unsupported, so the folder goes to the external kustomize.
class ReplacementTransformer {
public:
    // `where`: the file the replacement comes from.
    static util::Result<void> apply(const KustomizeReplacement& replacement, std::vector<KustomizeResource>& resources,
                                    const QString& where);
};

} // namespace syncline::manifest
