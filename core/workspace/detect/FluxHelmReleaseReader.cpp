#include "workspace/detect/FluxHelmReleaseReader.h"

#include "workspace/detect/FluxKustomizationReader.h"
#include "workspace/detect/FluxRemoteChart.h"
#include "workspace/detect/StageOrder.h"

namespace syncline::workspace::detect {

namespace {

// The cluster folder, else a folder convention, else a stage-named folder, else "default".
QString environmentOf(const QString& file) {
    if (QString cluster = FluxKustomizationReader::clusterOf(file); !cluster.isEmpty())
        return cluster;
    if (QString fromPath = environmentFromPath(parentOf(file)); !fromPath.isEmpty())
        return fromPath;
    for (const QString& part : parentOf(file).split(QLatin1Char('/'), Qt::SkipEmptyParts))
        if (StageOrder::rank(part) >= 0)
            return part;
    return QStringLiteral("default");
}

// The application helm-controller would install: release name, namespace, values.
DetectedApplication applicationOf(const RepositoryObject& release, const QString& ns, manifest::HelmSource helm) {
    DetectedApplication app;
    app.application = release.name();
    app.environment = environmentOf(release.file);
    app.renderer = RendererChoice::Helm;
    const QString targetNamespace = text(release.object, {"spec", "targetNamespace"});
    app.defaultNamespace = targetNamespace.isEmpty() ? ns : targetNamespace;
    helm.releaseName = text(release.object, {"spec", "releaseName"});
    if (helm.releaseName.isEmpty()) // helm-controller's default: [<targetNamespace>-]<name>
        helm.releaseName = targetNamespace.isEmpty() ? release.name() : targetNamespace + QLatin1Char('-') + release.name();
    helm.namespace_ = app.defaultNamespace;
    if (const Json* values = member(release.object, {"spec", "values"}); values && !values->is_null())
        helm.values = asYamlText(*values);
    app.helm = std::move(helm);
    app.mode = Mode::Flux;
    app.flux = FluxAgent{release.name(), ns};
    app.clusterHint = FluxKustomizationReader::clusterOf(release.file);
    app.sync.autoSync = !flag(release.object, {"spec", "suspend"});
    app.sync.selfHeal = app.sync.autoSync;
    return app;
}

// A chart from a Helm or OCI repository: rendered once the user allows its host. The
// application's folder is the HelmRelease's, for History and Promote.
void readRemoteRelease(const RepositoryObject& release, const QString& what, const QString& ns, const FluxSourceResolver& sources,
                       DetectionResult& out) {
    const auto resolved = FluxRemoteChart::resolve(release, sources, ns, FluxKustomizationReader::clusterOf(release.file));
    if (!resolved.refusal.isEmpty()) {
        out.unrecognized.push_back({what, release.file, resolved.refusal});
        return;
    }
    if (!strings(release.object, {"spec", "chart", "spec", "valuesFiles"}).isEmpty()) {
        out.unrecognized.push_back(
            {what, release.file, QStringLiteral("valuesFiles inside a chart from %1 are not read").arg(resolved.how)});
        return;
    }
    manifest::HelmSource helm;
    helm.remoteChart = resolved.chart;
    DetectedApplication app = applicationOf(release, ns, std::move(helm));
    app.path = parentOf(release.file);
    app.reason = QStringLiteral("%1 in %2: chart %3 of %4").arg(what, release.file, resolved.chart->chart, resolved.how);
    out.applications.push_back(std::move(app));
}

void readRelease(const RepositoryObject& release, const FluxSourceResolver& sources, const manifest::FileSource& files,
                 DetectionResult& out) {
    const QString what = QStringLiteral("Flux HelmRelease %1").arg(release.name());
    const QString ns = release.namespaceName().isEmpty() ? QStringLiteral("flux-system") : release.namespaceName();
    if (FluxRemoteChart::isRemote(release))
        return readRemoteRelease(release, what, ns, sources, out);
    if (const Json* chartRef = member(release.object, {"spec", "chartRef"})) {
        out.unrecognized.push_back(
            {what, release.file,
             QStringLiteral("chart from %1 %2 is not read").arg(text(*chartRef, {"kind"}), text(*chartRef, {"name"}))});
        return;
    }
    const Json* chartSpec = member(release.object, {"spec", "chart", "spec"});
    // Without a chart it is a kustomize patch of a HelmRelease (values per environment),
    // understood with the release it patches: not a release of its own.
    if (!member(release.object, {"spec", "chart"}))
        return;
    const Json* sourceRef = chartSpec ? member(*chartSpec, {"sourceRef"}) : nullptr;
    const QString sourceKind = sourceRef ? text(*sourceRef, {"kind"}) : QString();
    const QString chart = chartSpec ? text(*chartSpec, {"chart"}) : QString();
    if (!sourceRef || (sourceKind != QLatin1String("GitRepository") && sourceKind != QLatin1String("ExternalArtifact"))) {
        out.unrecognized.push_back({what, release.file,
                                    sourceKind.isEmpty()
                                        ? QStringLiteral("its chart names no source")
                                        : QStringLiteral("chart source %1 is not read offline").arg(sourceKind)});
        return;
    }
    const auto resolved = sources.resolve(*sourceRef, ns, chart, FluxKustomizationReader::clusterOf(release.file));
    const std::optional<QString> path = resolved.refusal.isEmpty() ? repositoryFolder(files, resolved.path) : std::nullopt;
    if (!path || !isChartFolder(files, *path)) {
        out.unrecognized.push_back({what, release.file,
                                    resolved.refusal.isEmpty()
                                        ? QStringLiteral("chart %1 is not a chart folder of this repository").arg(chart)
                                        : resolved.refusal});
        return;
    }
    manifest::HelmSource helm;
    helm.chartPath = *path;
    helm.valueFiles = strings(*chartSpec, {"valuesFiles"});
    DetectedApplication app = applicationOf(release, ns, std::move(helm));
    app.branch = resolved.branch;
    app.path = *path;
    app.reason = QStringLiteral("%1 in %2: chart %3 of %4").arg(what, release.file, app.path, resolved.how);
    out.applications.push_back(std::move(app));
}

} // namespace

void FluxHelmReleaseReader::read(const std::vector<RepositoryObject>& objects, const FluxSourceResolver& sources,
                                 const manifest::FileSource& files, DetectionResult& out) {
    for (const RepositoryObject& object : objects)
        if (object.is("helm.toolkit.fluxcd.io", "HelmRelease"))
            readRelease(object, sources, files, out);
}

} // namespace syncline::workspace::detect
