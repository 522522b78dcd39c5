#pragma once

#include "git/CredentialProvider.h"

#include <QStringList>

namespace syncline::git {

// HTTPS username + access token (or password) held in memory for the session; the
// keychain-backed provider builds on the same interface. The token is offered once per
// operation: a rejected token is not retried.
//
// The token goes only to the hosts it was given for ("host" or "host:port"; a host
// without a port means the scheme's default port), and there only over https or plain
// http to a loopback address (local test and development servers). No hosts: it is
// offered nowhere — never to whatever https host a redirect or another remote names.
class TokenCredentialProvider final : public CredentialProvider {
public:
    // An empty `username` means the one in the URL, else "git" (hosts that identify the
    // user by the token alone accept any name).
    TokenCredentialProvider(QString username, QString token, QStringList hosts);

    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override;
    QString exhaustedHint(const CredentialRequest& request) const override;

private:
    bool isForHost(const QString& url) const;

    QString m_username;
    QString m_token;
    QStringList m_hosts;
};

} // namespace syncline::git
