#include "TerminalGitAccess.h"

#include "Terminal.h"
#include "git/Repository.h"

#include <cstdio>

namespace syncline::app {

TerminalGitAccess::TerminalGitAccess(const git::Repository& repository, const QString& remote)
    : m_chain(m_store, &m_prompt, repository.workDir(), GitCredentialChain::tokenHostsOf(repository, remote)) {}

git::HostKeyPrompt* TerminalGitAccess::hostKeyPrompt() { return Terminal::open() ? &m_hostKeys : nullptr; }

void TerminalGitAccess::reportKeychain(const QString& command) {
    if (m_reported || !m_prompt.askedForSecret() || m_store.keychainAvailable())
        return;
    m_reported = true;
    std::fprintf(stderr, "syncline %s: %s\n", qPrintable(command), qPrintable(m_store.unavailableReason()));
}

} // namespace syncline::app
