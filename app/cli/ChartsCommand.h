#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline charts [--json]`: the chart repositories Syncline may reach (allowed) and those
// a HelmRelease asked for that are not allowed yet. `syncline charts allow URL` lets
// Syncline pull charts from that Helm or OCI repository (anonymously, cached);
// `syncline charts forget URL` takes that back and makes version constraints resolve again.
class ChartsCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
