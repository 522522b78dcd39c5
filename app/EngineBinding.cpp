#include "EngineBinding.h"

#include "ClusterSettingsDialog.h"
#include "KeychainStore.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RepositoryController.h"

#include "git/SshCredentialProvider.h"
#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "util/PoolRunner.h"

namespace syncline::app {

namespace {

// What became of a token from the dialog; never the token itself.
struct TokenOutcome {
    bool forgotten = false;
    bool sessionOnly = false;
    QString error;            // non-empty: neither stored nor forgotten
    QString unavailableReason; // why only for this session
};

// Runs on the keychain worker: the keychain blocks. Filed under the kubeconfig file and the
// context's real name, as KubeconfigClientProvider looks it up.
TokenOutcome saveToken(KeychainStore& keychain, const QString& root, const workspace::ClusterRef& cluster,
                       const QString& token) {
    TokenOutcome outcome;
    auto scope = reconcile::KubeconfigClientProvider::tokenScope(cluster, root);
    if (!scope) {
        outcome.error = scope.error().toString();
        return outcome;
    }
    if (token.isEmpty()) {
        outcome.forgotten = true;
        if (auto removed = keychain.forgetClusterToken(*scope); !removed)
            outcome.error = removed.error().toString();
        return outcome;
    }
    auto stored = keychain.storeClusterToken(*scope, token);
    if (!stored) {
        outcome.error = stored.error().toString();
    } else if (*stored == SecretStorage::SessionMemory) {
        outcome.sessionOnly = true;
        outcome.unavailableReason = keychain.unavailableReason();
    }
    return outcome;
}

} // namespace

EngineBinding::EngineBinding(ui::MainWindow* window, std::shared_ptr<KeychainStore> keychain)
    : m_window(window)
    , m_approvals(std::make_shared<kube::SettingsExecApprovals>())
    , m_keychain(keychain ? std::move(keychain) : std::make_shared<KeychainStore>())
    , m_consent(std::make_shared<reconcile::ClusterConsentStore>()) {
    m_keychainPool.setMaxThreadCount(1);
    m_kubeconfigPool.setMaxThreadCount(1);
    auto* controller = window->controller();
    connect(controller, &models::RepositoryController::opened, this, &EngineBinding::onOpened);
    connect(controller, &models::RepositoryController::workspaceLoaded, this, &EngineBinding::onWorkspaceLoaded);
    connect(controller, &models::RepositoryController::closed, this, [this] { m_engine.reset(); });
    // New commits and fetched refs move targets: every environment looks again.
    auto changed = [this] {
        if (m_engine)
            m_engine->repositoryChanged();
    };
    connect(controller, &models::RepositoryController::fetchFinished, this, changed);
    connect(controller, &models::RepositoryController::workspaceWritten, this, changed);

    connect(window, &ui::MainWindow::refreshRequested, this, [this](const QString& environment) {
        if (!m_engine)
            return;
        // Refresh of an untrusted environment asks first: reading it again would only refuse again.
        if (const auto last = m_engine->snapshot(environment);
            last && last->error && last->error->code == util::ErrorCode::ConsentRequired)
            askConsent(environment);
        m_engine->refresh(environment);
    });
    connect(window, &ui::MainWindow::clusterTrustRequested, this, &EngineBinding::askConsent);
    connect(window, &ui::MainWindow::clusterConsentAccepted, this, &EngineBinding::onConsentAccepted);
    connect(window, &ui::MainWindow::refreshAllRequested, this, [this] {
        if (m_engine)
            m_engine->refreshAll();
    });
    connect(window, &ui::MainWindow::syncRequested, this, [this](const reconcile::SyncRequest& request) {
        if (m_engine)
            m_engine->sync(request);
    });
    connect(window, &ui::MainWindow::syncAllRequested, this, &EngineBinding::syncAll);
    connect(window, &ui::MainWindow::clusterSettingsAccepted, this, &EngineBinding::onClusterSettingsAccepted);
    window->setExecApprovalLookup(
        [approvals = m_approvals](const kube::ExecFingerprint& fingerprint) { return approvals->isApproved(fingerprint); });
}

EngineBinding::~EngineBinding() {
    // A store still running finishes first; its queued answer dies with this object.
    m_keychainPool.waitForDone();
    m_kubeconfigPool.waitForDone();
    if (m_engine)
        m_engine->shutdown();
}

void EngineBinding::onOpened(const models::RepositoryInfo& info) {
    if (info.workDir != m_root) {
        m_engine.reset();
        m_clusterOverrides.clear();
        m_askedConsent.clear();
        m_root = info.workDir;
    }
}

void EngineBinding::onWorkspaceLoaded(const workspace::Workspace& workspace) {
    if (m_engine && workspace.config == m_config) {
        m_engine->repositoryChanged(); // same map, maybe new commits: look again
        return;
    }
    m_config = workspace.config;
    startEngine();
}

void EngineBinding::startEngine() {
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
    reconcile::EngineOptions options;
    options.refreshIntervalMs = 30'000;
    // Fetch on its own schedule, as the window's Fetch does (ssh-agent, key files); a
    // failure keeps every environment's last state, marked stale with the reason.
    options.fetchIntervalMs = 180'000;
    options.fetchCredentials = git::SshCredentialProvider::makeDefault();
    // Tokens typed in the dialog, read on the engine's worker threads.
    m_engine = std::make_unique<reconcile::ReconcileEngine>(
        m_root, config,
        std::make_shared<reconcile::KubeconfigClientProvider>(m_root, m_approvals, m_consent, kube::HttpClientOptions{},
                                                              KeychainStore::clusterTokenLookup(m_keychain)),
        options);
    connect(m_engine.get(), &reconcile::ReconcileEngine::snapshotReady, m_window, &ui::MainWindow::applySnapshot);
    connect(m_engine.get(), &reconcile::ReconcileEngine::snapshotReady, this, &EngineBinding::onSnapshot);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncStarted, m_window, &ui::MainWindow::applySyncStarted);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncProgress, m_window, &ui::MainWindow::applySyncProgress);
    connect(m_engine.get(), &reconcile::ReconcileEngine::syncFinished, m_window, &ui::MainWindow::applySyncResult);
    m_engine->start();
}

