#pragma once

#include "manifest/FileSource.h"
#include "manifest/RecordingFileSource.h"
#include "manifest/RenderBudget.h"
#include "manifest/RenderResult.h"
#include "manifest/YamlLimits.h"

#include <vector>

namespace syncline::manifest {

enum class RendererKind {
    Plain,     // every YAML/JSON file below the folder
    Kustomize, // the folder's kustomization
    Auto,      // Kustomize when the folder has a kustomization file, else Plain
};

struct RenderOptions {
    YamlLimits limits;   // per file
    RenderLimits budget; // per render
    util::CancellationToken cancel;
};

// Renders the environment folder `path` of `source` (a Git tree: any revision, never the
// working tree, no network) within one RenderBudget built from the options. Errors are
// values inside the result, never exceptions: whatever a library throws inside (out of
// memory included) becomes an error on the result, which is then not cacheable.
// `cacheKey` is set from the content ids of everything the render read.
RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options = {});

// The same, also handing back what was read (for RenderCache).
RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options,
                    std::vector<ContentDependency>& dependencies);

// "plain" / "kustomize" / "auto".
QString toString(RendererKind kind);

} // namespace syncline::manifest
