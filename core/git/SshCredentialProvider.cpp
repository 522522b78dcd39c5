#include "git/SshCredentialProvider.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtEndian>

namespace syncline::git {

namespace {

constexpr qint64 kMaxKeyFileSize = 64 * 1024;

// Reads SSH wire-format strings (uint32 big-endian length + bytes) one after another.
class WireReader {
public:
    explicit WireReader(QByteArray data) : m_data(std::move(data)) {}

    std::optional<QByteArray> string() {
        const auto length = uint32();
        if (!length || m_pos + qsizetype(*length) > m_data.size())
            return std::nullopt;
        QByteArray out = m_data.mid(m_pos, *length);
        m_pos += *length;
        return out;
    }
    std::optional<quint32> uint32() {
        if (m_pos + 4 > m_data.size())
            return std::nullopt;
        const quint32 value = qFromBigEndian<quint32>(m_data.constData() + m_pos);
        m_pos += 4;
        return value;
    }
    bool skip(const QByteArray& expected) {
        if (!m_data.mid(m_pos).startsWith(expected))
            return false;
        m_pos += expected.size();
        return true;
    }

private:
    QByteArray m_data;
    qsizetype m_pos = 0;
};

QByteArray pemBody(const QByteArray& text) {
    QByteArray body;
    for (const QByteArray& line : text.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (trimmed.startsWith("-----") || trimmed.contains(':'))
            continue;
        body += trimmed;
    }
    return QByteArray::fromBase64(body);
}

// The "openssh-key-v1" format: cipher name, kdf, kdf options, key count, public key.
void inspectOpenSshFormat(const QByteArray& text, SshKeyFileInfo& info) {
    WireReader reader(pemBody(text));
    if (!reader.skip(QByteArrayLiteral("openssh-key-v1").append('\0')))
        return;
    const auto cipher = reader.string();
    const auto kdf = reader.string();
    const auto kdfOptions = reader.string();
    const auto count = reader.uint32();
    if (!cipher || !kdf || !kdfOptions || !count)
        return;
    info.encrypted = *cipher != "none";
    if (const auto publicKey = reader.string()) {
        WireReader keyReader(*publicKey);
        if (const auto type = keyReader.string())
            info.keyType = QString::fromLatin1(*type);
    }
}

QString publicKeyFileType(const QString& privateKeyPath) {
    QFile pub(privateKeyPath + QStringLiteral(".pub"));
    if (!pub.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(pub.readLine(4096).trimmed().split(' ').value(0));
}

bool agentAvailable() {
    const QString socket = qEnvironmentVariable("SSH_AUTH_SOCK");
    // libgit2 aborts the fetch if the agent cannot be reached, so only offer a live socket.
    return !socket.isEmpty() && QFileInfo::exists(socket);
}

} // namespace

SshCredentialProvider::SshCredentialProvider(SshCredentialOptions options) : m_options(std::move(options)) {}

QStringList SshCredentialProvider::defaultKeyFiles() {
    const QString ssh = QDir::homePath() + QStringLiteral("/.ssh/");
    return {ssh + QStringLiteral("id_ed25519"), ssh + QStringLiteral("id_ecdsa"), ssh + QStringLiteral("id_rsa")};
}

SshKeyFileInfo SshCredentialProvider::inspectKeyFile(const QString& privateKeyPath) {
    SshKeyFileInfo info;
    QFile file(privateKeyPath);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxKeyFileSize)
        return info;
    const QByteArray text = file.readAll();
    info.readable = true;
    if (text.contains("-----BEGIN OPENSSH PRIVATE KEY-----")) {
        inspectOpenSshFormat(text, info);
    } else {
        // PEM: "BEGIN RSA/EC PRIVATE KEY" with "Proc-Type: 4,ENCRYPTED" when encrypted,
        // or PKCS#8 "BEGIN (ENCRYPTED) PRIVATE KEY".
        info.encrypted = text.contains("ENCRYPTED");
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----"))
            info.keyType = QStringLiteral("ssh-rsa");
        else if (text.contains("-----BEGIN EC PRIVATE KEY-----"))
            info.keyType = QStringLiteral("ecdsa");
    }
    if (info.keyType.isEmpty())
        info.keyType = publicKeyFileType(privateKeyPath);
    return info;
}

QList<SshKeyFile> SshCredentialProvider::keyFiles() const {
    if (!m_options.keyFiles.isEmpty())
        return m_options.keyFiles;
    QList<SshKeyFile> files;
    for (const QString& path : defaultKeyFiles())
        files.append(SshKeyFile{path, {}});
    return files;
}

QString SshCredentialProvider::username(const CredentialRequest& request) const {
    if (!request.usernameFromUrl.isEmpty())
        return request.usernameFromUrl;
    return m_options.username.isEmpty() ? QStringLiteral("git") : m_options.username;
}

std::vector<Credential> SshCredentialProvider::candidates(const CredentialRequest& request) const {
    std::vector<Credential> out;
    const QString user = username(request);
    if (m_options.useAgent && request.allowed.testFlag(CredentialKind::SshAgent) && agentAvailable())
        out.emplace_back(SshAgentCredential{user});
    if (!request.allowed.testFlag(CredentialKind::SshKey))
        return out;
    for (const SshKeyFile& key : keyFiles()) {
        const SshKeyFileInfo info = inspectKeyFile(key.privateKeyPath);
        if (!info.readable || (info.encrypted && key.passphrase.isEmpty()))
            continue;
        out.emplace_back(SshKeyCredential{user, key.privateKeyPath, {}, key.passphrase});
    }
    return out;
}

std::optional<Credential> SshCredentialProvider::credential(const CredentialRequest& request, int attempt) {
    const std::vector<Credential> options = candidates(request);
    if (attempt < 1 || attempt > int(options.size()))
        return std::nullopt;
    return options[std::size_t(attempt - 1)];
}

QString SshCredentialProvider::exhaustedHint(const CredentialRequest& request) const {
    QStringList hints;
    bool anyRsa = false;
    bool anyOtherKey = false;
    QStringList encryptedWithoutPassphrase;
    for (const SshKeyFile& key : keyFiles()) {
        const SshKeyFileInfo info = inspectKeyFile(key.privateKeyPath);
        if (!info.readable)
            continue;
        if (info.encrypted && key.passphrase.isEmpty()) {
            encryptedWithoutPassphrase.append(key.privateKeyPath);
            continue;
        }
        (info.isRsa() ? anyRsa : anyOtherKey) = true;
    }
    if (anyRsa && !anyOtherKey)
        hints.append(QStringLiteral("only RSA key files were offered: libssh2 1.10, which Syncline uses for SSH, cannot "
                                    "authenticate with RSA keys to OpenSSH 8.8 or newer servers (they refuse SHA-1 "
                                    "ssh-rsa signatures) - use an ed25519 key (ssh-keygen -t ed25519) and add it to the server"));
    if (!encryptedWithoutPassphrase.isEmpty())
        hints.append(QStringLiteral("skipped encrypted key files without a passphrase: ") +
                     encryptedWithoutPassphrase.join(QStringLiteral(", ")));
    if (candidates(request).empty()) {
        QStringList sources;
        if (m_options.useAgent)
            sources.append(QStringLiteral("ssh-agent (SSH_AUTH_SOCK is unset or not a socket)"));
        for (const SshKeyFile& key : keyFiles())
            sources.append(key.privateKeyPath);
        hints.append(QStringLiteral("no usable SSH credential found; looked for ") + sources.join(QStringLiteral(", ")));
    }
    return hints.join(QStringLiteral("; "));
}

} // namespace syncline::git
