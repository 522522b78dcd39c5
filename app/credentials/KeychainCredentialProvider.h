#pragma once

#include "git/CredentialPrompt.h"
#include "git/CredentialProvider.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace syncline::app {

class KeychainStore;

// HTTPS username + token from the OS keychain (keyed by host and user), asking once through
// `prompt` when none is stored or the stored one was refused; passphrases of encrypted SSH
// key files likewise. A secret the user asked to remember is written to the keychain only
// after the remote accepted it; a stored secret the remote refused is removed.
// Put it in a ChainCredentialProvider after ssh-agent / plain key files and before the git
// credential helper. Tokens go only to https (or http on loopback), like TokenCredentialProvider.
class KeychainCredentialProvider final : public git::CredentialProvider {
public:
    KeychainCredentialProvider(KeychainStore& store, git::CredentialPrompt* prompt,
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
    git::CredentialPrompt* m_prompt;
    QStringList m_keyFiles;
    // Answers per (url, attempt): the chain may ask the same question more than once, the
    // user must be asked only once.
    QHash<QString, std::optional<Offer>> m_offers;
    std::optional<Offer> m_lastOffer;
    QSet<QString> m_storedOffered; // URLs for which attempt 1 was the keychain's secret
    QString m_lastProblem;         // for exhaustedHint, secret-free
};

} // namespace syncline::app
