#pragma once

#include "workspace/detect/DetectorOptions.h"

namespace syncline::workspace {

// Detection's way into an app-of-apps chart: the chart rendered by the user's helm (the
// Helm renderer: exported from the Git tree, clean environment, bounded), printed back as
// `helm template` prints it, so the Applications it generates are read as Argo CD reads them.
// Without helm the detector falls back to the chart's values.yaml and says so.
using ChartRenderer = decltype(DetectorOptions::renderChart);

ChartRenderer helmChartRenderer(const QString& helmBinary = {});

} // namespace syncline::workspace
