#include "EngineSession.h"

#include "KeychainStore.h"
#include "TerminalClusterConsent.h"
#include "activity/ActivityLog.h"
#include "kube/ExecApprovals.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileActivity.h"

#include <QEventLoop>
#include <QTimer>

#include <map>

namespace syncline::app {

EngineSession::EngineSession(const WorkspaceContext& context, int refreshIntervalMs, bool liveUpdates)
    : m_context(context), m_consent(std::make_shared<reconcile::ClusterConsentStore>()) {
    const QString root = context.repository->workDir();
    reconcile::EngineOptions options;
    options.refreshIntervalMs = refreshIntervalMs;
    options.liveUpdates = liveUpdates;
    // Cluster tokens typed in the window's cluster dialog live in the keychain: the command
    // line uses them too.
    m_engine = std::make_unique<reconcile::ReconcileEngine>(
        root, context.workspace.config,
        std::make_shared<reconcile::KubeconfigClientProvider>(
            root, std::make_shared<kube::SettingsExecApprovals>(), m_consent, kube::HttpClientOptions{},
            reconcile::ClusterTokenStore::lookupIn(std::make_shared<KeychainStore>())),
        options);
}

EngineSession::~EngineSession() { m_engine->shutdown(); }

util::Result<void> EngineSession::ensureConsent(const QStringList& environments, bool yes) {
    return TerminalClusterConsent::ensure(m_context, *m_consent, environments, yes);
}

util::Result<std::vector<reconcile::SnapshotPtr>> EngineSession::refresh(const QStringList& environments, int timeoutMs) {
    QStringList wanted = environments;
    if (wanted.isEmpty()) {
        for (const auto& environment : m_context.workspace.config.environments)
            wanted << environment.name;
    }
    for (const QString& name : wanted) {
        if (auto found = m_context.environment(name); !found)
            return util::fail(found.error());
    }
    std::map<QString, reconcile::SnapshotPtr> arrived;
    QEventLoop loop;
    QObject::connect(m_engine.get(), &reconcile::ReconcileEngine::snapshotReady, &loop,
                     [&](const reconcile::SnapshotPtr& snapshot) {
                         if (!wanted.contains(snapshot->environment))
                             return;
                         arrived[snapshot->environment] = snapshot;
                         if (int(arrived.size()) == wanted.size())
                             loop.quit();
                     });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    for (const QString& name : wanted)
        m_engine->refresh(name);
    loop.exec();
    if (int(arrived.size()) != wanted.size())
        return util::fail(util::ErrorCode::Timeout, QStringLiteral("no answer from every cluster in %1 s").arg(timeoutMs / 1000));
    std::vector<reconcile::SnapshotPtr> snapshots;
    for (const QString& name : wanted)
        snapshots.push_back(arrived[name]);
    return snapshots;
}

reconcile::SyncResult EngineSession::sync(const reconcile::SyncRequest& request, int timeoutMs) {
    QFuture<reconcile::SyncResult> future = m_engine->sync(request);
    QEventLoop loop;
    QObject::connect(m_engine.get(), &reconcile::ReconcileEngine::syncFinished, &loop, [&](const reconcile::SyncResult& result) {
        if (result.environment == request.environment)
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!future.isFinished())
        loop.exec();
    reconcile::SyncResult result;
    if (future.isFinished()) {
        result = future.result();
    } else {
        result.environment = request.environment;
        result.error =
            util::makeError(util::ErrorCode::Timeout, QStringLiteral("the sync did not finish in time"), request.environment);
    }
    activity::ActivityLog::record(reconcile::ReconcileActivity::sync(result, m_context.repository->workDir()));
    return result;
}

} // namespace syncline::app
