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

SshServer::~SshServer() { stopProcess(m_process); }

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
    const QString hostKey = m_dir.filePath(QStringLiteral("ssh_host_ed25519_key"));
    if (!createKey(hostKey, QStringLiteral("ed25519"), {}, error))
        return false;
    // sshd running as root needs its privilege-separation directory (created by the
    // service unit on a normal system, absent in containers).
    if (geteuid() == 0 && !QFileInfo::exists(QStringLiteral("/run/sshd")))
        QDir().mkpath(QStringLiteral("/run/sshd"));

    m_port = freeLocalPort();
    const QString config = m_dir.filePath(QStringLiteral("sshd_config"));
    const QByteArray text = QStringLiteral("Port %1\n"
                                           "ListenAddress 127.0.0.1\n"
                                           "HostKey %2\n"
                                           "PidFile %3\n"
                                           "AuthorizedKeysFile %4\n"
                                           "UsePAM no\n"
                                           "StrictModes no\n"
                                           "PubkeyAuthentication yes\n"
                                           "PasswordAuthentication no\n"
                                           "KbdInteractiveAuthentication no\n"
                                           "PermitRootLogin prohibit-password\n"
                                           "AllowUsers %5\n"
                                           "LogLevel VERBOSE\n")
                                .arg(m_port)
                                .arg(hostKey, m_dir.filePath(QStringLiteral("sshd.pid")),
                                     m_dir.filePath(QStringLiteral("authorized_keys")), currentUser())
                                .toUtf8();
    if (!writeText(config, text) || !writeText(m_dir.filePath(QStringLiteral("authorized_keys")), {})) {
        if (error)
            *error = QStringLiteral("cannot write sshd files in ") + m_dir.path();
        return false;
    }

    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(sshdPath(), {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"), config});
    QString log;
    if (waitForOutputLine(m_process, QStringLiteral("Server listening on"), 10000, &log))
        return true;
    stopProcess(m_process);
    if (error)
        *error = QStringLiteral("sshd did not start: ") + log + QString::fromUtf8(m_process.readAll());
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
        .arg(m_port)
        .arg(QString::fromLatin1(parts.value(0)), QString::fromLatin1(parts.value(1)));
}

QString SshServer::url(const QString& absolutePath) const {
    return QStringLiteral("ssh://%1@127.0.0.1:%2%3").arg(currentUser()).arg(m_port).arg(absolutePath);
}

} // namespace syncline::test
