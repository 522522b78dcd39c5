#pragma once

#include "manifest/LocalChartSource.h"
#include "manifest/RemoteChart.h"
#include "util/Result.h"

#include <QString>

#include <optional>

namespace syncline::charts {

// Charts pulled from Helm and OCI repositories, kept so later renders need no network:
// one folder per (repository URL, chart, resolved version) under
// $XDG_CACHE_HOME/syncline/charts, holding the archive, its sha256 digest (checked on
// every read: a damaged or altered archive is a miss) and, for OCI, the manifest digest
// helm pulled. A version constraint ("6.x") is
// remembered with the version it resolved to when first pulled; `syncline charts forget`
// drops that so the next render resolves it again. Entries are written to a temporary
// folder and renamed into place: concurrent renders never see half an archive.
class ChartCache {
public:
    ChartCache(); // defaultFolder()
    explicit ChartCache(QString folder);

    static QString defaultFolder();

    std::optional<manifest::LocalChart> find(const manifest::RemoteChart& chart) const;
    // Copies `archive` (already checked) in, as what `chart` resolves to.
    util::Result<manifest::LocalChart> store(const manifest::RemoteChart& chart, const QString& archive,
                                             const QString& resolvedVersion, const QString& manifestDigest = {});
    // Forgets which versions constraints of charts from `repositoryUrl` resolved to.
    void forgetResolutions(const QString& repositoryUrl);

    // "sha256:<hex>" of a file; empty when it cannot be read.
    static QString digestOf(const QString& file);

private:
    QString entryFolder(const manifest::RemoteChart& chart, const QString& version) const;
    QString resolutionFile(const manifest::RemoteChart& chart) const;

    QString m_folder;
};

} // namespace syncline::charts
