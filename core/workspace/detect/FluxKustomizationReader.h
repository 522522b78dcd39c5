#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/FluxSourceResolver.h"

#include <vector>

namespace syncline::workspace::detect {

// Every Flux Kustomization (kustomize.toolkit.fluxcd.io) is one application; its
// environment is the cluster folder it sits in (clusters/<env>/…, else "default"). Kept
// from it: dependsOn, targetNamespace, prune/suspend, and postBuild.substitute folded over
// substituteFrom (ConfigMaps and Secrets defined in this repository; substitute wins).
// Flux's own sync of a cluster folder (flux-system) is listed, not an application.
class FluxKustomizationReader {
public:
    static void read(const std::vector<RepositoryObject>& objects, const FluxSourceResolver& sources,
                     const manifest::FileSource& files, DetectionResult& out);

    // "clusters/staging/apps.yaml" -> "staging"; empty when the file is not in a cluster folder.
    static QString clusterOf(const QString& file);
};

} // namespace syncline::workspace::detect