void EngineBinding::onSnapshot(const reconcile::SnapshotPtr& snapshot) {
    if (!snapshot || !snapshot->error || snapshot->error->code != util::ErrorCode::ConsentRequired)
        return;
    // Once per cluster and session: "Not now" is an answer; the card keeps its Trust… button.
    QString& asked = m_askedConsent[snapshot->environment];
    if (asked == snapshot->error->message)
        return;
    asked = snapshot->error->message;
    askConsent(snapshot->environment);
}

void EngineBinding::askConsent(const QString& environment) {
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
    util::runOn(m_kubeconfigPool, [consent = m_consent, root = m_root, environment = *found]() {
        const QString repository = reconcile::ClusterConsentStore::repositoryKeyOf(root);
        return Question{reconcile::ClusterConsent::resolve(environment.cluster, root),
                        consent->recorded(repository, environment.name), repository};
    }, QStringLiteral("reading the kubeconfig"), [](util::Error error) {
        return Question{util::fail(std::move(error)), std::nullopt, QString()};
    }).then(this, [this, environment, wanted = found->sync](Question question) {
        if (!question.current) {
            m_window->messageBar()->addMessage(ui::MessageBar::Level::Error,
                                               QStringLiteral("The cluster of %1 cannot be read: %2")
                                                   .arg(environment, question.current.error().toString()));
            return;
        }
        m_window->askClusterConsent(environment, question.repository, *question.current, question.recorded,
                                    {.autoSync = wanted.autoSync, .prune = wanted.autoSync && wanted.prune});
    });
}

void EngineBinding::onConsentAccepted(const QString& environment, const reconcile::ClusterConsent& consent) {
    m_consent->record(reconcile::ClusterConsentStore::repositoryKeyOf(m_root), environment, consent);
    m_askedConsent.erase(environment);
    if (m_engine)
        m_engine->refresh(environment);
}

void EngineBinding::syncAll() {
    if (!m_engine)
        return;
    for (const auto& environment : m_engine->config().environments)
        m_engine->sync({.environment = environment.name});
}

void EngineBinding::onClusterSettingsAccepted(const QString& environment, const ui::ClusterSettings& settings) {
    if (settings.exec) {
        if (settings.execApproved)
            m_approvals->approve(*settings.exec);
        else
            m_approvals->revoke(*settings.exec);
    }
    m_clusterOverrides[environment] = settings.cluster;
    m_window->messageBar()->addMessage(
        ui::MessageBar::Level::Info,
        QStringLiteral("The cluster of %1 is changed for this session; edit its cluster: entry in syncline.yaml "
                       "and commit it to keep the change.")
            .arg(environment));
    if (!settings.token) {
        startEngine();
        Q_EMIT clusterSettingsApplied(environment);
        return;
    }
    // The engine restarts once the keychain answered, so its first look uses the new token.
    util::runOn(
        m_keychainPool,
        [keychain = m_keychain, root = m_root, cluster = settings.cluster, token = *settings.token] {
            return saveToken(*keychain, root, cluster, token);
        },
        QStringLiteral("storing the cluster token"),
        [](const util::Error& error) { return TokenOutcome{.error = error.toString()}; })
        .then(this, [this, environment](const TokenOutcome& outcome) {
            onTokenSaved(environment, outcome.forgotten, outcome.sessionOnly, outcome.error, outcome.unavailableReason);
        });
}

void EngineBinding::onTokenSaved(const QString& environment, bool forgotten, bool sessionOnly, const QString& error,
                                 const QString& unavailableReason) {
    using Level = ui::MessageBar::Level;
    if (!error.isEmpty())
        m_window->messageBar()->addMessage(
            Level::Warning, (forgotten ? QStringLiteral("The stored token of %1 could not be forgotten: %2")
                                       : QStringLiteral("The token of %1 could not be stored: %2"))
                                .arg(environment, error));
    else if (sessionOnly)
        m_window->messageBar()->addMessage(
            Level::Info, QStringLiteral("The token of %1 is kept for this session only: %2").arg(environment, unavailableReason));
    else if (forgotten)
        m_window->messageBar()->addMessage(Level::Info,
                                           QStringLiteral("The stored token of %1 is forgotten.").arg(environment));
    startEngine();
    Q_EMIT clusterSettingsApplied(environment);
}

} // namespace syncline::app
