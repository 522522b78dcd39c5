#include "workspace/detect/FluxRemoteChart.h"

namespace syncline::workspace::detect {

namespace {

const char* const kSourceGroup = "source.toolkit.fluxcd.io";

QString sourceNamespace(const Json& ref, const QString& fallback) {
    const QString ns = text(ref, {"namespace"});
    return ns.isEmpty() ? fallback : ns;
}

// A version Flux reads as "any": helm's default (the latest) is the same.
QString versionOf(const QString& written) { return written == QLatin1String("*") ? QString() : written; }

QString anonymousNote(const RepositoryObject& source) {
    return member(source.object, {"spec", "secretRef"}) || !text(source.object, {"spec", "provider"}).isEmpty()
               ? QStringLiteral("; anonymous: its credentials (secretRef/provider) are not used")
               : QString();
}

// Flux substitutes ${var} (postBuild) and charts write {{ }}: a URL known only in the cluster.
bool isTemplatedUrl(const QString& value) { return isTemplated(value) || value.contains(QLatin1String("${")); }

FluxRemoteChart::Resolved checked(manifest::RemoteChart chart, QString how) {
    if (QString problem = manifest::remoteChartProblem(chart); !problem.isEmpty())
        return {std::nullopt, how, problem};
    return {std::move(chart), std::move(how), {}};
}

} // namespace

bool FluxRemoteChart::isRemote(const RepositoryObject& release) {
    if (const Json* chartRef = member(release.object, {"spec", "chartRef"}))
        return text(*chartRef, {"kind"}) == QLatin1String("OCIRepository");
    const Json* sourceRef = member(release.object, {"spec", "chart", "spec", "sourceRef"});
    return sourceRef && text(*sourceRef, {"kind"}) == QLatin1String("HelmRepository");
}

FluxRemoteChart::Resolved FluxRemoteChart::resolve(const RepositoryObject& release, const FluxSourceResolver& sources,
                                                   const QString& namespace_, const QString& cluster) {
    if (member(release.object, {"spec", "chartRef"}))
        return fromOciRepository(release, sources, namespace_, cluster);
    return fromHelmRepository(release, sources, namespace_, cluster);
}

FluxRemoteChart::Resolved FluxRemoteChart::fromHelmRepository(const RepositoryObject& release, const FluxSourceResolver& sources,
                                                              const QString& namespace_, const QString& cluster) {
    const Json& chartSpec = *member(release.object, {"spec", "chart", "spec"});
    const Json& ref = *member(chartSpec, {"sourceRef"});
    const QString name = text(ref, {"name"});
    const RepositoryObject* source =
        sources.find(kSourceGroup, "HelmRepository", sourceNamespace(ref, namespace_), name, cluster);
    const QString chart = text(chartSpec, {"chart"});
    if (!source)
        return {std::nullopt,
                {},
                QStringLiteral("chart %1 from HelmRepository %2, which is not defined in this repository").arg(chart, name)};
    const QString url = text(source->object, {"spec", "url"});
    const bool oci = text(source->object, {"spec", "type"}) == QLatin1String("oci");
    const QString how = QStringLiteral("HelmRepository %1 (%2)").arg(name, url.left(200)) + anonymousNote(*source);
    if (isTemplatedUrl(url) || isTemplatedUrl(chart))
        return {std::nullopt, how, QStringLiteral("chart %1 from HelmRepository %2: its URL is templated").arg(chart, name)};
    if (oci != url.startsWith(QLatin1String("oci://")))
        return {std::nullopt, how,
                QStringLiteral("HelmRepository %1: type %2 does not match its URL")
                    .arg(name, oci ? QStringLiteral("oci") : QStringLiteral("default"))};
    return checked(manifest::RemoteChart{url, chart, versionOf(text(chartSpec, {"version"}))}, how);
}

FluxRemoteChart::Resolved FluxRemoteChart::fromOciRepository(const RepositoryObject& release, const FluxSourceResolver& sources,
                                                             const QString& namespace_, const QString& cluster) {
    const Json& ref = *member(release.object, {"spec", "chartRef"});
    const QString name = text(ref, {"name"});
    const RepositoryObject* source = sources.find(kSourceGroup, "OCIRepository", sourceNamespace(ref, namespace_), name, cluster);
    if (!source)
        return {
            std::nullopt, {}, QStringLiteral("chart from OCIRepository %1, which is not defined in this repository").arg(name)};
    // oci://host/path/chart: the chart is the last segment, as helm pull names it.
    const QString url = text(source->object, {"spec", "url"});
    const QString how = QStringLiteral("OCIRepository %1 (%2)").arg(name, url.left(200)) + anonymousNote(*source);
    const qsizetype slash = url.lastIndexOf(QLatin1Char('/'));
    if (isTemplatedUrl(url) || !url.startsWith(QLatin1String("oci://")) || slash <= 6)
        return {std::nullopt, how, QStringLiteral("OCIRepository %1: '%2' is not an oci:// chart URL").arg(name, url.left(200))};
    const Json* versionRef = member(source->object, {"spec", "ref"});
    const QString tag = versionRef ? text(*versionRef, {"tag"}) : QString();
    const QString semver = versionRef ? text(*versionRef, {"semver"}) : QString();
    if (versionRef && tag.isEmpty() && semver.isEmpty() && !text(*versionRef, {"digest"}).isEmpty())
        return {std::nullopt, how, QStringLiteral("OCIRepository %1 is pinned by digest: not pulled by Syncline").arg(name)};
    return checked(manifest::RemoteChart{url.left(slash), url.mid(slash + 1), versionOf(semver.isEmpty() ? tag : semver)}, how);
}

} // namespace syncline::workspace::detect
