#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/DetectorOptions.h"

#include <QStringList>

#include <vector>

namespace syncline::workspace::detect {

// What detection reads of one revision, walked once within the options' bounds: its
// folders, and the Argo CD, Flux, ConfigMap and Secret objects of its YAML files. An
// app-of-apps chart's templates are rendered (options.renderChart) or read with values.yaml.
struct RepositoryScan {
    QStringList directories;
    std::vector<RepositoryObject> objects;
    std::vector<UnrecognizedSource> unreadable; // files that do not parse, limits reached

    static RepositoryScan scan(const manifest::FileSource& files, const DetectorOptions& options);
};

} // namespace syncline::workspace::detect
