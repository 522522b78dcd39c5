#pragma once

#include "util/Result.h"

#include <QString>
#include <QStringList>

namespace syncline::app {

// The demo's first run: deploys dev at its target revision, staging at an older promotion
// and prod at the v1.0.0 release, so the console opens with real differences (staging
// behind, dev ahead of prod). Runs once per demo (a marker under <root>/clusters/);
// blocks on a worker thread — call it before the window exists.
class DemoSeeder {
public:
    // Returns one line per environment ("staging: deployed 1a2b3c4 promote(staging): …").
    static util::Result<QStringList> seed(const QString& root, const QString& workspace);
    static QString markerPath(const QString& root);
    // The demo made its clusters, so it trusts them for the demo workspace (and allows the
    // auto-sync its syncline.yaml asks for) in the user's consent store: the demo opens
    // without questions. Only environments whose kubeconfig is the demo's own
    // (DemoClusters::kubeconfigPath) are trusted. Run on every start: the ports change.
    static util::Result<void> trustClusters(const QString& root, const QString& workspace);
};

} // namespace syncline::app
