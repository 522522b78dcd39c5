#include "git/KnownHosts.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QtEndian>

#include <optional>

namespace syncline::git {

namespace {

struct Entry {
    bool revoked = false;
    QString hostPatterns;
    QByteArray keyBlob;
    QString location;
};

// Splits on runs of spaces and tabs, as sshd's own parser does.
QList<QByteArray> fields(const QByteArray& line) {
    QList<QByteArray> out;
    qsizetype i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const qsizetype start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start)
            out.append(line.mid(start, i - start));
    }
    return out;
}

std::optional<Entry> parseLine(const QByteArray& raw, const QString& location) {
    const QByteArray line = raw.trimmed();
    if (line.isEmpty() || line.startsWith('#'))
        return std::nullopt;
    QList<QByteArray> parts = fields(line);
    Entry entry;
    entry.location = location;
    if (!parts.isEmpty() && parts.first().startsWith('@')) {
        if (parts.first() == "@revoked")
            entry.revoked = true;
        else
            return std::nullopt; // @cert-authority and unknown markers: not a plain key
        parts.removeFirst();
    }
    if (parts.size() < 3)
        return std::nullopt;
    entry.hostPatterns = QString::fromUtf8(parts[0]);
    const auto decoded = QByteArray::fromBase64Encoding(parts[2], QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    entry.keyBlob = *decoded;
    return entry;
}

// OpenSSH's match_pattern: '*' any run, '?' one character. Inputs are lower-cased.
bool wildcardMatch(QStringView text, QStringView pattern) {
    if (pattern.isEmpty())
        return text.isEmpty();
    if (pattern.front() == u'*') {
        for (qsizetype skip = 0; skip <= text.size(); ++skip)
            if (wildcardMatch(text.mid(skip), pattern.mid(1)))
                return true;
        return false;
    }
    if (text.isEmpty())
        return false;
    if (pattern.front() != u'?' && pattern.front() != text.front())
        return false;
    return wildcardMatch(text.mid(1), pattern.mid(1));
}

// "|1|base64(salt)|base64(HMAC-SHA1(salt, name))", written by `ssh-keygen -H`.
bool hashedMatch(const QString& pattern, const QString& name) {
    const QStringList parts = pattern.split(QLatin1Char('|'));
    if (parts.size() != 4 || !parts[0].isEmpty() || parts[1] != QLatin1String("1"))
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts[2].toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts[3].toLatin1());
    const QByteArray actual = QMessageAuthenticationCode::hash(name.toUtf8(), salt, QCryptographicHash::Sha1);
    return !expected.isEmpty() && actual == expected;
}

// True when the comma-separated pattern list names `name` and no negated pattern does.
bool hostMatches(const QString& patterns, const QString& name) {
    if (patterns.startsWith(QLatin1Char('|')))
        return hashedMatch(patterns, name);
    bool positive = false;
    for (const QString& item : patterns.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const bool negated = item.startsWith(QLatin1Char('!'));
        const QString pattern = (negated ? item.mid(1) : item).toLower();
        if (wildcardMatch(name, pattern)) {
            if (negated)
                return false;
            positive = true;
        }
    }
    return positive;
}

QList<Entry> readEntries(const QString& path) {
    QList<Entry> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return entries; // a missing file simply knows no hosts
    int lineNumber = 0;
    while (!file.atEnd()) {
        ++lineNumber;
        const QByteArray line = file.readLine();
        if (auto entry = parseLine(line, path + QLatin1Char(':') + QString::number(lineNumber)))
            entries.append(std::move(*entry));
    }
    return entries;
}

} // namespace

QStringList KnownHosts::defaultFiles() {
    return {QDir::homePath() + QStringLiteral("/.ssh/known_hosts"), QStringLiteral("/etc/ssh/ssh_known_hosts")};
}

KnownHosts::KnownHosts(QStringList files) : m_files(std::move(files)) {}

QString KnownHosts::lookupName(const QString& host, int port) {
    const QString lower = host.toLower();
    return port == 22 || port <= 0 ? lower : QStringLiteral("[%1]:%2").arg(lower).arg(port);
}

QString KnownHosts::fingerprint(const QByteArray& hostKeyBlob) {
    const QByteArray digest = QCryptographicHash::hash(hostKeyBlob, QCryptographicHash::Sha256);
    return QStringLiteral("SHA256:") +
           QString::fromLatin1(digest.toBase64(QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

QString KnownHosts::keyType(const QByteArray& hostKeyBlob) {
    if (hostKeyBlob.size() < 4)
        return {};
    const quint32 length = qFromBigEndian<quint32>(hostKeyBlob.constData());
    if (length == 0 || length > 64 || hostKeyBlob.size() < 4 + qsizetype(length))
        return {};
    return QString::fromLatin1(hostKeyBlob.mid(4, length));
}

QString KnownHosts::addHostCommand(const QString& host, int port) {
    return QStringLiteral("ssh-keyscan -p %1 %2 >> ~/.ssh/known_hosts").arg(port <= 0 ? 22 : port).arg(host);
}

HostKeyCheck KnownHosts::check(const QString& host, int port, const QByteArray& hostKeyBlob) const {
    HostKeyCheck result;
    result.keyType = keyType(hostKeyBlob);
    result.fingerprint = fingerprint(hostKeyBlob);
    const QString name = lookupName(host, port);

    QString conflict;
    for (const QString& path : m_files) {
        for (const Entry& entry : readEntries(path)) {
            // A revoked key is refused for every host, whatever else the files say.
            if (entry.revoked) {
                if (entry.keyBlob == hostKeyBlob) {
                    result.status = HostKeyStatus::Revoked;
                    result.knownAt = entry.location;
                    return result;
                }
                continue;
            }
            if (!hostMatches(entry.hostPatterns, name))
                continue;
            if (entry.keyBlob == hostKeyBlob) {
                if (result.status != HostKeyStatus::Match) {
                    result.status = HostKeyStatus::Match;
                    result.knownAt = entry.location;
                }
            } else if (keyType(entry.keyBlob) == result.keyType && conflict.isEmpty()) {
                conflict = entry.location;
            }
        }
    }
    if (result.status != HostKeyStatus::Match && !conflict.isEmpty()) {
        result.status = HostKeyStatus::Changed;
        result.knownAt = conflict;
    }
    return result;
}

} // namespace syncline::git
