#include "git/Remote.h"

#include "git/CredentialProvider.h"
#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/Repository.h"
#include "util/ProgressSink.h"
#include "util/Text.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

#include <optional>

namespace syncline::git {

using namespace detail;

namespace {

QString decode(const char* text) {
    return text ? util::decodeGitText(QByteArray(text)) : QString();
}

// "scheme://user:secret@host" -> "scheme://user:***@host", wherever it appears.
QString redactUrlPasswords(QString text) {
    static const QRegularExpression userInfo(
        QStringLiteral("([A-Za-z][A-Za-z0-9+.-]*://[^/@\\s:]*):[^/@\\s]*@"));
    return text.replace(userInfo, QStringLiteral("\\1:***@"));
}

QString redact(QString text, const QStringList& secrets) {
    for (const QString& secret : secrets)
        if (!secret.isEmpty())
            text.replace(secret, QStringLiteral("***"));
    return redactUrlPasswords(std::move(text));
}

// The port ssh connects to: explicit in ssh:// URLs, 22 for scp-like "host:path".
int sshPortOf(const QString& url) {
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    if (!scheme.match(url).hasMatch())
        return 22;
    return QUrl(url).port(22);
}

// The folder a file:// or plain-path remote points at; empty for network remotes.
QString localPathOf(const QString& url) {
    if (url.startsWith(QLatin1String("file://")))
        return QUrl(url).toLocalFile();
    return url.startsWith(QLatin1Char('/')) ? url : QString();
}

CredentialKinds kindsFrom(unsigned int allowedTypes) {
    CredentialKinds kinds;
    // libgit2 treats agent and key-file authentication as the same credential type.
    if (allowedTypes & GIT_CREDENTIAL_SSH_KEY)
        kinds |= CredentialKind::SshKey | CredentialKind::SshAgent;
    if (allowedTypes & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
        kinds |= CredentialKind::UserPassword;
    return kinds;
}

CredentialKind kindOf(const Credential& credential) {
    if (std::holds_alternative<SshAgentCredential>(credential))
        return CredentialKind::SshAgent;
    if (std::holds_alternative<SshKeyCredential>(credential))
        return CredentialKind::SshKey;
    return CredentialKind::UserPassword;
}

QString usernameOf(const Credential& credential) {
    return std::visit([](const auto& c) { return c.username; }, credential);
}

// State shared by the libgit2 callbacks of one fetch. Errors the callbacks detect are
// kept here: they are clearer than what libgit2 reports after the callback fails.
struct FetchSession {
    const FetchOptions& options;
    QString displayUrl;
    int sshPort = 22;
    KnownHosts knownHosts;
    int authAttempts = 0;
    QStringList tried;
    QStringList secrets;
    std::optional<util::Error> failure;
    std::vector<UpdatedRef> updatedRefs;

    bool checkCancelled() {
        if (!options.cancel.isCancelled())
            return false;
        if (!failure)
            failure = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("fetch cancelled"));
        return true;
    }

    int failAuth(const CredentialRequest& request, const QString& reason) {
        QString message = QStringLiteral("authentication failed for %1: %2").arg(displayUrl, reason);
        if (!tried.isEmpty())
            message += QStringLiteral(" (tried: ") + tried.join(QStringLiteral("; ")) + QLatin1Char(')');
        if (options.credentials)
            if (const QString hint = options.credentials->exhaustedHint(request); !hint.isEmpty())
                message += QStringLiteral(". ") + hint;
        failure = util::makeError(util::ErrorCode::Auth, message);
        return GIT_EAUTH;
    }

    int failHostKey(const QString& message) {
        failure = util::makeError(util::ErrorCode::Auth, message);
        return GIT_ECERTIFICATE;
    }
};

int makeGitCredential(git_credential** out, const Credential& credential) {
    if (const auto* agent = std::get_if<SshAgentCredential>(&credential))
        return git_credential_ssh_key_from_agent(out, agent->username.toUtf8().constData());
    if (const auto* key = std::get_if<SshKeyCredential>(&credential)) {
        const QByteArray publicKey = QFile::encodeName(key->publicKeyPath);
        const QByteArray passphrase = key->passphrase.toUtf8();
        return git_credential_ssh_key_new(out, key->username.toUtf8().constData(),
                                          publicKey.isEmpty() ? nullptr : publicKey.constData(),
                                          QFile::encodeName(key->privateKeyPath).constData(),
                                          passphrase.isEmpty() ? nullptr : passphrase.constData());
    }
    const auto& userPassword = std::get<UserPasswordCredential>(credential);
    return git_credential_userpass_plaintext_new(out, userPassword.username.toUtf8().constData(),
                                                 userPassword.password.toUtf8().constData());
}

int acquireCredentialUnsafe(FetchSession& session, git_credential** out, const char* url,
                            const char* usernameFromUrl, unsigned int allowedTypes) {
    if (session.checkCancelled())
        return GIT_EUSER;
    CredentialRequest request{decode(url), decode(usernameFromUrl), kindsFrom(allowedTypes)};
    CredentialProvider* provider = session.options.credentials;
    if (!provider)
        return session.failAuth(request,
                                QStringLiteral("the remote requires credentials and none are configured"));

    // ssh URLs without a user: libgit2 first asks for the user name alone.
    if (allowedTypes == GIT_CREDENTIAL_USERNAME) {
        request.allowed = CredentialKind::SshKey | CredentialKind::SshAgent;
        const std::optional<Credential> first = provider->credential(request, 1);
        if (!first)
            return session.failAuth(request, QStringLiteral("no SSH credential to offer"));
        return git_credential_username_new(out, usernameOf(*first).toUtf8().constData());
    }
    if (!request.allowed)
        return session.failAuth(request,
                                QStringLiteral("the server offers no supported authentication method"));

    if (++session.authAttempts > session.options.maxAuthAttempts)
        return session.failAuth(
            request, QStringLiteral("gave up after %1 attempts").arg(session.options.maxAuthAttempts));
    const std::optional<Credential> credential = provider->credential(request, session.authAttempts);
    if (!credential)
        return session.failAuth(request, session.authAttempts == 1 ? QStringLiteral("no credentials to offer")
                                                                   : QStringLiteral("credentials rejected"));
    if (!request.allowed.testFlag(kindOf(*credential)))
        return session.failAuth(request,
                                QStringLiteral("the credential offered is not accepted by this remote"));

    if (const auto* key = std::get_if<SshKeyCredential>(&*credential))
        session.secrets.append(key->passphrase);
    if (const auto* userPassword = std::get_if<UserPasswordCredential>(&*credential))
        session.secrets.append(userPassword->password);
    session.tried.append(describeCredential(*credential));
    return makeGitCredential(out, *credential);
}

int acquireCredential(git_credential** out, const char* url, const char* usernameFromUrl,
                      unsigned int allowedTypes, void* payload) {
    auto& session = *static_cast<FetchSession*>(payload);
    try { // a provider's exception must not unwind through libgit2's C frames
        return acquireCredentialUnsafe(session, out, url, usernameFromUrl, allowedTypes);
    } catch (...) {
        session.failure =
            util::makeError(util::ErrorCode::Auth, QStringLiteral("the credential provider failed"));
        return GIT_EUSER;
    }
}

int checkCertificate(git_cert* cert, int valid, const char* hostText, void* payload) {
    auto& session = *static_cast<FetchSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    const QString host = decode(hostText);
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
        // TLS: libgit2 already verified the chain against the system store; never override.
        if (valid)
            return 0;
        session.failure = util::makeError(
            util::ErrorCode::Network, QStringLiteral("the TLS certificate of %1 is not trusted").arg(host));
        return GIT_ECERTIFICATE;
    }
    const auto* key = reinterpret_cast<const git_cert_hostkey*>(cert);
    if (!(key->type & GIT_CERT_SSH_RAW) || !key->hostkey || key->hostkey_len == 0)
        return session.failHostKey(
            QStringLiteral("cannot verify the SSH host key of %1: the key itself is not available")
                .arg(host));

