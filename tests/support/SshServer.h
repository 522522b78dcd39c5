#pragma once

#include "support/InetdListener.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace syncline::test {

// A private OpenSSH server (Debian's /usr/sbin/sshd) on 127.0.0.1 with its own config,
// ed25519 host key and authorized_keys file. The test process binds the listening socket
// itself (an InetdListener: port 0, ours from the moment the kernel picks it) and runs one
// `sshd -i` per accepted connection — no port is picked first and handed to sshd, so no
// other process can take it in between. Logins are accepted for the user running the
// tests, by public key only.
class SshServer {
public:
    SshServer();
    ~SshServer(); // stops listening, then ends the sshd still serving a connection

    SshServer(const SshServer&) = delete;
    SshServer& operator=(const SshServer&) = delete;

    static QString sshdPath() { return QStringLiteral("/usr/sbin/sshd"); }
    static bool isAvailable();
    static QString currentUser();
    // ssh-keygen -t <type> -N <passphrase> -f <path>; writes <path> and <path>.pub.
    static bool createKey(const QString& path, const QString& type, const QString& passphrase, QString* error);

    // Writes the host key and config, checks them with `sshd -t` and listens; false +
    // `error` when sshd refuses its config or the socket cannot be bound.
    bool start(QString* error);
    // Allows logins with the key in `publicKeyFile` (sshd reads the file per login).
    bool authorize(const QString& publicKeyFile);

    quint16 port() const { return m_listener ? m_listener->port() : 0; }
    QString hostPublicKeyFile() const;
    // "[127.0.0.1]:<port> ssh-ed25519 AAAA..." for a known_hosts file.
    QString knownHostsLine() const;
    // ssh://<user>@127.0.0.1:<port><absolutePath>
    QString url(const QString& absolutePath) const;

private:
    bool writeConfig(QString* error) const;

    QTemporaryDir m_dir;
    std::unique_ptr<InetdListener> m_listener;
};

} // namespace syncline::test
