#pragma once

#include "util/Result.h"

#include <nlohmann/json.hpp>
#include <string>

namespace syncline::manifest {

// Strategic merge patch as `kubectl kustomize` applies it.
//
// Built-in kinds (apps/v1 Deployment, v1 Service, ...) merge the lists their schema gives
// a merge key: containers/initContainers/ephemeralContainers/env/volumes/imagePullSecrets
// by name, volumeMounts by mountPath, volumeDevices by devicePath, ports by containerPort
// (Service ports by port), hostAliases by ip, topologySpreadConstraints by topologyKey,
// conditions by type. The merged list holds the patch's elements in patch order (merged
// with their counterparts) followed by the untouched elements; `$patch: delete` removes an
// element, `$patch: replace` replaces a mapping. Other lists are replaced.
// Other kinds (CRDs' custom resources, unknown kinds) get a JSON merge patch (RFC 7386):
// mappings merge, lists are replaced. In both, null deletes a field.
class StrategicMergePatch {
public:
    static bool isBuiltinKind(const std::string& apiVersion, const std::string& kind);

    static util::Result<void> apply(nlohmann::ordered_json& target, const nlohmann::ordered_json& patch);
};

} // namespace syncline::manifest
