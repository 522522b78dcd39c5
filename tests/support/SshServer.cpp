#include "support/SshServer.h"

#include "support/ServerProcess.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <pwd.h>
#include <unistd.h>

namespace syncline::test {

namespace {

bool writeText(const QString& path, const QByteArray& text, QIODevice::OpenMode mode = QIODevice::WriteOnly) {
    QFile file(path);
    return file.open(mode) && file.write(text) == text.size();
}

} // namespace

SshServer::SshServer() = default;

SshServer::~SshServer() = default;

bool SshServer::isAvailable() { return QFileInfo(sshdPath()).isExecutable(); }

QString SshServer::currentUser() {
    const passwd* entry = getpwuid(geteuid());
    return entry ? QString::fromLocal8Bit(entry->pw_name) : qEnvironmentVariable("USER");
}

bool SshServer::createKey(const QString& path, const QString& type, const QString& passphrase, QString* error) {
    QFile::remove(path);
    QFile::remove(path + QStringLiteral(".pub"));
    QString output;
    const int rc = runProgram(QStringLiteral("ssh-keygen"),
                              {QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), passphrase,
                               // One KDF round: encrypted test keys open quickly.
                               QStringLiteral("-a"), QStringLiteral("1"), QStringLiteral("-C"), QStringLiteral("syncline-test"),
                               QStringLiteral("-f"), path},
                              &output);
    if (rc != 0 && error)
        *error = QStringLiteral("ssh-keygen failed: ") + output;
    return rc == 0;
}

QString SshServer::hostPublicKeyFile() const { return m_dir.filePath(QStringLiteral("ssh_host_ed25519_key.pub")); }

bool SshServer::start(QString* error) {
    if (!createKey(m_dir.filePath(QStringLiteral("ssh_host_ed25519_key")), QStringLiteral("ed25519"), {}, error))
        return false;
    // sshd running as root needs its privilege-separation directory (created by the
    // service unit on a normal system, absent in containers).
    if (geteuid() == 0 && !QFileInfo::exists(QStringLiteral("/run/sshd")))
        QDir().mkpath(QStringLiteral("/run/sshd"));
    if (!writeConfig(error))
        return false;
    // sshd -i reads its config per connection: a config it refuses shows here, not as a
    // connection closed at a client's first byte.
    const QString config = m_dir.filePath(QStringLiteral("sshd_config"));
    QString output;
    if (runProgram(sshdPath(), {QStringLiteral("-t"), QStringLiteral("-f"), config}, &output) != 0) {
        if (error)
            *error = QStringLiteral("sshd refuses its configuration: ") + output;
        return false;
    }
    // -i: one connection on stdin and stdout; -e: its log to stderr, kept in sshd.log.
    m_listener = std::make_unique<InetdListener>(
        InetdListener::Command{.arguments = {QFile::encodeName(sshdPath()), "-i", "-e", "-f", QFile::encodeName(config)},
                               .environment = {},
                               .logFile = QFile::encodeName(m_dir.filePath(QStringLiteral("sshd.log")))});
    QString why;
    if (m_listener->start(&why))
        return true;
    m_listener.reset();
    if (error)
        *error = QStringLiteral("sshd: cannot listen on 127.0.0.1: ") + why;
    return false;
}

// No Port or ListenAddress: in inetd mode sshd serves the connection it is given.
bool SshServer::writeConfig(QString* error) const {
    const QString authorizedKeys = m_dir.filePath(QStringLiteral("authorized_keys"));
    const QByteArray text = QStringLiteral("HostKey %1\n"
                                           "AuthorizedKeysFile %2\n"
                                           "UsePAM no\n"
                                           "StrictModes no\n"
                                           "PubkeyAuthentication yes\n"
                                           "PasswordAuthentication no\n"
                                           "KbdInteractiveAuthentication no\n"
                                           "PermitRootLogin prohibit-password\n"
                                           "AllowUsers %3\n"
                                           "LogLevel VERBOSE\n")
                                .arg(m_dir.filePath(QStringLiteral("ssh_host_ed25519_key")), authorizedKeys, currentUser())
                                .toUtf8();
    if (writeText(m_dir.filePath(QStringLiteral("sshd_config")), text) && writeText(authorizedKeys, {}))
        return true;
    if (error)
        *error = QStringLiteral("cannot write sshd files in ") + m_dir.path();
    return false;
}

bool SshServer::authorize(const QString& publicKeyFile) {
    QFile key(publicKeyFile);
    if (!key.open(QIODevice::ReadOnly))
        return false;
    return writeText(m_dir.filePath(QStringLiteral("authorized_keys")), key.readAll(), QIODevice::WriteOnly | QIODevice::Append);
}

QString SshServer::knownHostsLine() const {
    QFile pub(hostPublicKeyFile());
    if (!pub.open(QIODevice::ReadOnly))
        return {};
    const QList<QByteArray> parts = pub.readAll().trimmed().split(' ');
    return QStringLiteral("[127.0.0.1]:%1 %2 %3")
        .arg(port())
        .arg(QString::fromLatin1(parts.value(0)), QString::fromLatin1(parts.value(1)));
}

QString SshServer::url(const QString& absolutePath) const {
    return QStringLiteral("ssh://%1@127.0.0.1:%2%3").arg(currentUser()).arg(port()).arg(absolutePath);
}

} // namespace syncline::test
