#pragma once

#include "DialogCredentialPrompt.h"

#include <QObject>

#include <memory>

namespace syncline::models {
struct RepositoryInfo;
}
namespace syncline::ui {
class MainWindow;
}

namespace syncline::app {

class KeychainStore;

// What the window's Fetch and pushes authenticate with: the app's credential chain (ssh-agent and
// key files, SYNCLINE_GIT_TOKEN, the keychain asking through dialogs, the git credential
// helper) for the open repository, and the host-key dialog. SYNCLINE_GIT_TOKEN goes only to
// SYNCLINE_GIT_HOST or, when that is unset, to the host of origin (the remote the window
// fetches and pushes) as configured when the repository opened. Tells the user once when
// secrets can only be kept for this session because no keychain answers.
class WindowGitAccess : public QObject {
    Q_OBJECT
public:
    explicit WindowGitAccess(ui::MainWindow* window);
    ~WindowGitAccess() override;

private:
    void onOpened(const models::RepositoryInfo& info);
    void reportKeychain();

    ui::MainWindow* m_window;
    std::shared_ptr<KeychainStore> m_store;
    std::shared_ptr<ui::DialogCredentialPrompt> m_prompt;
    QString m_workDir; // the repository the chains were made for
    bool m_reported = false;
};

} // namespace syncline::app