    const QByteArray blob(key->hostkey, qsizetype(key->hostkey_len));
    const HostKeyCheck check = session.knownHosts.check(host, session.sshPort, blob);
    const QString name = KnownHosts::lookupName(host, session.sshPort);
    const QString presented = QStringLiteral("%1 key %2").arg(check.keyType, check.fingerprint);
    switch (check.status) {
    case HostKeyStatus::Match:
        return 0;
    case HostKeyStatus::Unknown:
        return session.failHostKey(
            QStringLiteral("the SSH host key of %1 is not known (%2; checked %3). If that fingerprint is the "
                           "server's, add the key: %4")
                .arg(name, presented, session.knownHosts.files().join(QStringLiteral(", ")),
                     KnownHosts::addHostCommand(host, session.sshPort)));
    case HostKeyStatus::Changed:
        return session.failHostKey(
            QStringLiteral("REFUSED: the SSH host key of %1 has changed (now %2; %3 lists a different key). "
                           "Someone may be intercepting the connection. If the server's key was replaced on "
                           "purpose, remove the old entry (ssh-keygen -R \"%1\") and add the new one.")
                .arg(name, presented, check.knownAt));
    case HostKeyStatus::Revoked:
        return session.failHostKey(QStringLiteral("REFUSED: the SSH host key of %1 (%2) is revoked in %3")
                                       .arg(name, presented, check.knownAt));
    }
    return GIT_ECERTIFICATE;
}

int transferProgress(const git_indexer_progress* stats, void* payload) {
    auto& session = *static_cast<FetchSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    if (util::ProgressSink* sink = session.options.progress) {
        if (stats->received_objects < stats->total_objects)
            sink->progress(QStringLiteral("Receiving objects"), stats->received_objects,
                           stats->total_objects);
        else if (stats->total_deltas > 0)
            sink->progress(QStringLiteral("Resolving deltas"), stats->indexed_deltas, stats->total_deltas);
        else
            sink->progress(QStringLiteral("Receiving objects"), stats->received_objects,
                           stats->total_objects);
    }
    return session.checkCancelled() ? GIT_EUSER : 0;
}

// Free-text progress from the server ("Counting objects: 42% ...").
int sidebandProgress(const char* text, int length, void* payload) {
    auto& session = *static_cast<FetchSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    if (util::ProgressSink* sink = session.options.progress) {
        const QString line = util::decodeGitText(text, length).trimmed();
        if (!line.isEmpty())
            sink->progress(QStringLiteral("remote: ") + line, 0, 0);
    }
    return 0;
}

int updateTips(const char* refname, const git_oid* oldId, const git_oid* newId, void* payload) {
    auto& session = *static_cast<FetchSession*>(payload);
    session.updatedRefs.push_back(UpdatedRef{decode(refname), fromGitOid(oldId), fromGitOid(newId)});
    return 0;
}

} // namespace

