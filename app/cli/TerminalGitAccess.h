#pragma once

#include "GitCredentialChain.h"
#include "KeychainStore.h"
#include "TerminalCredentialPrompt.h"
#include "TerminalHostKeyPrompt.h"

#include <QString>

namespace syncline::app {

// What one command-line fetch or push authenticates with: the app's credential chain,
// asking on the terminal, and the terminal host-key question. SYNCLINE_GIT_TOKEN goes to
// the host of `remote` as configured when this is made (unless SYNCLINE_GIT_HOST says).
class TerminalGitAccess {
public:
    TerminalGitAccess(const git::Repository& repository, const QString& remote);

    git::CredentialProvider* credentials() { return m_chain.provider(); }
    // Null without an interactive terminal: an unknown host is then refused with the error
    // that shows the fingerprint and the command to add the key.
    git::HostKeyPrompt* hostKeyPrompt();
    // Once, on stderr: when the user typed a secret and no keychain answered, says it is
    // kept for this run only and why. Never prints the secret.
    void reportKeychain(const QString& command);

private:
    KeychainStore m_store;
    TerminalCredentialPrompt m_prompt;
    TerminalHostKeyPrompt m_hostKeys;
    GitCredentialChain m_chain;
    bool m_reported = false;
};

} // namespace syncline::app
