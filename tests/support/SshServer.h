#pragma once

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace syncline::test {

// A private OpenSSH server (Debian's /usr/sbin/sshd) on 127.0.0.1 with its own config,
// ed25519 host key and authorized_keys file, run in the foreground as a child process.
// Logins are accepted for the user running the tests, by public key only.
class SshServer {
public:
    SshServer();
    ~SshServer(); // stops sshd and waits for it

    SshServer(const SshServer&) = delete;
    SshServer& operator=(const SshServer&) = delete;

    static QString sshdPath() { return QStringLiteral("/usr/sbin/sshd"); }
    static bool isAvailable();
    static QString currentUser();
    // ssh-keygen -t <type> -N <passphrase> -f <path>; writes <path> and <path>.pub.
    static bool createKey(const QString& path, const QString& type, const QString& passphrase, QString* error);

    // Returns once sshd logs "Server listening on"; false + `error` otherwise.
    bool start(QString* error);
    // Allows logins with the key in `publicKeyFile` (sshd reads the file per login).
    bool authorize(const QString& publicKeyFile);

    quint16 port() const { return m_port; }
    QString hostPublicKeyFile() const;
    // "[127.0.0.1]:<port> ssh-ed25519 AAAA..." for a known_hosts file.
    QString knownHostsLine() const;
    // ssh://<user>@127.0.0.1:<port><absolutePath>
    QString url(const QString& absolutePath) const;

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace syncline::test