void Remote::Deleter::operator()(git_remote* remote) const noexcept {
    git_remote_free(remote);
}

Remote::Remote(git_remote* remote)
    : m_remote(remote) {}
Remote::Remote(Remote&&) noexcept = default;
Remote& Remote::operator=(Remote&&) noexcept = default;
Remote::~Remote() = default;

util::Result<QStringList> Remote::list(const Repository& repository) {
    git_strarray names{};
    if (int rc = git_remote_list(&names, repository.raw()); rc < 0)
        return util::fail(gitError(rc, repository.gitDir()));
    QStringList out;
    for (size_t i = 0; i < names.count; ++i)
        out.append(decode(names.strings[i]));
    git_strarray_dispose(&names);
    return out;
}

util::Result<Remote> Remote::lookup(const Repository& repository, const QString& name) {
    ensureLibgit2();
    git_remote* remote = nullptr;
    const int rc = git_remote_lookup(&remote, repository.raw(), name.toUtf8().constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no remote named \"%1\"").arg(name),
                          repository.gitDir());
    if (rc < 0)
        return util::fail(gitError(rc, name));
    return Remote(remote);
}

util::Result<FetchResult> Remote::fetch(const Repository& repository, const QString& name,
                                        const FetchOptions& options) {
    util::Result<Remote> remote = lookup(repository, name);
    if (!remote)
        return util::fail(remote.error());
    return remote->fetch(options);
}

QString Remote::name() const {
    return decode(git_remote_name(m_remote.get()));
}

QString Remote::url() const {
    return redactUrlPasswords(decode(git_remote_url(m_remote.get())));
}

util::Result<FetchResult> Remote::fetch(const FetchOptions& options) {
    const QString rawUrl = decode(git_remote_url(m_remote.get()));
    FetchSession session{options, redactUrlPasswords(rawUrl), sshPortOf(rawUrl),
                         KnownHosts(options.knownHostsFiles)};
    session.secrets.append(QUrl(rawUrl).password()); // a password written into the URL itself
    if (session.checkCancelled())
        return util::fail(*session.failure);
    // libgit2 reports a missing local repository as a generic error; say what it is.
    if (const QString path = localPathOf(rawUrl); !path.isEmpty() && !QFileInfo::exists(path))
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no repository at %1").arg(path),
                          name() + QStringLiteral(" (") + session.displayUrl + QLatin1Char(')'));

    git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
    git_remote_callbacks& callbacks = fetchOptions.callbacks;
    callbacks.credentials = acquireCredential;
    callbacks.certificate_check = checkCertificate;
    callbacks.transfer_progress = transferProgress;
    callbacks.sideband_progress = sidebandProgress;
    callbacks.update_tips = updateTips;
    callbacks.payload = &session;

    const int rc = git_remote_fetch(m_remote.get(), nullptr, &fetchOptions, nullptr);
    if (rc < 0) {
        util::Error error;
        if (session.failure)
            error = *session.failure;
        else if (options.cancel.isCancelled())
            error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("fetch cancelled"));
        else
            error = gitError(rc, {});
        if (error.code == util::ErrorCode::Network && error.message.contains(QLatin1String("404")))
            error.code = util::ErrorCode::NotFound; // "unexpected http status code: 404"
        // libssh2 could not use the offered key (e.g. wrong passphrase): still a credential problem.
        if (error.code == util::ErrorCode::Network &&
            error.message.startsWith(QLatin1String("Failed to authenticate SSH session")))
            error.code = util::ErrorCode::Auth;
        error.message = redact(error.message, session.secrets);
        error.where = name() + QStringLiteral(" (") + session.displayUrl + QLatin1Char(')');
        return util::fail(std::move(error));
    }

    FetchResult result;
    const git_indexer_progress* stats = git_remote_stats(m_remote.get());
    result.receivedObjects = stats->received_objects;
    result.totalObjects = stats->total_objects;
    result.receivedBytes = stats->received_bytes;
    result.updatedRefs = std::move(session.updatedRefs);
    return result;
}

} // namespace syncline::git
