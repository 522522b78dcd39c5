#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace syncline::git {

enum class HostKeyStatus {
    Match,   // an entry for this host lists exactly this key
    Unknown, // no entry for this host and key type
    Changed, // the host is known with a different key of the same type: possible attack
    Revoked, // the key is marked @revoked
};

struct HostKeyCheck {
    HostKeyStatus status = HostKeyStatus::Unknown;
    QString keyType;     // from the key itself, e.g. "ssh-ed25519"
    QString fingerprint; // OpenSSH format: "SHA256:" + base64 without padding
    QString knownAt;     // "file:line" of the matching or conflicting entry, if any
};

// Checks SSH host keys against OpenSSH known_hosts files, the way `ssh` does with
// StrictHostKeyChecking=yes: plain and wildcard host patterns, negation (!pattern),
// the "[host]:port" form for non-default ports, hashed "|1|salt|hash" entries, and
// @revoked markers. @cert-authority lines are ignored (no certificate support).
// Files are read on every check so keys added meanwhile are seen.
class KnownHosts {
public:
    // ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts.
    static QStringList defaultFiles();

    explicit KnownHosts(QStringList files = defaultFiles());

    const QStringList& files() const { return m_files; }

    // `hostKeyBlob` is the key in SSH wire format (what known_hosts stores in base64).
    HostKeyCheck check(const QString& host, int port, const QByteArray& hostKeyBlob) const;

    // The name known_hosts uses for a host: "host" on port 22, else "[host]:port".
    static QString lookupName(const QString& host, int port);
    static QString fingerprint(const QByteArray& hostKeyBlob);
    // The algorithm name at the start of a wire-format key; empty if malformed.
    static QString keyType(const QByteArray& hostKeyBlob);
    // Shell command that records a host's keys, for error messages.
    static QString addHostCommand(const QString& host, int port);

private:
    QStringList m_files;
};

} // namespace syncline::git
