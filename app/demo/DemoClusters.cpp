#include "DemoClusters.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace syncline::app {

DemoClusters::DemoClusters(QString root) : m_root(std::move(root)) {}

DemoClusters::~DemoClusters() { stop(); }

QStringList DemoClusters::environments() { return {QStringLiteral("dev"), QStringLiteral("staging"), QStringLiteral("prod")}; }

QString DemoClusters::kubeconfigPath(const QString& root, const QString& environment) {
    return QDir(root).filePath(QStringLiteral("clusters/%1.kubeconfig").arg(environment));
}

util::Result<void> DemoClusters::start() {
    for (const QString& environment : environments()) {
        const QString dataDir = QDir(m_root).filePath(QStringLiteral("clusters/") + environment);
        const bool existed = QFileInfo(dataDir).isDir();
        if (!QDir().mkpath(dataDir))
            return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the folder"), dataDir);
        if (!existed) // the cluster's objects, Secrets included: the user's only
            QFile::setPermissions(dataDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        DevClusterLaunch launch;
        launch.dataDir = dataDir;
        launch.kubeconfig = kubeconfigPath(m_root, environment);
        launch.context = QStringLiteral("demo-") + environment;
        // HTTPS with the server's random token (in the kubeconfig): kubectl sends a token
        // only over HTTPS, and no other user or web page can drive the demo's clusters.
        launch.tls = true;
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
