#pragma once

#include <QString>

namespace syncline::manifest {

// A chart that is not in the repository: a Flux HelmRelease's chart from a HelmRepository
// (an HTTP index, or type oci) or an OCIRepository. Rendered only once the user allowed
// Syncline to reach `repositoryUrl` (charts::ChartRepositoryAccess).
struct RemoteChart {
    QString repositoryUrl; // "https://charts.example.com", "oci://ghcr.io/org/charts"
    QString chart;         // "podinfo"
    QString version;       // "6.5.0" or a semver constraint ("6.x", ">=1.0 <2"); empty: the latest

    bool isOci() const { return repositoryUrl.startsWith(QLatin1String("oci://")); }
    // What `helm pull` is given: "oci://host/path/chart", or the chart name with --repo.
    QString pullReference() const { return isOci() ? repositoryUrl + QLatin1Char('/') + chart : chart; }
    QString toString() const {
        return (isOci() ? pullReference() : repositoryUrl + QStringLiteral(" ") + chart) +
               (version.isEmpty() ? QString() : QStringLiteral(" ") + version);
    }

    bool operator==(const RemoteChart&) const = default;
};

// Why `chart` cannot be used as given, in words naming the field; empty when it can. A
// repository wrote it: URL scheme http, https or oci only, no user name or password in
// the URL, no query, bounded lengths, a chart name and version that cannot be read as
// options of helm.
QString remoteChartProblem(const RemoteChart& chart);

// The URL as a key of the allow-list and the cache: scheme and host lower-cased, no
// trailing '/'. Empty when it is not a URL remoteChartProblem accepts.
QString normalizedChartRepositoryUrl(const QString& url);

} // namespace syncline::manifest
