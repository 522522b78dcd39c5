#pragma once

#include "FigureRow.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ReconcileEngine.h"
#include "support/GitFixture.h"
#include "support/TestServers.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <vector>

namespace syncline::bench {

// Live updates on one server: an engine watches one environment of 20 ConfigMaps
// (EngineOptions::liveUpdates, no periodic cycle); the benchmark changes one object at a
// time (a merge patch, as `kubectl patch` sends) and times the request's start → the
// engine's snapshot showing it, next to `kubectl get --watch` printing the same change in
// the same run (the peer). Two changes before the counted ones warm both up.
class WatchLatencyBench {
public:
    WatchLatencyBench(const test::TestServer& server, int changes);
    ~WatchLatencyBench();

    bool prepare(QString* error); // the environment synced, the engine's and kubectl's watches open
    bool measure(QString* error);
    std::vector<FigureRow> rows() const; // median and p99 of the changes
    int timeouts() const { return m_timeouts; }

private:
    void writeWorkspace();
    bool startEngine(QString* error);
    bool startKubectl(QString* error);
    void timeChange(int index, bool counted);
    void patchLater(int object, const char* mode);
    static bool waitUntil(const std::function<bool()>& done, int ms);

    const test::TestServer& m_server;
    int m_changes;
    test::GitFixture m_repo;
    QTemporaryDir m_consentDir;
    std::shared_ptr<reconcile::ClusterConsentStore> m_consent;
    std::unique_ptr<reconcile::ReconcileEngine> m_engine;
    reconcile::SnapshotPtr m_last;
    std::shared_ptr<kube::HttpKubeClient> m_client;
    QProcess m_kubectl;
    std::vector<double> m_engineMs;
    std::vector<double> m_kubectlMs;
    int m_timeouts = 0;
};

} // namespace syncline::bench
