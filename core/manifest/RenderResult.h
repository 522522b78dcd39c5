#pragma once

#include "manifest/ManifestObject.h"
#include "util/Error.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace syncline::manifest {

// What rendering one environment produced. Rendering is partial by design: a bad file
// is an error about that file while the other files still render, so a result may carry
// both objects and errors. `objects` are in the order `kubectl kustomize` prints them
// (plain directories: path order, then document order).
struct RenderResult {
    std::vector<ManifestObject> objects;
    // Argo CD / Helm hooks (manifest/Hooks.h), in render order: shown, never compared with
    // the cluster, never pruned. A hook may have only a generateName (its key's name then).
    std::vector<ManifestObject> hooks;
    // Each with file:line:column in `where` when known.
    std::vector<util::Error> errors;
    // Said to the user without failing the render ("kustomize field vars is not built
    // in; rendered with kubectl kustomize").
    QStringList warnings;
    // "plain", "kustomize", "helm" or "kubectl kustomize (external)".
    QString renderer;
    // Identifies the inputs (content ids of everything read + renderer): equal keys mean
    // equal output.
    QString cacheKey;
    // False when the render was cut short by its deadline, a cancellation or an exception
    // (out of memory): the result says nothing lasting about the inputs, so no cache keeps it.
    bool cacheable = true;

    bool ok() const { return errors.empty(); }
};

} // namespace syncline::manifest
