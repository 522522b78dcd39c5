#pragma once

#include "manifest/BudgetedFileSource.h"
#include "manifest/RenderResult.h"
#include "manifest/Renderer.h"

namespace syncline::manifest {

class FolderExport;

// A kustomization the native renderer cannot build (a field it does not know), rendered
// by `kubectl kustomize` (or `kustomize build` when there is no kubectl) as is. The
// folder and the folders its resources, bases and components reach are copied out of
// the Git tree into a private folder (charged to the render budget); remote entries are
// refused before the tool starts, and it runs in a clean environment (no kubeconfig, an
// unreachable HTTP(S) proxy, git limited to file://) within the tool timeout, the
// render's deadline and cancellation, and the output bound. The result carries the
// warning "<why> (<file>); rendered with kubectl kustomize"; without a tool, the error
// names the field and the file.
class ExternalKustomize {
public:
    ExternalKustomize(const BudgetedFileSource& source, const RenderOptions& options);

    // `notBuiltIn`: the native renderer's "kustomize field X is not built in" at its file.
    RenderResult render(const QString& directory, const util::Error& notBuiltIn) const;

private:
    util::Result<void> exportReachableFolders(FolderExport& exporter, const QString& directory) const;

    const BudgetedFileSource& m_source;
    RenderBudget& m_budget;
    const RenderOptions& m_options;
};

} // namespace syncline::manifest
