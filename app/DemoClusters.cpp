#include "DemoClusters.h"

#include <QDir>

namespace syncline::app {

DemoClusters::DemoClusters(QString root) : m_root(std::move(root)) {}

DemoClusters::~DemoClusters() { stop(); }

QStringList DemoClusters::environments() {
    return {QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")};
}

QString DemoClusters::kubeconfigPath(const QString& root, const QString& environment) {
    return QDir(root).filePath(QStringLiteral("clusters/%1.kubeconfig").arg(environment));
}

util::Result<void> DemoClusters::start() {
    for (const QString& environment : environments()) {
        const QString dataDir = QDir(m_root).filePath(QStringLiteral("clusters/") + environment);
        if (!QDir().mkpath(dataDir))
            return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the folder"), dataDir);
        DevClusterLaunch launch;
        launch.dataDir = dataDir;
        launch.kubeconfig = kubeconfigPath(m_root, environment);
        launch.context = QStringLiteral("demo-") + environment;
        launch.simulateControllers = true;
        launch.simulateDelayMs = 1500; // long enough to see Progressing turn Healthy
        auto cluster = std::make_unique<DevClusterLauncher>(launch);
        if (auto started = cluster->start(); !started)
            return util::fail(started.error());
        m_clusters.push_back(std::move(cluster));
    }
    return {};
}

void DemoClusters::stop() {
    for (auto& cluster : m_clusters)
        cluster->stop();
    m_clusters.clear();
}

} // namespace syncline::app
