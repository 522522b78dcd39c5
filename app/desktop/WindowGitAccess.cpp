#include "WindowGitAccess.h"

#include "ActionController.h"
#include "ActionLauncher.h"
#include "GitCredentialChain.h"
#include "KeychainStore.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "RepositoryController.h"
#include "git/Repository.h"

namespace syncline::app {

namespace {

// The chain and the store it reads, kept alive together while a push uses them.
struct ChainHolder {
    std::shared_ptr<KeychainStore> store;
    std::shared_ptr<ui::DialogCredentialPrompt> prompt;
    GitCredentialChain chain;

    ChainHolder(std::shared_ptr<KeychainStore> s, std::shared_ptr<ui::DialogCredentialPrompt> p, const QString& dir,
                const QStringList& tokenHosts)
        : store(std::move(s)), prompt(std::move(p)), chain(*store, prompt.get(), dir, tokenHosts) {}
};

} // namespace

WindowGitAccess::WindowGitAccess(ui::MainWindow* window)
    : m_window(window), m_store(std::make_shared<KeychainStore>()),
      m_prompt(std::make_shared<ui::DialogCredentialPrompt>(window)) {
    connect(window->controller(), &models::RepositoryController::opened, this, &WindowGitAccess::onOpened);
    auto* actions = window->actionLauncher()->controller();
    connect(actions, &models::ActionController::runFinished, this, &WindowGitAccess::reportKeychain);
    connect(actions, &models::ActionController::newBranchPushed, this, &WindowGitAccess::reportKeychain);
    connect(window->controller(), &models::RepositoryController::fetchFinished, this, &WindowGitAccess::reportKeychain);
}

WindowGitAccess::~WindowGitAccess() = default;

void WindowGitAccess::onOpened(const models::RepositoryInfo& info) {
    if (info.workDir == m_workDir)
        return; // a re-read of the same repository keeps this session's answers
    m_workDir = info.workDir;
    // One chain per executor: a chain serves one operation at a time, and Fetch and the
    // actions' pushes run on different threads. Store and dialogs are shared.
    QStringList tokenHosts;
    if (const auto repository = git::Repository::open(info.workDir))
        tokenHosts = GitCredentialChain::tokenHostsOf(*repository, QStringLiteral("origin"));
    auto chainFor = [&] {
        auto holder = std::make_shared<ChainHolder>(m_store, m_prompt, info.workDir, tokenHosts);
        return std::shared_ptr<git::CredentialProvider>(holder, holder->chain.provider());
    };
    std::shared_ptr<git::HostKeyPrompt> hostKeys(m_prompt, m_prompt.get());
    m_window->actionLauncher()->controller()->setRemoteAccess(chainFor(), hostKeys);
    m_window->controller()->setRemoteAccess(chainFor(), hostKeys);
}

void WindowGitAccess::reportKeychain() {
    if (m_reported || m_store->keychainAvailable())
        return;
    const QString reason = m_store->unavailableReason();
    if (reason.isEmpty())
        return;
    m_reported = true;
    m_window->messageBar()->addMessage(ui::MessageBar::Level::Info, reason);
}

} // namespace syncline::app
