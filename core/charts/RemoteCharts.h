#pragma once

#include "charts/ChartCache.h"
#include "charts/ChartPuller.h"
#include "charts/ChartRepositoryAccess.h"
#include "manifest/LocalChartSource.h"

#include <QMutex>

#include <memory>

namespace syncline::charts {

// Charts of Flux HelmReleases from Helm and OCI repositories, as HelmRenderer gets them:
// a repository the user has not allowed is never contacted (the error says how to allow
// it, and the URL is remembered as asked); an allowed one is read from the cache, else
// pulled once with helm and cached. Offline with the chart cached: no network at all.
class RemoteCharts : public manifest::LocalChartSource {
public:
    struct Options {
        QString accessFile;  // empty: ChartRepositoryAccess::defaultFile()
        QString cacheFolder; // empty: ChartCache::defaultFolder()
        ChartPuller::Options pull;
    };

    explicit RemoteCharts(const Options& options);

    // The user's allow-list and cache, with helm from PATH.
    static std::shared_ptr<const RemoteCharts> forUser();

    util::Result<manifest::LocalChart> localChart(const manifest::RemoteChart& chart,
                                                  manifest::RenderBudget& budget) const override;

private:
    util::Result<manifest::LocalChart> pullIntoCache(const manifest::RemoteChart& chart, manifest::RenderBudget& budget) const;

    std::unique_ptr<ChartRepositoryAccess> m_access;
    std::unique_ptr<ChartCache> m_cache;
    ChartPuller m_puller;
    mutable QMutex m_pulling; // one pull at a time: two renders of one chart pull it once
};

} // namespace syncline::charts
