#include "git/TokenCredentialProvider.h"

#include <QRegularExpression>
#include <QUrl>

namespace syncline::git {

namespace {

bool isLoopback(const QString& host) {
    // Plain string checks: core links Qt Core only, so no QHostAddress here.
    static const QRegularExpression ipv4Loopback(QStringLiteral("^127(\\.[0-9]{1,3}){3}$"));
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           host == QLatin1String("::1") || ipv4Loopback.match(host).hasMatch();
}

} // namespace

TokenCredentialProvider::TokenCredentialProvider(QString username, QString token, QString host)
    : m_username(std::move(username))
    , m_token(std::move(token))
    , m_host(std::move(host)) {}

bool TokenCredentialProvider::mayReceiveToken(const QString& url) const {
    const QUrl parsed(url);
    const QString scheme = parsed.scheme().toLower();
    const bool secure =
        scheme == QLatin1String("https") || (scheme == QLatin1String("http") && isLoopback(parsed.host()));
    if (!secure)
        return false;
    return m_host.isEmpty() || parsed.host().compare(m_host, Qt::CaseInsensitive) == 0;
}

std::optional<Credential> TokenCredentialProvider::credential(const CredentialRequest& request, int attempt) {
    if (attempt != 1 || m_token.isEmpty() || !request.allowed.testFlag(CredentialKind::UserPassword) ||
        !mayReceiveToken(request.url))
        return std::nullopt;
    QString user = m_username;
    if (user.isEmpty())
        user = request.usernameFromUrl.isEmpty() ? QStringLiteral("git") : request.usernameFromUrl;
    return UserPasswordCredential{user, m_token};
}

QString TokenCredentialProvider::exhaustedHint(const CredentialRequest& request) const {
    if (m_token.isEmpty())
        return QStringLiteral("no access token is configured");
    if (!mayReceiveToken(request.url))
        return m_host.isEmpty() ? QStringLiteral("the access token is only sent over https")
                                : QStringLiteral("the access token is only sent over https to ") + m_host;
    return QStringLiteral("the access token was rejected: check that it is valid, not expired and "
                          "allowed to read this repository");
}

} // namespace syncline::git
