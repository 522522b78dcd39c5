#pragma once

#include "git/CredentialProvider.h"

#include <QList>
#include <QStringList>

#include <memory>
#include <vector>

namespace syncline::git {

struct SshKeyFile {
    QString privateKeyPath;
    QString passphrase; // secret; empty for an unencrypted key
};

struct SshCredentialOptions {
    bool useAgent = true;       // offered first when SSH_AUTH_SOCK names a socket
    QList<SshKeyFile> keyFiles; // empty: defaultKeyFiles()
    QString username;           // used when the URL names no user; empty means "git"
};

// What a private key file holds, read without decrypting it.
struct SshKeyFileInfo {
    bool readable = false;
    bool encrypted = false;
    QString keyType; // "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa", or empty if unknown
    bool isRsa() const { return keyType == QLatin1String("ssh-rsa"); }
};

// Offers ssh-agent, then key files, one per attempt. Key files that cannot be used
// (missing, or encrypted without a passphrase) are skipped up front: libgit2 aborts the
// whole fetch on a key it cannot load instead of moving on to the next one.
class SshCredentialProvider final : public CredentialProvider {
public:
    // ssh-agent and ~/.ssh key files: what a fetch or push uses when the app gave nothing else.
    static std::shared_ptr<CredentialProvider> makeDefault() { return std::make_shared<SshCredentialProvider>(); }

    explicit SshCredentialProvider(SshCredentialOptions options = {});

    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override;
    // Explains RSA-only setups (libssh2 1.10 vs OpenSSH >= 8.8), skipped keys and a
    // missing agent.
    QString exhaustedHint(const CredentialRequest& request) const override;

    // ~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa (the last only to explain why
    // it cannot work).
    static QStringList defaultKeyFiles();
    static SshKeyFileInfo inspectKeyFile(const QString& privateKeyPath);

private:
    std::vector<Credential> candidates(const CredentialRequest& request) const;
    QList<SshKeyFile> keyFiles() const;
    QString username(const CredentialRequest& request) const;

    SshCredentialOptions m_options;
};

} // namespace syncline::git
