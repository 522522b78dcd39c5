#pragma once

#include <QFlags>
#include <QString>

#include <optional>
#include <variant>

namespace syncline::git {

// The kinds of credential a transport accepts for one authentication round.
enum class CredentialKind {
    SshKey = 0x1,      // a private key file on disk
    SshAgent = 0x2,    // identities held by ssh-agent
    UserPassword = 0x4 // HTTPS username + password or access token
};
Q_DECLARE_FLAGS(CredentialKinds, CredentialKind)

struct CredentialRequest {
    QString url;
    QString usernameFromUrl; // empty when the URL names no user
    CredentialKinds allowed;
};

struct SshAgentCredential {
    QString username;
};

struct SshKeyCredential {
    QString username;
    QString privateKeyPath;
    QString publicKeyPath; // empty: derived from the private key
    QString passphrase;    // secret; empty for an unencrypted key
};

struct UserPasswordCredential {
    QString username;
    QString password; // secret: a password or an access token
};

using Credential = std::variant<SshAgentCredential, SshKeyCredential, UserPasswordCredential>;

// Supplies credentials to a fetch or push. Called on the worker thread doing the network
// operation. `attempt` starts at 1 and grows each time the remote rejected the previous
// answer, so a provider steps through its options (agent, then key files, ...) and
// returns std::nullopt when it has nothing more to offer; the caller then stops with an
// authentication error instead of looping. A provider may be asked twice for the same
// attempt (e.g. first only for the username), so answers depend on (request, attempt).
class CredentialProvider {
public:
    virtual ~CredentialProvider() = default;

    virtual std::optional<Credential> credential(const CredentialRequest& request, int attempt) = 0;

    // Advice to append to the final authentication error once the provider ran out of
    // options (for example: "RSA keys cannot be used ..."). Never contains secrets.
    virtual QString exhaustedHint(const CredentialRequest& request) const {
        Q_UNUSED(request);
        return {};
    }

    // Called once the operation is over with the last credential this provider gave:
    // `accepted` true when the remote took it, false when it was refused. Lets a provider
    // remember a secret (keychain, `git credential approve`) or forget a bad one.
    virtual void reportOutcome(const CredentialRequest& request, const Credential& credential, bool accepted) {
        Q_UNUSED(request);
        Q_UNUSED(credential);
        Q_UNUSED(accepted);
    }
};

// A short, secret-free description of a credential for error messages: "ssh-agent",
// "key file /home/ada/.ssh/id_ed25519", "token for user ada".
inline QString describeCredential(const Credential& credential) {
    struct Describe {
        QString operator()(const SshAgentCredential& c) const { return QStringLiteral("ssh-agent as %1").arg(c.username); }
        QString operator()(const SshKeyCredential& c) const {
            return QStringLiteral("key file %1 as %2").arg(c.privateKeyPath, c.username);
        }
        QString operator()(const UserPasswordCredential& c) const {
            return QStringLiteral("password/token for user %1").arg(c.username);
        }
    };
    return std::visit(Describe{}, credential);
}

} // namespace syncline::git

Q_DECLARE_OPERATORS_FOR_FLAGS(syncline::git::CredentialKinds)
