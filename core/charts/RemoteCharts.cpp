#include "charts/RemoteCharts.h"

#include <QDir>
#include <QTemporaryDir>

namespace syncline::charts {

RemoteCharts::RemoteCharts(const Options& options)
    : m_access(options.accessFile.isEmpty() ? std::make_unique<ChartRepositoryAccess>()
                                            : std::make_unique<ChartRepositoryAccess>(options.accessFile)),
      m_cache(options.cacheFolder.isEmpty() ? std::make_unique<ChartCache>() : std::make_unique<ChartCache>(options.cacheFolder)),
      m_puller(options.pull) {}

std::shared_ptr<const RemoteCharts> RemoteCharts::forUser() { return std::make_shared<const RemoteCharts>(Options{}); }

util::Result<manifest::LocalChart> RemoteCharts::localChart(const manifest::RemoteChart& chart,
                                                            manifest::RenderBudget& budget) const {
    if (QString problem = manifest::remoteChartProblem(chart); !problem.isEmpty())
        return util::fail(util::ErrorCode::InvalidArgument, problem, chart.repositoryUrl.left(200));
    if (!m_access->isAllowed(chart.repositoryUrl)) {
        m_access->noteAsked(chart.repositoryUrl);
        return util::fail(util::ErrorCode::NotAllowed,
                          QStringLiteral("chart %1 from %2 — not allowed yet: allow it in Settings ▸ Charts or with "
                                         "`syncline charts allow %2`")
                              .arg(chart.chart, chart.repositoryUrl));
    }
    if (auto cached = m_cache->find(chart))
        return *cached;
    return pullIntoCache(chart, budget);
}

util::Result<manifest::LocalChart> RemoteCharts::pullIntoCache(const manifest::RemoteChart& chart,
                                                               manifest::RenderBudget& budget) const {
    QMutexLocker lock(&m_pulling);
    if (auto cached = m_cache->find(chart)) // pulled by another render while this one waited
        return *cached;
    QTemporaryDir scratch(QDir::tempPath() + QStringLiteral("/syncline-chart-XXXXXX"));
    if (!scratch.isValid())
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create a scratch folder for helm pull"));
    auto pulled = m_puller.pull(chart, scratch.path(), budget);
    if (!pulled)
        return util::fail(pulled.error());
    return m_cache->store(chart, pulled->archive, pulled->version, pulled->manifestDigest);
}

} // namespace syncline::charts
