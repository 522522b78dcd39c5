#include "git/TokenCredentialProvider.h"

#include "git/RemoteUrl.h"

namespace syncline::git {

TokenCredentialProvider::TokenCredentialProvider(QString username, QString token, QStringList hosts)
    : m_username(std::move(username)), m_token(std::move(token)), m_hosts(std::move(hosts)) {
    m_hosts.removeAll(QString());
}

bool TokenCredentialProvider::isForHost(const QString& url) const {
    for (const QString& host : m_hosts)
        if (RemoteUrl::isOnHost(url, host))
            return true;
    return false;
}

std::optional<Credential> TokenCredentialProvider::credential(const CredentialRequest& request, int attempt) {
    if (attempt != 1 || m_token.isEmpty() || !request.allowed.testFlag(CredentialKind::UserPassword) ||
        !RemoteUrl::maySendSecrets(request.url) || !isForHost(request.url))
        return std::nullopt;
    QString user = m_username;
    if (user.isEmpty())
        user = request.usernameFromUrl.isEmpty() ? QStringLiteral("git") : request.usernameFromUrl;
    return UserPasswordCredential{user, m_token};
}

QString TokenCredentialProvider::exhaustedHint(const CredentialRequest& request) const {
    if (m_token.isEmpty())
        return QStringLiteral("no access token is configured");
    if (!RemoteUrl::maySendSecrets(request.url))
        return QStringLiteral("the access token is only sent over https");
    if (m_hosts.isEmpty())
        return QStringLiteral("the access token was given for no host, so it was not sent");
    if (!isForHost(request.url))
        return QStringLiteral("the access token is only sent to %1, not to %2")
            .arg(m_hosts.join(QStringLiteral(", ")), RemoteUrl::hostAndPort(request.url));
    return QStringLiteral("the access token was rejected: check that it is valid, not expired and "
                          "allowed to read this repository");
}

} // namespace syncline::git
