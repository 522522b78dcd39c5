#pragma once

#include "manifest/RemoteChart.h"
#include "manifest/RenderBudget.h"
#include "util/Result.h"

#include <QString>

namespace syncline::manifest {

// A remote chart made available on this machine: a packaged chart (.tgz) helm can template.
struct LocalChart {
    QString archive;        // absolute path of the .tgz
    QString version;        // the version resolved ("6.5.0")
    QString digest;         // "sha256:…" of the archive
    QString manifestDigest; // OCI: "sha256:…" of the manifest it was pulled as; empty for HTTP repositories
};

// Where HelmRenderer gets a chart from a Helm or OCI repository (core/charts implements
// it: the user's allow-list, a cache, `helm pull`). Errors are what the application shows:
// "not allowed yet" (ErrorCode::NotAllowed), offline, or a bad chart, naming the URL.
// Thread-safe: renders run in parallel.
class LocalChartSource {
public:
    virtual ~LocalChartSource() = default;
    virtual util::Result<LocalChart> localChart(const RemoteChart& chart, RenderBudget& budget) const = 0;
};

} // namespace syncline::manifest
