#pragma once

#include "manifest/BudgetedFileSource.h"
#include "manifest/RenderResult.h"
#include "manifest/Renderer.h"

#include <QStringList>

namespace syncline::manifest {

// Renders a Helm chart through the user's `helm template` (helm 3.8+ or 4), given what
// Argo CD's repo server and Flux's helm-controller give it.
//
// The chart folder and the value files are exported from the Git tree (never the working
// tree) into a private scratch folder, every read charged to the render budget; symlinks
// leaving the repository are refused. helm runs with a clean environment (PATH, and
// HOME and HELM_*_HOME inside the scratch folder: no user repositories, plugins,
// registry logins or kubeconfig), never `dependency update` (subcharts under charts/ are
// used as committed), within the tool timeout, the render's deadline and cancellation,
// and with bounded output, which is parsed by the bounded YAML parser. helm's stderr is
// the error text. No helm: the error "Helm charts need helm on PATH". A chart from a Helm
// or OCI repository (HelmSource::remoteChart) comes from RenderOptions::charts, which asks
// for the user's consent and caches it; it is templated from its archive.
class HelmRenderer {
public:
    HelmRenderer(const BudgetedFileSource& source, const RenderOptions& options);

    // `folder` is the chart unless the Helm source names a chart path.
    RenderResult render(const QString& folder) const;

    static bool isChart(const FileSource& source, const QString& folder);

    // The arguments after `helm`, for a chart at `chart` (local), value files and the
    // inline values file already exported; what the tests run helm with directly too.
    static QStringList templateArguments(const HelmSource& helm, const QString& chart, const QStringList& valueFiles);

    // "v4.3.2": `helm version`, asked once per binary (path, size and time), for the cache key.
    static QString versionOf(const QString& binary);

private:
    // The chart helm templates: the folder exported from the tree, or a remote chart's archive.
    util::Result<QString> exportChart(class FolderExport& exporter, const QString& chart, const QString& where) const;
    util::Result<QString> remoteArchive(const RemoteChart& remote, const QString& where) const;
    util::Result<QStringList> exportValueFiles(class FolderExport& exporter, const HelmSource& helm, const QString& chart,
                                               const QString& scratch) const;
    void parseOutput(const QByteArray& output, const QString& chart, RenderResult& result) const;

    const BudgetedFileSource& m_source;
    const RenderOptions& m_options;
};

} // namespace syncline::manifest
