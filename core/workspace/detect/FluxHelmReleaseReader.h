#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/FluxSourceResolver.h"

#include <vector>

namespace syncline::workspace::detect {

// Flux HelmReleases (helm.toolkit.fluxcd.io) whose chart is a folder of this repository
// (a GitRepository or ExternalArtifact source) become Helm applications with the release
// name, namespace, values files and values helm-controller passes. So do those whose chart
// comes from a HelmRepository or OCIRepository defined here (FluxRemoteChart): their chart
// is pulled only once the user allows its host.
class FluxHelmReleaseReader {
public:
    static void read(const std::vector<RepositoryObject>& objects, const FluxSourceResolver& sources,
                     const manifest::FileSource& files, DetectionResult& out);
};

} // namespace syncline::workspace::detect
