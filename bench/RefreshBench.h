#pragma once

#include "reconcile/ClusterConsentStore.h"
#include "support/GitFixture.h"
#include "support/TestServers.h"
#include "workspace/WorkspaceConfig.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <optional>
#include <vector>

namespace syncline::bench {

struct RefreshBenchSizes {
    int environments = 20;
    int resources = 500; // per environment: 80% ConfigMaps, 10% Deployments, 10% Services
    int runs = 3;        // measured runs, after one warm-up run that is not counted
};

// A full refresh through the ReconcileEngine on one server: a workspace of `environments`
// plain environments of `resources` objects each, every one deployed first (by SyncRunner,
// not timed as the refresh), then a new engine per run is started and timed to the first
// snapshot of every environment — render, cluster read, pairing, diff and health.
class RefreshBench {
public:
    RefreshBench(const test::TestServer& server, RefreshBenchSizes sizes);
    ~RefreshBench();

    bool prepare(QString* error); // writes and commits the workspace, deploys it
    bool measure(QString* error); // the warm-up, then the runs

    double deployMs() const { return m_deployMs; }
    const std::vector<double>& refreshMs() const { return m_refreshMs; }
    QString describe() const; // what the last run saw: resources paired, Synced environments
    QString repository() const { return m_repo ? m_repo->path() : QString(); }
    static QString environmentName(int index);

private:
    void writeWorkspace();
    bool createNamespaces(QString* error);
    bool deploy(QString* error);
    bool refreshOnce(bool counted, QString* error);

    const test::TestServer& m_server;
    RefreshBenchSizes m_sizes;
    std::unique_ptr<test::GitFixture> m_repo;
    QTemporaryDir m_consentDir;
    std::shared_ptr<reconcile::ClusterConsentStore> m_consent;
    std::optional<workspace::WorkspaceConfig> m_config;
    double m_deployMs = 0;
    std::vector<double> m_refreshMs;
    std::size_t m_lastPaired = 0;
    int m_lastSynced = 0;
};

} // namespace syncline::bench
