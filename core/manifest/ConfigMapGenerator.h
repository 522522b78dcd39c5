#pragma once

#include "manifest/FileSource.h"
#include "manifest/Kustomization.h"
#include "util/Result.h"

#include <nlohmann/json.hpp>
#include <string>

namespace syncline::manifest {

struct GeneratedObject {
    nlohmann::ordered_json body;
    bool hashSuffix = true; // false with disableNameSuffixHash
};

// kustomize's configMapGenerator / secretGenerator: literals ("k=v", surrounding quotes
// dropped), files ("path" or "key=path", non-UTF-8 content goes to binaryData) and env
// files ("K=V" lines, '#' comments); options and generatorOptions labels, annotations,
// immutable and disableNameSuffixHash. Files are read through `source`, relative to the
// kustomization's folder and inside it.
class ConfigMapGenerator {
public:
    static util::Result<GeneratedObject> generate(const KustomizeGenerator& generator,
                                                  const KustomizeGeneratorOptions& generatorOptions, const FileSource& source,
                                                  const Kustomization& kustomization);

    // The 10-character suffix kustomize appends to a generated name: sha256 of the Go JSON
    // encoding of {kind, name, data[, binaryData]} (Secrets: {kind, name, type, data
    // [, stringData]}), first 10 hex digits with 0/1/3/a/e mapped to g/h/k/m/t. The name
    // is always "" (kustomize's lookup of "metadata/name" misses), so it never matters;
    // the data is the final data, after patches.
    static std::string nameHash(const nlohmann::ordered_json& object);
};

} // namespace syncline::manifest
