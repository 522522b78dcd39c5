#pragma once

#include "manifest/ResourceKey.h"

#include <QString>

#include <nlohmann/json.hpp>

namespace syncline::manifest {

// Where an object (or an error) came from: repository-relative file, 1-based line/column.
struct SourceLocation {
    QString file;
    int line = 0;
    int column = 0;

    QString toString() const { return line > 0 ? QStringLiteral("%1:%2:%3").arg(file).arg(line).arg(column) : file; }
};

// One Kubernetes object, as rendered from Git or read from a cluster.
struct ManifestObject {
    ResourceKey key;
    nlohmann::ordered_json body;
    SourceLocation source;
};

} // namespace syncline::manifest
