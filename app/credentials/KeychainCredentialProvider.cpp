#include "KeychainCredentialProvider.h"

#include "KeychainStore.h"
#include "git/RemoteUrl.h"
#include "git/SshCredentialProvider.h"

#include <QDir>

namespace syncline::app {

namespace {} // namespace

KeychainCredentialProvider::KeychainCredentialProvider(KeychainStore& store, git::CredentialPrompt* prompt,
                                                       QStringList encryptedKeyFiles)
    : m_store(store), m_prompt(prompt), m_keyFiles(std::move(encryptedKeyFiles)) {}

QStringList KeychainCredentialProvider::defaultEncryptedKeyFiles() {
    QStringList files;
    for (const QString& name : {QStringLiteral("id_ed25519"), QStringLiteral("id_ecdsa")}) {
        const QString path = QDir::home().filePath(QStringLiteral(".ssh/") + name);
        const git::SshKeyFileInfo info = git::SshCredentialProvider::inspectKeyFile(path);
        if (info.readable && info.encrypted)
            files.append(path);
    }
    return files;
}

std::optional<git::Credential> KeychainCredentialProvider::credential(const git::CredentialRequest& request, int attempt) {
    const QString memo = request.url + QLatin1Char('#') + QString::number(int(request.allowed.toInt())) + QLatin1Char('#') +
                         QString::number(attempt);
    auto it = m_offers.find(memo);
    if (it == m_offers.end())
        it = m_offers.insert(memo, makeOffer(request, attempt));
    if (!*it)
        return std::nullopt;
    m_lastOffer = *it;
    return (*it)->credential;
}

std::optional<KeychainCredentialProvider::Offer> KeychainCredentialProvider::makeOffer(const git::CredentialRequest& request,
                                                                                       int attempt) {
    if (request.allowed.testFlag(git::CredentialKind::UserPassword))
        return httpsOffer(request, attempt);
    if (request.allowed.testFlag(git::CredentialKind::SshKey))
        return sshOffer(request, attempt);
    return std::nullopt;
}

// Attempt 1: the stored token, if any; else ask. Attempt 2 after a stored token: ask
// (saying the stored one was refused). Never more than one question per operation.
std::optional<KeychainCredentialProvider::Offer> KeychainCredentialProvider::httpsOffer(const git::CredentialRequest& request,
                                                                                        int attempt) {
    if (!git::RemoteUrl::maySendSecrets(request.url)) {
        m_lastProblem = QStringLiteral("tokens are only sent over https");
        return std::nullopt;
    }
    const QString host = git::RemoteUrl::hostAndPort(request.url);
    QString username = request.usernameFromUrl;
    if (username.isEmpty())
        if (auto stored = m_store.read(KeychainStore::httpsUserKey(host)); stored && *stored)
            username = **stored;
    bool storedOffered = false;
    if (!username.isEmpty()) {
        const QString key = KeychainStore::httpsTokenKey(host, username);
        if (attempt == 1) {
            if (auto token = m_store.read(key); token && *token) {
                m_storedOffered.insert(request.url);
                return Offer{git::UserPasswordCredential{username, **token}, key, true, false, host};
            }
        }
    }
    // The stored token was offered first (and may since have been forgotten as refused).
    if (attempt > 1 && m_storedOffered.contains(request.url))
        storedOffered = true;
    const int askAttempt = storedOffered ? 2 : 1;
    if (attempt != askAttempt || !m_prompt)
        return std::nullopt;
    // A user name written in the URL is user-info, often a token (https://TOKEN@host): it is
    // used, but never shown in the question.
    const bool fromUrl = !request.usernameFromUrl.isEmpty() && username == request.usernameFromUrl;
    QString reason = storedOffered ? QStringLiteral("the stored token was refused")
                                   : QStringLiteral("%1 asks for a username and token").arg(host);
    if (fromUrl)
        reason += QStringLiteral(" (leave the username empty to use the one in the remote URL)");
    const auto answer = m_prompt->askToken(host, fromUrl ? QString() : username, reason);
    if (!answer || answer->token.isEmpty())
        return std::nullopt;
    const QString user = answer->username.isEmpty() ? (username.isEmpty() ? QStringLiteral("git") : username) : answer->username;
    return Offer{git::UserPasswordCredential{user, answer->token}, KeychainStore::httpsTokenKey(host, user), false,
                 answer->remember, host};
}

// Encrypted key files, one per attempt: the stored passphrase if any, else ask once.
std::optional<KeychainCredentialProvider::Offer> KeychainCredentialProvider::sshOffer(const git::CredentialRequest& request,
                                                                                      int attempt) {
    if (attempt < 1 || attempt > m_keyFiles.size())
        return std::nullopt;
    const QString keyFile = m_keyFiles.at(attempt - 1);
    const QString username = request.usernameFromUrl.isEmpty() ? QStringLiteral("git") : request.usernameFromUrl;
    const QString key = KeychainStore::sshPassphraseKey(keyFile);
    if (auto stored = m_store.read(key); stored && *stored)
        return Offer{git::SshKeyCredential{username, keyFile, {}, **stored}, key, true, false};
    if (!m_prompt)
        return std::nullopt;
    const auto answer = m_prompt->askPassphrase(keyFile, QStringLiteral("the key is protected by a passphrase"));
    if (!answer || answer->passphrase.isEmpty())
        return std::nullopt;
    return Offer{git::SshKeyCredential{username, keyFile, {}, answer->passphrase}, key, false, answer->remember};
}

void KeychainCredentialProvider::reportOutcome(const git::CredentialRequest& request, const git::Credential& credential,
                                               bool accepted) {
    Q_UNUSED(request);
    Q_UNUSED(credential);
    if (!m_lastOffer)
        return;
    const Offer offer = *m_lastOffer;
    m_lastOffer.reset();
    if (accepted && offer.remember) {
        if (const auto* token = std::get_if<git::UserPasswordCredential>(&offer.credential)) {
            (void)m_store.write(offer.keychainKey, token->password);
            (void)m_store.write(KeychainStore::httpsUserKey(offer.host), token->username);
        } else if (const auto* key = std::get_if<git::SshKeyCredential>(&offer.credential)) {
            (void)m_store.write(offer.keychainKey, key->passphrase);
        }
        if (!m_store.keychainAvailable())
            m_lastProblem = m_store.unavailableReason();
    } else if (!accepted && offer.fromKeychain) {
        (void)m_store.remove(offer.keychainKey); // a refused secret is not offered again next time
        m_lastProblem = QStringLiteral("the secret stored in the keychain was refused and has been forgotten");
    }
}

QString KeychainCredentialProvider::exhaustedHint(const git::CredentialRequest& request) const {
    Q_UNUSED(request);
    return m_lastProblem;
}

} // namespace syncline::app
