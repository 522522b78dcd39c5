#pragma once

#include "git/CredentialProvider.h"

namespace syncline::git {

// HTTPS username + access token (or password) held in memory for the session; the
// keychain-backed provider builds on the same interface. The token is offered once per
// operation: a rejected token is not retried.
//
// The token is only sent where it cannot leak: over https, or over plain http to a
// loopback address (local test and development servers); and, when `host` is given,
// only to that host.
class TokenCredentialProvider final : public CredentialProvider {
public:
    // An empty `username` means the one in the URL, else "git" (hosts that identify the
    // user by the token alone accept any name).
    TokenCredentialProvider(QString username, QString token, QString host = {});

    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override;
    QString exhaustedHint(const CredentialRequest& request) const override;

private:
    bool mayReceiveToken(const QString& url) const;

    QString m_username;
    QString m_token;
    QString m_host;
};

} // namespace syncline::git
