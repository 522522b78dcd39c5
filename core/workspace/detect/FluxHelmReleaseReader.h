#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/FluxSourceResolver.h"

#include <vector>

namespace syncline::workspace::detect {

// Flux HelmReleases (helm.toolkit.fluxcd.io) whose chart is a folder of this repository
// (a GitRepository or ExternalArtifact source) become Helm applications with the release
// name, namespace, values files and values helm-controller passes. A chart from a Helm or
// OCI repository is listed: it is not rendered offline.
class FluxHelmReleaseReader {
public:
    static void read(const std::vector<RepositoryObject>& objects, const FluxSourceResolver& sources,
                     const manifest::FileSource& files, DetectionResult& out);
};

} // namespace syncline::workspace::detect
