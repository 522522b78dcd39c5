#pragma once

#include <QString>

#include <optional>

namespace syncline::git {

// Asks the user for a secret once (an HTTPS token, an SSH key's passphrase). Core defines
// it, next to HostKeyPrompt; the UI adapts it to a dialog, the CLI to a terminal prompt.
// Called on the worker thread doing the network operation; implementations block until
// the user answered (std::nullopt: cancelled).
class CredentialPrompt {
public:
    virtual ~CredentialPrompt() = default;

    struct TokenAnswer {
        QString username;
        QString token; // secret
        bool remember = false;
    };
    // HTTPS: `host` needs a username and token/password. `reason` says why we ask again
    // ("the stored token was refused").
    virtual std::optional<TokenAnswer> askToken(const QString& host, const QString& usernameHint, const QString& reason) = 0;

    struct PassphraseAnswer {
        QString passphrase; // secret
        bool remember = false;
    };
    virtual std::optional<PassphraseAnswer> askPassphrase(const QString& privateKeyPath, const QString& reason) = 0;
};

} // namespace syncline::git
