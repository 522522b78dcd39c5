#pragma once

#include "manifest/RemoteChart.h"
#include "manifest/RenderBudget.h"
#include "util/Result.h"

#include <QString>

#include <chrono>
#include <cstdint>

namespace syncline::charts {

// What one `helm pull` produced: the archive in the destination folder and its version.
struct PulledChart {
    QString archive;
    QString version;
    QString manifestDigest; // OCI: "sha256:…" of the manifest helm pulled; empty for HTTP repositories
};

// Pulls one chart with the user's helm, anonymously: HOME and every HELM_*_HOME point
// into an empty private folder, so the user's repositories.yaml, registry logins and
// docker credentials are never read or sent (a Flux secretRef is not followed either:
// secrets are not in Git). --plain-http only for an OCI registry on this machine
// (loopback). Bounded by the timeout, the render's deadline and cancellation; the
// archive must be a gzip file no larger than `maxArchiveBytes`. Errors name the chart's URL.
class ChartPuller {
public:
    struct Options {
        QString helmBinary; // empty: helm on PATH
        std::chrono::milliseconds timeout = std::chrono::seconds(60);
        std::uint64_t maxArchiveBytes = 16ull * 1024 * 1024;
    };

    explicit ChartPuller(Options options) : m_options(std::move(options)) {}

    // Into `destination` (an empty private folder).
    util::Result<PulledChart> pull(const manifest::RemoteChart& chart, const QString& destination,
                                   manifest::RenderBudget& budget) const;

    // True for 127.0.0.0/8, ::1 and localhost.
    static bool isLoopback(const QString& host);

private:
    QStringList arguments(const manifest::RemoteChart& chart, const QString& destination) const;
    util::Result<PulledChart> checkedArchive(const manifest::RemoteChart& chart, const QString& destination) const;

    Options m_options;
};

} // namespace syncline::charts
