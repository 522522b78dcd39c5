#pragma once

#include "DevClusterLauncher.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace syncline::app {

// The demo's three clusters (dev, staging, prod): syncline-devcluster processes with
// controller simulation, on free loopback ports, started and stopped by Syncline itself.
// Their state lives under <root>/clusters/<env>/ so re-running the demo finds the objects
// it applied before; each writes <root>/clusters/<env>.kubeconfig, which the demo's
// syncline.yaml names (relative to the workspace).
class DemoClusters {
public:
    explicit DemoClusters(QString root);
    ~DemoClusters(); // stops the clusters

    static QStringList environments();
    static QString kubeconfigPath(const QString& root, const QString& environment);

    util::Result<void> start();
    void stop();

private:
    QString m_root;
    std::vector<std::unique_ptr<DevClusterLauncher>> m_clusters;
};

} // namespace syncline::app
