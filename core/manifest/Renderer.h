#pragma once

#include "manifest/ClusterCapabilities.h"
#include "manifest/FileSource.h"
#include "manifest/HelmSource.h"
#include "manifest/LocalChartSource.h"
#include "manifest/RecordingFileSource.h"
#include "manifest/RenderBudget.h"
#include "manifest/RenderResult.h"
#include "manifest/YamlLimits.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace syncline::manifest {

enum class RendererKind {
    Plain,     // every YAML/JSON file below the folder
    Kustomize, // the folder's kustomization
    Auto,      // Kustomize when the folder has a kustomization file, else Helm when it has Chart.yaml, else Plain
    Helm,      // `helm template` over the chart in the folder
};

struct RenderOptions {
    YamlLimits limits;   // per file
    RenderLimits budget; // per render
    util::CancellationToken cancel;
    // What `helm template` is given (Helm, or Auto finding a Chart.yaml); nullopt: helm's
    // defaults for the chart in the rendered folder.
    std::optional<HelmSource> helm;
    // The destination cluster, when a client for it exists: helm gets its --kube-version and
    // --api-versions (unless `helm` sets its own); nullopt: helm's defaults.
    std::optional<ClusterCapabilities> cluster;
    QString helmBinary; // empty: `helm` on PATH
    // Charts from Helm and OCI repositories (HelmSource::remoteChart); null: such charts are
    // not rendered, with the reason.
    std::shared_ptr<const LocalChartSource> charts;
    QString kubectlBinary; // for kustomize fields not built in; empty: `kubectl` on PATH
    std::chrono::milliseconds toolTimeout = std::chrono::seconds(60); // each helm / kubectl run
    // Flux postBuild substitution of ${var} in every rendered object (FluxSubstitution), as
    // kustomize-controller does after the build; nullopt: none. An object annotated
    // kustomize.toolkit.fluxcd.io/substitute: disabled is left alone.
    std::optional<std::map<QString, QString>> substitute;
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

// "plain" / "kustomize" / "helm" / "auto".
QString toString(RendererKind kind);

// What, besides the files read, decides a render's output: the Helm inputs and the
// identity (path and version) of the external tools the render may run. Part of the
// cache key; empty for renders that run no tool.
QString renderInputsKey(RendererKind kind, const RenderOptions& options);

} // namespace syncline::manifest
