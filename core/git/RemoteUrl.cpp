#include "git/RemoteUrl.h"

#include <QRegularExpression>

#include <optional>

namespace syncline::git {

namespace {

// The raw (still percent-encoded) parts of "proto://[user[:password]@]host[/path]", found
// the way git's credential_from_url does: the host ends at the first '/', '?' or '#', and
// the first '@' before it ends the user-info.
struct RawParts {
    QByteArray protocol;
    std::optional<QByteArray> username;
    std::optional<QByteArray> password;
    QByteArray host;
    QByteArray path; // leading slashes trimmed
};

std::optional<RawParts> splitLikeGit(const QByteArray& url) {
    const qsizetype protoEnd = url.indexOf("://");
    if (protoEnd <= 0)
        return std::nullopt;
    RawParts parts;
    parts.protocol = url.left(protoEnd);
    const qsizetype start = protoEnd + 3;
    qsizetype slash = start;
    while (slash < url.size() && url[slash] != '/' && url[slash] != '?' && url[slash] != '#')
        ++slash;
    const qsizetype at = url.indexOf('@', start);
    const qsizetype colon = url.indexOf(':', start);
    qsizetype host = start;
    if (at >= 0 && at < slash) {
        if (colon < 0 || at <= colon) {
            parts.username = url.mid(start, at - start);
        } else {
            parts.username = url.mid(start, colon - start);
            parts.password = url.mid(colon + 1, at - colon - 1);
        }
        host = at + 1;
    }
    parts.host = url.mid(host, slash - host);
    while (slash < url.size() && url[slash] == '/')
        ++slash;
    parts.path = url.mid(slash);
    return parts;
}

QByteArray decoded(const QByteArray& raw) { return QByteArray::fromPercentEncoding(raw); }

bool hasLineBreak(const QByteArray& value) { return value.contains('\n') || value.contains('\r') || value.contains('\0'); }

QString escapeControls(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("%%1").arg(c.unicode(), 2, 16, QLatin1Char('0')).toUpper();
        else
            out += c;
    }
    return out;
}

struct HostPort {
    QString host; // without brackets, lower-case
    int port = -1;
};

// "host", "host:port", "[v6]" or "[v6]:port"; nullopt when the port is not a number.
std::optional<HostPort> parseHostPort(const QString& text) {
    HostPort out;
    QString portText;
    if (text.startsWith(QLatin1Char('['))) {
        const qsizetype close = text.indexOf(QLatin1Char(']'));
        if (close < 0)
            return std::nullopt;
        out.host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(QLatin1Char(':')))
            return std::nullopt;
        portText = rest.mid(1);
    } else {
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        out.host = colon < 0 ? text : text.left(colon);
        portText = colon < 0 ? QString() : text.mid(colon + 1);
    }
    if (!portText.isEmpty()) {
        bool ok = false;
        out.port = portText.toInt(&ok);
        if (!ok || out.port <= 0 || out.port > 65535)
            return std::nullopt;
    }
    out.host = out.host.toLower();
    return out;
}

int defaultPort(const QString& protocol) {
    if (protocol == QLatin1String("https"))
        return 443;
    if (protocol == QLatin1String("http"))
        return 80;
    if (protocol == QLatin1String("ssh"))
        return 22;
    return -1;
}

bool isLoopback(const QString& host) {
    // Plain string checks: core links Qt Core only, so no QHostAddress here.
    static const QRegularExpression ipv4Loopback(QStringLiteral("^127(\\.[0-9]{1,3}){3}$"));
    return host == QLatin1String("localhost") || host == QLatin1String("::1") || ipv4Loopback.match(host).hasMatch();
}

} // namespace

QString RemoteUrl::redacted(const QString& url) { return escapeControls(redactText(url)); }

QString RemoteUrl::redactText(QString text) {
    // Greedy up to the last '@' before the host ends: an unencoded '@' inside a password
    // must not leave the rest of it in clear.
    static const QRegularExpression userInfo(QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://)[^/?#\\s]*@"));
    return text.replace(userInfo, QStringLiteral("\\1***@"));
}

util::Result<RemoteUrl::CredentialFields> RemoteUrl::credentialFields(const QString& url) {
    const std::optional<RawParts> parts = splitLikeGit(url.toUtf8());
    if (!parts)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("the URL has no scheme"), redacted(url));
    QByteArray path = decoded(parts->path);
    while (path.endsWith('/'))
        path.chop(1);
    const std::pair<const char*, QByteArray> checked[] = {
        {"username", decoded(parts->username.value_or(QByteArray()))},
        {"password", decoded(parts->password.value_or(QByteArray()))},
        {"protocol", parts->protocol},
        {"host", decoded(parts->host)},
        {"path", path},
    };
    for (const auto& [name, value] : checked)
        if (hasLineBreak(value))
            return util::fail(util::ErrorCode::InvalidArgument,
                              QStringLiteral("the URL contains a line break (CR, LF or NUL) in its %1 component, "
                                             "so no credentials are looked up or sent for it (git refuses such "
                                             "URLs too)")
                                  .arg(QLatin1String(name)),
                              redacted(url));
    return CredentialFields{QString::fromUtf8(parts->protocol), QString::fromUtf8(checked[3].second), QString::fromUtf8(path),
                            QString::fromUtf8(checked[0].second)};
}

QString RemoteUrl::hostAndPort(const QString& url) {
    const std::optional<RawParts> parts = splitLikeGit(url.toUtf8());
    return parts ? QString::fromUtf8(decoded(parts->host)) : QString();
}

QString RemoteUrl::userName(const QString& url) {
    const std::optional<RawParts> parts = splitLikeGit(url.toUtf8());
    return parts && parts->username ? QString::fromUtf8(decoded(*parts->username)) : QString();
}

bool RemoteUrl::isOnHost(const QString& url, const QString& expected) {
    const std::optional<RawParts> parts = splitLikeGit(url.toUtf8());
    if (!parts || expected.isEmpty())
        return false;
    const auto actual = parseHostPort(QString::fromUtf8(decoded(parts->host)));
    const auto wanted = parseHostPort(expected.trimmed());
    if (!actual || !wanted || actual->host.isEmpty() || actual->host != wanted->host)
        return false;
    const int fallback = defaultPort(QString::fromUtf8(parts->protocol).toLower());
    const int actualPort = actual->port > 0 ? actual->port : fallback;
    const int wantedPort = wanted->port > 0 ? wanted->port : fallback;
    return actualPort == wantedPort && actualPort > 0;
}

bool RemoteUrl::maySendSecrets(const QString& url) {
    const std::optional<RawParts> parts = splitLikeGit(url.toUtf8());
    if (!parts)
        return false;
    const QByteArray protocol = parts->protocol.toLower();
    if (protocol == "https")
        return true;
    const auto host = parseHostPort(QString::fromUtf8(decoded(parts->host)));
    return protocol == "http" && host && isLoopback(host->host);
}

} // namespace syncline::git
