#include "EngineController.h"

#include "EngineSettings.h"
#include "RepositoryController.h"
#include "activity/ActivityLog.h"
#include "git/SshCredentialProvider.h"
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ClusterTokenStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "reconcile/ReconcileActivity.h"
#include "util/PoolRunner.h"

#include <QCoreApplication>

namespace syncline::models {

namespace {

// What became of a token from the dialog; never the token itself.
struct TokenOutcome {
    bool forgotten = false;
    bool sessionOnly = false;
    QString error;             // non-empty: neither stored nor forgotten
    QString unavailableReason; // why only for this session
};

// Runs on the token worker: the store may block (the app's keychain does). Filed under the
// kubeconfig file and the context's real name, as KubeconfigClientProvider looks it up.
TokenOutcome saveToken(reconcile::ClusterTokenStore* tokens, const QString& root, const workspace::ClusterRef& cluster,
                       const QString& token) {
    TokenOutcome outcome;
    auto scope = reconcile::KubeconfigClientProvider::tokenScope(cluster, root);
    if (!scope) {
        outcome.error = scope.error().toString();
        return outcome;
    }
    outcome.forgotten = token.isEmpty();
    if (!tokens) {
        outcome.error = QCoreApplication::translate("EngineController", "no token store is available");
        return outcome;
    }
    if (outcome.forgotten) {
        if (auto removed = tokens->forgetToken(*scope); !removed)
            outcome.error = removed.error().toString();
        return outcome;
    }
    auto stored = tokens->storeToken(*scope, token);
    if (!stored) {
        outcome.error = stored.error().toString();
    } else if (*stored == reconcile::ClusterTokenStore::Kept::ForSessionOnly) {
        outcome.sessionOnly = true;
        outcome.unavailableReason = tokens->unavailableReason();
    }
    return outcome;
}

} // namespace

EngineController::EngineController(RepositoryController* repositories, std::shared_ptr<reconcile::ClusterTokenStore> tokens,
                                   std::shared_ptr<kube::ExecApprovals> approvals, QObject* parent)
    : QObject(parent), m_approvals(approvals ? std::move(approvals) : std::make_shared<kube::SettingsExecApprovals>()),
      m_tokens(std::move(tokens)), m_consent(std::make_shared<reconcile::ClusterConsentStore>()) {
    m_tokenPool.setMaxThreadCount(1);
    m_kubeconfigPool.setMaxThreadCount(1);
    connect(repositories, &RepositoryController::opened, this, &EngineController::onOpened);
    connect(repositories, &RepositoryController::workspaceLoaded, this, &EngineController::onWorkspaceLoaded);
    connect(repositories, &RepositoryController::closed, this, [this] { m_engine.reset(); });
    // New commits and fetched refs move targets: every environment looks again.
    auto changed = [this] {
        if (m_engine)
            m_engine->repositoryChanged();
    };
    connect(repositories, &RepositoryController::fetchFinished, this, changed);
    connect(repositories, &RepositoryController::workspaceWritten, this, changed);
}

EngineController::~EngineController() {
    // A store still running finishes first; its queued answer dies with this object.
    m_tokenPool.waitForDone();
    m_kubeconfigPool.waitForDone();
    if (m_engine)
        m_engine->shutdown();
}

void EngineController::onOpened(const RepositoryInfo& info) {
    if (info.workDir != m_root) {
        m_engine.reset();
        m_clusterOverrides.clear();
        m_askedConsent.clear();
        m_root = info.workDir;
    }
}

void EngineController::onWorkspaceLoaded(const workspace::Workspace& workspace) {
    if (m_engine && workspace.config == m_config) {
        m_engine->repositoryChanged(); // same map, maybe new commits: look again
        return;
    }
    m_config = workspace.config;
    startEngine();
}

void EngineController::applyEngineSettings() { startEngine(); }

void EngineController::startEngine() {
    if (m_engine)
        m_engine->shutdown();
    m_engine.reset();
    if (m_root.isEmpty() || m_config.environments.empty())
        return;
    workspace::WorkspaceConfig config = m_config;
    for (auto& environment : config.environments) {
        if (auto found = m_clusterOverrides.find(environment.name); found != m_clusterOverrides.end())
            environment.cluster = found->second;
    }
    const EngineSettings settings = EngineSettings::load();
    reconcile::EngineOptions options;
    options.refreshIntervalMs = settings.refreshIntervalSeconds * 1000;
    // Changes on a cluster show within a second, as in Argo CD, Lens or k9s; the periodic
    // read stays as the safety net.
    options.liveUpdates = settings.liveUpdates;
    // Fetch on its own schedule, as the window's Fetch does (ssh-agent, key files); a
    // failure keeps every environment's last state, marked stale with the reason.
    options.fetchIntervalMs = settings.fetchIntervalSeconds * 1000;
    options.fetchCredentials = git::SshCredentialProvider::makeDefault();
    // Tokens typed in the dialog, read on the engine's worker threads.
    m_engine = std::make_unique<reconcile::ReconcileEngine>(
        m_root, config,
        std::make_shared<reconcile::KubeconfigClientProvider>(m_root, m_approvals, m_consent, kube::HttpClientOptions{},
                                                              reconcile::ClusterTokenStore::lookupIn(m_tokens)),
        options);
    connect(m_engine.get(), &reconcile::ReconcileEngine::snapshotReady, this, &EngineController::snapshotReady);
    connect(m_engine.get(), &reconcile::ReconcileEngine::snapshotReady, this, &EngineController::onSnapshot);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncStarted, this, &EngineController::syncStarted);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncProgress, this, &EngineController::syncProgress);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncFinished, this, &EngineController::syncFinished);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncFinished, this,
            [root = m_root](const reconcile::SyncResult& result) {
                activity::ActivityLog::record(reconcile::ReconcileActivity::sync(result, root));
            });
    m_engine->start();
}

