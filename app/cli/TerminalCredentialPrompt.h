#pragma once

#include "git/CredentialPrompt.h"

namespace syncline::app {

// Asks for an HTTPS username + token or an SSH key passphrase on the terminal, the secret
// typed without echo, then "remember in the keychain?". Without an interactive terminal it
// answers "cancelled" at once, so scripts and tests never block.
class TerminalCredentialPrompt final : public git::CredentialPrompt {
public:
    std::optional<TokenAnswer> askToken(const QString& host, const QString& usernameHint, const QString& reason) override;
    std::optional<PassphraseAnswer> askPassphrase(const QString& privateKeyPath, const QString& reason) override;

    // The user typed a secret (so whether the keychain can keep it matters to them).
    bool askedForSecret() const { return m_asked; }

private:
    bool m_asked = false;
};

} // namespace syncline::app
