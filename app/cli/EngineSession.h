#pragma once

#include "WorkspaceContext.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ReconcileEngine.h"
#include "util/Result.h"

#include <QStringList>

#include <memory>
#include <vector>

namespace syncline::app {

// The reconcile engine for one command-line run: the workspace's environments against
// their clusters (kubeconfig, exec approvals and cluster consents from the settings the
// window uses too). Call ensureConsent() before refresh()/sync(): a cluster not trusted
// for this repository is never contacted (the engine reports ConsentRequired).
// The command line's main thread runs the event loop while it waits.
class EngineSession {
public:
    // refreshIntervalMs 0: one answer per request; else every environment is read again at
    // that interval once start() is called. liveUpdates: watches publish changes as they
    // happen (`status --watch`).
    explicit EngineSession(const WorkspaceContext& context, int refreshIntervalMs = 0, bool liveUpdates = false);
    ~EngineSession();

    // TerminalClusterConsent::ensure for these environments (all when empty).
    util::Result<void> ensureConsent(const QStringList& environments, bool yes);
    // One fresh snapshot of each named environment (all when empty), in workspace order.
    util::Result<std::vector<reconcile::SnapshotPtr>> refresh(const QStringList& environments, int timeoutMs = 120'000);
    reconcile::SyncResult sync(const reconcile::SyncRequest& request, int timeoutMs = 600'000);
    reconcile::ReconcileEngine& engine() { return *m_engine; }

private:
    const WorkspaceContext& m_context;
    std::shared_ptr<reconcile::ClusterConsentStore> m_consent;
    std::unique_ptr<reconcile::ReconcileEngine> m_engine;
};

} // namespace syncline::app
