#pragma once

#include "DevClusterLauncher.h"
#include "reconcile/ClusterConsentStore.h"
#include "workspace/WorkspaceConfig.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <vector>

namespace syncline::bench {

struct FleetSizes {
    int environments = 20; // units: applications × places, each place on its own devcluster
    int resources = 500;   // per unit: 80% ConfigMaps, 10% Deployments, 10% Services
    int clusters = 4;      // places; environments / clusters applications in each
};

// A version-2 workspace of `environments` units spread over `clusters` places, one
// syncline-devcluster per place and one namespace per application, committed to a scratch
// repository and deployed (by SyncRunner, on a pool): what a fleet refresh then reads.
class FleetFixture {
public:
    explicit FleetFixture(FleetSizes sizes);
    ~FleetFixture();

    bool prepare(QString* error); // clusters, workspace, commit, consent, deploy
    QString repository() const { return m_scratch.filePath(QStringLiteral("repo")); }
    const workspace::WorkspaceConfig& config() const { return *m_config; }
    std::shared_ptr<reconcile::ClusterConsentStore> consent() const { return m_consent; }
    double deploySeconds() const { return m_deploySeconds; }
    int applications() const { return m_applications; }
    double clusterCpuSeconds() const; // user + system time of every devcluster so far

private:
    bool startClusters(QString* error);
    QByteArray workspaceYaml() const;
    bool commitWorkspace(QString* error);
    bool trustClusters(QString* error);
    bool deploy(QString* error);
    QString kubeconfigOf(int cluster) const;

    FleetSizes m_sizes;
    int m_applications = 0;
    QTemporaryDir m_scratch;
    std::vector<std::unique_ptr<app::DevClusterLauncher>> m_clusters;
    std::optional<workspace::WorkspaceConfig> m_config;
    std::shared_ptr<reconcile::ClusterConsentStore> m_consent;
    double m_deploySeconds = 0;
};

} // namespace syncline::bench