void EngineController::onSnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot || !snapshot->error || snapshot->error->code != util::ErrorCode::ConsentRequired)
        return;
    // Once per cluster and session: "Not now" is an answer; the card keeps its Trust… button.
    QString& asked = m_askedConsent[snapshot->environment];
    if (asked == snapshot->error->message)
        return;
    asked = snapshot->error->message;
    askConsent(snapshot->environment);
}

void EngineController::askConsent(const QString& environment) {
    if (!m_engine)
        return;
    const workspace::Environment* found = m_engine->config().find(environment);
    if (!found)
        return;
    struct Question {
        util::Result<reconcile::ClusterConsent> current;
        std::optional<reconcile::ClusterConsent> recorded;
        QString repository;
    };
    util::runOn(
        m_kubeconfigPool,
        [consent = m_consent, root = m_root, environment = *found]() {
            const QString repository = reconcile::ClusterConsentStore::repositoryKeyOf(root);
            return Question{reconcile::ClusterConsent::resolve(environment.cluster, root),
                            consent->recorded(repository, environment.name), repository};
        },
        tr("reading the kubeconfig"),
        [](util::Error error) {
            return Question{util::fail(std::move(error)), std::nullopt, QString()};
        })
        .then(this, [this, environment, wanted = found->sync](Question question) {
            if (!question.current) {
                Q_EMIT noticed(Notice::Error,
                               tr("The cluster of %1 cannot be read: %2").arg(environment, question.current.error().toString()));
                return;
            }
            Q_EMIT consentNeeded({.environment = environment,
                                  .repository = question.repository,
                                  .current = *question.current,
                                  .recorded = question.recorded,
                                  .autoSyncWanted = wanted.autoSync,
                                  .pruneWanted = wanted.autoSync && wanted.prune});
        });
}

void EngineController::acceptConsent(const QString& environment, const reconcile::ClusterConsent& consent) {
    m_consent->record(reconcile::ClusterConsentStore::repositoryKeyOf(m_root), environment, consent);
    activity::ActivityLog::record(reconcile::ReconcileActivity::consent(m_root, environment, consent));
    m_askedConsent.erase(environment);
    if (m_engine)
        m_engine->refresh(environment);
}

void EngineController::refresh(const QString& environment) {
    if (!m_engine)
        return;
    // Refresh of an untrusted environment asks first: reading it again would only refuse again.
    if (const auto last = m_engine->snapshot(environment);
        last && last->error && last->error->code == util::ErrorCode::ConsentRequired)
        askConsent(environment);
    m_engine->refresh(environment);
}

void EngineController::refreshAll() {
    if (m_engine)
        m_engine->refreshAll();
}

void EngineController::sync(const reconcile::SyncRequest& request) {
    if (m_engine)
        m_engine->sync(request);
}

void EngineController::syncAll() {
    if (!m_engine)
        return;
    for (const auto& environment : m_engine->config().environments)
        m_engine->sync({.environment = environment.name});
}

void EngineController::applyClusterSettings(const QString& environment, const ClusterSettings& settings) {
    if (settings.exec) {
        if (settings.execApproved)
            m_approvals->approve(*settings.exec);
        else
            m_approvals->revoke(*settings.exec);
    }
    m_clusterOverrides[environment] = settings.cluster;
    Q_EMIT noticed(Notice::Info, tr("The cluster of %1 is changed for this session; edit its cluster: entry in syncline.yaml "
                                    "and commit it to keep the change.")
                                     .arg(environment));
    if (!settings.token) {
        startEngine();
        Q_EMIT clusterSettingsApplied(environment);
        return;
    }
    saveTokenThenRestart(environment, settings.cluster, *settings.token);
}

void EngineController::storeClusterToken(const QString& environment, const QString& token) {
    const workspace::Environment* found = m_engine ? m_engine->config().find(environment) : nullptr;
    if (!found || token.isEmpty())
        return;
    saveTokenThenRestart(environment, found->cluster, token);
}

// The engine restarts once the store answered, so its first look uses the new token.
void EngineController::saveTokenThenRestart(const QString& environment, const workspace::ClusterRef& cluster,
                                            const QString& token) {
    util::runOn(
        m_tokenPool, [tokens = m_tokens, root = m_root, cluster, token] { return saveToken(tokens.get(), root, cluster, token); },
        tr("storing the cluster token"), [](const util::Error& error) { return TokenOutcome{.error = error.toString()}; })
        .then(this, [this, environment](const TokenOutcome& outcome) {
            onTokenSaved(environment, outcome.forgotten, outcome.sessionOnly, outcome.error, outcome.unavailableReason);
        });
}

void EngineController::onTokenSaved(const QString& environment, bool forgotten, bool sessionOnly, const QString& error,
                                    const QString& unavailableReason) {
    if (!error.isEmpty())
        Q_EMIT noticed(Notice::Warning, (forgotten ? tr("The stored token of %1 could not be forgotten: %2")
                                                   : tr("The token of %1 could not be stored: %2"))
                                            .arg(environment, error));
    else if (sessionOnly)
        Q_EMIT noticed(Notice::Info, tr("The token of %1 is kept for this session only: %2").arg(environment, unavailableReason));
    else if (forgotten)
        Q_EMIT noticed(Notice::Info, tr("The stored token of %1 is forgotten.").arg(environment));
    startEngine();
    Q_EMIT clusterSettingsApplied(environment);
}

} // namespace syncline::models
