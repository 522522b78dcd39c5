#pragma once

#include "workspace/detect/DetectorOptions.h"
#include "workspace/detect/HelmChartRenderingCache.h"

namespace syncline::workspace {

// Detection's way into an app-of-apps chart: the chart rendered by the user's helm (the
// Helm renderer: exported from the Git tree, clean environment, bounded), printed back as
// `helm template` prints it, so the Applications it generates are read as Argo CD reads them.
// Without helm the detector falls back to the chart's values.yaml and says so.
using ChartRenderer = decltype(DetectorOptions::renderChart);

// Renderings are kept in `cacheFolder` (HelmChartRenderingCache) so that opening the same
// commit again runs no helm; empty: nothing is kept.
ChartRenderer helmChartRenderer(const QString& helmBinary = {},
                                const QString& cacheFolder = HelmChartRenderingCache::defaultFolder());

} // namespace syncline::workspace
