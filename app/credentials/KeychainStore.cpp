#include "KeychainStore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <qt6keychain/keychain.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>

namespace syncline::app {

struct KeychainStore::Answer {
    bool finished = false; // false: the keychain did not answer in time
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QString data;
};

namespace {

bool isBackendMissing(QKeychain::Error error) {
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented || error == QKeychain::OtherError ||
           error == QKeychain::AccessDenied;
}

} // namespace

KeychainStore::KeychainStore(QString service) : m_service(std::move(service)) {}

KeychainStore::~KeychainStore() = default;

namespace {

// QtKeychain queues every job through one executor object that lives in the thread of the
// first job; when that thread ends, later jobs wait forever. So every job runs on this one
// long-lived thread, and callers wait for its answer.
QThread* keychainThread() {
    static QThread* thread = [] {
        auto* started = new QThread;
        started->setObjectName(QStringLiteral("syncline-keychain"));
        started->start();
        return started;
    }();
    return thread;
}

} // namespace

KeychainStore::Answer KeychainStore::run(Op op, const QString& key, const QString& secret) {
    auto promise = std::make_shared<std::promise<Answer>>();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    std::future<Answer> future = promise->get_future();
    auto* context = new QObject;
    context->moveToThread(keychainThread());
    const QString service = m_service;
    QMetaObject::invokeMethod(
        context,
        [context, promise, answered, op, key, secret, service] {
            QKeychain::Job* job = nullptr;
            switch (op) {
            case Op::Read:
                job = new QKeychain::ReadPasswordJob(service, context);
                break;
            case Op::Write: {
                auto* write = new QKeychain::WritePasswordJob(service, context);
                write->setTextData(secret);
                job = write;
                break;
            }
            case Op::Delete:
                job = new QKeychain::DeletePasswordJob(service, context);
                break;
            }
            job->setAutoDelete(false);
            job->setInsecureFallback(false); // never plaintext on disk
            job->setKey(key);
            QObject::connect(job, &QKeychain::Job::finished, context, [context, promise, answered, op](QKeychain::Job* done) {
                Answer answer{true, done->error(), done->errorString(), {}};
                if (op == Op::Read && done->error() == QKeychain::NoError)
                    answer.data = static_cast<QKeychain::ReadPasswordJob*>(done)->textData();
                if (!answered->exchange(true))
                    promise->set_value(answer);
                context->deleteLater(); // takes the job with it, after it returned
            });
            job->start();
        },
        Qt::QueuedConnection);
    if (future.wait_for(std::chrono::milliseconds(m_timeoutMs)) != std::future_status::ready) {
        // No answer in time: report it; a late answer is dropped with the context.
        if (!answered->exchange(true))
            promise->set_value(Answer{});
        return future.get();
    }
    return future.get();
}

void KeychainStore::markUnavailable(const QString& why) {
    std::lock_guard lock(m_mutex);
    if (m_unavailableReason.isEmpty())
        m_unavailableReason =
            QStringLiteral("the OS keychain is not available (%1). Secrets are kept in memory for this session "
                           "only and will be asked for again next time; Syncline never stores them in plain "
                           "text. Install and unlock a Secret Service keyring (e.g. GNOME Keyring or KWallet) to "
                           "remember them.")
                .arg(why);
}

bool KeychainStore::keychainAvailable() const {
    std::lock_guard lock(m_mutex);
    return m_unavailableReason.isEmpty();
}

QString KeychainStore::unavailableReason() const {
    std::lock_guard lock(m_mutex);
    return m_unavailableReason;
}

util::Result<std::optional<QString>> KeychainStore::read(const QString& key) {
    {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_memory.constFind(key); it != m_memory.cend())
            return std::optional<QString>(*it);
        if (!m_unavailableReason.isEmpty())
            return std::optional<QString>();
    }
    const Answer answer = run(Op::Read, key, {});
    if (!answer.finished) {
        markUnavailable(QStringLiteral("no answer from the Secret Service"));
        return std::optional<QString>();
    }
    if (answer.error == QKeychain::NoError)
        return std::optional<QString>(answer.data);
    if (answer.error == QKeychain::EntryNotFound)
        return std::optional<QString>();
    if (answer.error == QKeychain::AccessDeniedByUser)
        return util::fail(util::ErrorCode::Forbidden, QStringLiteral("access to the keychain was denied"),
                          QStringLiteral("keychain"));
    if (isBackendMissing(answer.error)) {
        markUnavailable(answer.errorString);
        return std::optional<QString>();
    }
    return util::fail(util::ErrorCode::Generic, answer.errorString, QStringLiteral("keychain"));
}

