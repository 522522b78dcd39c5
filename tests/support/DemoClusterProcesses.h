#pragma once

#include "DevClusterLauncher.h"

#include <QDir>
#include <QString>

#include <memory>
#include <vector>

namespace syncline::test {

// The demo's three clusters started as the window would (same data folders, same
// kubeconfigs under <root>/clusters), from the devcluster binary the test was built with.
// Returns an empty string, or what failed.
inline QString startDemoClusters(const QString& root, const QString& devclusterBinary,
                                 std::vector<std::unique_ptr<app::DevClusterLauncher>>& clusters) {
    for (const char* env : {"dev", "staging", "prod"}) {
        app::DevClusterLaunch launch;
        launch.binary = devclusterBinary;
        launch.dataDir = QDir(root).filePath(QStringLiteral("clusters/") + QLatin1String(env));
        launch.kubeconfig = QDir(root).filePath(QStringLiteral("clusters/%1.kubeconfig").arg(QLatin1String(env)));
        launch.context = QStringLiteral("demo-") + QLatin1String(env);
        launch.tls = true; // as DemoClusters: HTTPS and the server's random token
        auto cluster = std::make_unique<app::DevClusterLauncher>(launch);
        if (auto started = cluster->start(); !started)
            return started.error().toString();
        clusters.push_back(std::move(cluster));
    }
    return {};
}

} // namespace syncline::test
