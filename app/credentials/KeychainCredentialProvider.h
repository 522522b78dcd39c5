#pragma once

#include "git/CredentialProvider.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace syncline::app {

class KeychainStore;

// Asks the user for a secret once. Core-style callback: the UI adapts it to a dialog, the
// CLI to a terminal prompt. Called on the worker thread doing the network operation;
// implementations block until the user answered (std::nullopt: cancelled).
class CredentialPrompt {
public:
    virtual ~CredentialPrompt() = default;

    struct TokenAnswer {
        QString username;
        QString token; // secret
        bool remember = false;
    };
    // HTTPS: `host` needs a username and token/password. `reason` says why we ask again
    // ("the stored token was refused").
    virtual std::optional<TokenAnswer> askToken(const QString& host, const QString& usernameHint,
                                                const QString& reason) = 0;

    struct PassphraseAnswer {
        QString passphrase; // secret
        bool remember = false;
    };
    virtual std::optional<PassphraseAnswer> askPassphrase(const QString& privateKeyPath, const QString& reason) = 0;
};

// HTTPS username + token from the OS keychain (keyed by host and user), asking once through
// `prompt` when none is stored or the stored one was refused; passphrases of encrypted SSH
// key files likewise. A secret the user asked to remember is written to the keychain only
// after the remote accepted it; a stored secret the remote refused is removed.
// Put it in a ChainCredentialProvider after ssh-agent / plain key files and before the git
// credential helper. Tokens go only to https (or http on loopback), like TokenCredentialProvider.
class KeychainCredentialProvider final : public git::CredentialProvider {
public:
    KeychainCredentialProvider(KeychainStore& store, CredentialPrompt* prompt,
                               QStringList encryptedKeyFiles = defaultEncryptedKeyFiles());

    std::optional<git::Credential> credential(const git::CredentialRequest& request, int attempt) override;
    void reportOutcome(const git::CredentialRequest& request, const git::Credential& credential, bool accepted) override;
    QString exhaustedHint(const git::CredentialRequest& request) const override;

    // ~/.ssh/id_ed25519 and ~/.ssh/id_ecdsa when they are passphrase-protected.
    static QStringList defaultEncryptedKeyFiles();

private:
    struct Offer {
        git::Credential credential;
        QString keychainKey; // where it is or will be stored
        bool fromKeychain = false;
        bool remember = false;
        QString host; // https only
    };
    std::optional<Offer> makeOffer(const git::CredentialRequest& request, int attempt);
    std::optional<Offer> httpsOffer(const git::CredentialRequest& request, int attempt);
    std::optional<Offer> sshOffer(const git::CredentialRequest& request, int attempt);

    KeychainStore& m_store;
    CredentialPrompt* m_prompt;
    QStringList m_keyFiles;
    // Answers per (url, attempt): the chain may ask the same question more than once, the
    // user must be asked only once.
    QHash<QString, std::optional<Offer>> m_offers;
    std::optional<Offer> m_lastOffer;
    QSet<QString> m_storedOffered; // URLs for which attempt 1 was the keychain's secret
    QString m_lastProblem; // for exhaustedHint, secret-free
};

} // namespace syncline::app