util::Result<SecretStorage> KeychainStore::write(const QString& key, const QString& secret) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_unavailableReason.isEmpty()) {
            m_memory.insert(key, secret);
            return SecretStorage::SessionMemory;
        }
    }
    const Answer answer = run(Op::Write, key, secret);
    if (answer.finished && answer.error == QKeychain::NoError) {
        std::lock_guard lock(m_mutex);
        m_memory.remove(key);
        return SecretStorage::Keychain;
    }
    if (answer.finished && answer.error == QKeychain::AccessDeniedByUser)
        return util::fail(util::ErrorCode::Forbidden, QStringLiteral("access to the keychain was denied"),
                          QStringLiteral("keychain"));
    markUnavailable(answer.finished ? answer.errorString : QStringLiteral("no answer from the Secret Service"));
    std::lock_guard lock(m_mutex);
    m_memory.insert(key, secret);
    return SecretStorage::SessionMemory;
}

util::Result<void> KeychainStore::remove(const QString& key) {
    {
        std::lock_guard lock(m_mutex);
        m_memory.remove(key);
        if (!m_unavailableReason.isEmpty())
            return {};
    }
    // Deleting an entry that does not exist never answers with the libsecret backend (and
    // then blocks QtKeychain's job queue): look first.
    const Answer existing = run(Op::Read, key, {});
    if (existing.finished && existing.error == QKeychain::EntryNotFound)
        return {};
    const Answer answer = run(Op::Delete, key, {});
    if (!answer.finished) {
        markUnavailable(QStringLiteral("no answer from the Secret Service"));
        return {};
    }
    if (answer.error == QKeychain::NoError || answer.error == QKeychain::EntryNotFound)
        return {};
    if (isBackendMissing(answer.error)) {
        markUnavailable(answer.errorString);
        return {};
    }
    return util::fail(util::ErrorCode::Generic, answer.errorString, QStringLiteral("keychain"));
}

QString KeychainStore::clusterTokenKey(const reconcile::StoredTokenScope& scope) {
    const QString path = QDir::cleanPath(QFileInfo(scope.kubeconfigFile).absoluteFilePath());
    return QStringLiteral("cluster-token:") + path + QStringLiteral("#") + scope.context + QStringLiteral(" server=") +
           scope.server + QStringLiteral(" ca=") + scope.caFingerprint;
}

util::Result<SecretStorage> KeychainStore::storeClusterToken(const reconcile::StoredTokenScope& scope, const QString& token) {
    return write(clusterTokenKey(scope), token);
}

util::Result<std::optional<QString>> KeychainStore::clusterToken(const reconcile::StoredTokenScope& scope) {
    return read(clusterTokenKey(scope));
}

util::Result<void> KeychainStore::forgetClusterToken(const reconcile::StoredTokenScope& scope) {
    return remove(clusterTokenKey(scope));
}

util::Result<reconcile::ClusterTokenStore::Kept> KeychainStore::storeToken(const reconcile::StoredTokenScope& scope,
                                                                           const QString& token) {
    auto stored = storeClusterToken(scope, token);
    if (!stored)
        return util::fail(stored.error());
    return *stored == SecretStorage::Keychain ? Kept::Stored : Kept::ForSessionOnly;
}

util::Result<std::optional<QString>> KeychainStore::token(const reconcile::StoredTokenScope& scope) {
    return clusterToken(scope);
}

util::Result<void> KeychainStore::forgetToken(const reconcile::StoredTokenScope& scope) { return forgetClusterToken(scope); }

// The user name only as a digest: it may be a token written into the URL as user-info
// (https://TOKEN@host), and key names are shown by keychain managers.
QString KeychainStore::httpsTokenKey(const QString& host, const QString& username) {
    const QByteArray digest = QCryptographicHash::hash(username.toUtf8(), QCryptographicHash::Sha256).toHex().left(16);
    return QStringLiteral("git-token:") + host.toLower() + QStringLiteral("/user-") + QString::fromLatin1(digest);
}

QString KeychainStore::httpsUserKey(const QString& host) { return QStringLiteral("git-user:") + host.toLower(); }

QString KeychainStore::sshPassphraseKey(const QString& privateKeyPath) {
    return QStringLiteral("ssh-passphrase:") + QDir::cleanPath(QFileInfo(privateKeyPath).absoluteFilePath());
}

} // namespace syncline::app
