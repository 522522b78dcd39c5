#include "git/RemoteSession.h"

#include "git/GitError.h"
#include "git/HostKeyPrompt.h"
#include "git/RemoteUrl.h"
#include "util/ProgressSink.h"
#include "util/Text.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

namespace syncline::git::detail {

namespace {

QString decode(const char* text) { return text ? util::decodeGitText(QByteArray(text)) : QString(); }

// The port ssh connects to: explicit in ssh:// URLs, 22 for scp-like "host:path".
int sshPortOf(const QString& url) {
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]*://"));
    if (!scheme.match(url).hasMatch())
        return 22;
    return QUrl(url).port(22);
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

int makeGitCredential(git_credential** out, const Credential& credential) {
    if (const auto* agent = std::get_if<SshAgentCredential>(&credential))
        return git_credential_ssh_key_from_agent(out, agent->username.toUtf8().constData());
    if (const auto* key = std::get_if<SshKeyCredential>(&credential)) {
        const QByteArray publicKey = QFile::encodeName(key->publicKeyPath);
        const QByteArray passphrase = key->passphrase.toUtf8();
        return git_credential_ssh_key_new(
            out, key->username.toUtf8().constData(), publicKey.isEmpty() ? nullptr : publicKey.constData(),
            QFile::encodeName(key->privateKeyPath).constData(), passphrase.isEmpty() ? nullptr : passphrase.constData());
    }
    const auto& userPassword = std::get<UserPasswordCredential>(credential);
    return git_credential_userpass_plaintext_new(out, userPassword.username.toUtf8().constData(),
                                                 userPassword.password.toUtf8().constData());
}

// Appends "<name> <type> <base64>" to a known_hosts file, creating it (and ~/.ssh) if
// needed. The file is rewritten atomically so a crash never leaves half a line.
bool appendKnownHost(const QString& file, const QString& lookupName, const QByteArray& blob) {
    const QString type = KnownHosts::keyType(blob);
    if (file.isEmpty() || type.isEmpty())
        return false;
    QDir().mkpath(QFileInfo(file).absolutePath());
    QByteArray content;
    if (QFile existing(file); existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly))
            return false;
        content = existing.readAll();
        if (!content.isEmpty() && !content.endsWith('\n'))
            content += '\n';
    }
    content += lookupName.toUtf8() + ' ' + type.toUtf8() + ' ' + blob.toBase64() + '\n';
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    out.write(content);
    return out.commit();
}

} // namespace

QString localPathOf(const QString& url) {
    if (url.startsWith(QLatin1String("file://")))
        return QUrl(url).toLocalFile();
    return url.startsWith(QLatin1Char('/')) ? url : QString();
}

RemoteSession::RemoteSession(RemoteSessionOptions options, const QString& rawUrl)
    : m_options(std::move(options)), m_displayUrl(RemoteUrl::redacted(rawUrl)), m_sshPort(sshPortOf(rawUrl)),
      m_knownHosts(m_options.knownHostsFiles) {
    m_secrets.append(QUrl(rawUrl).password()); // a password written into the URL itself
    if (rawUrl.startsWith(QLatin1String("http"), Qt::CaseInsensitive))
        m_urlUser = RemoteUrl::userName(rawUrl);
}

void RemoteSession::install(git_remote_callbacks& callbacks) {
    callbacks.credentials = &RemoteSession::acquireCredential;
    callbacks.certificate_check = &RemoteSession::checkCertificate;
    callbacks.transfer_progress = &RemoteSession::transferProgress;
    callbacks.push_transfer_progress = &RemoteSession::pushTransferProgress;
    callbacks.sideband_progress = &RemoteSession::sidebandProgress;
    callbacks.payload = this;
}

void RemoteSession::install(git_fetch_options& options) {
    install(options.callbacks);
    options.follow_redirects = GIT_REMOTE_REDIRECT_NONE; // same-host redirects still work
}

void RemoteSession::install(git_push_options& options) {
    install(options.callbacks);
    options.follow_redirects = GIT_REMOTE_REDIRECT_NONE;
}

bool RemoteSession::checkCancelled() {
    if (!m_options.cancel.isCancelled())
        return false;
    if (!failure)
        failure = util::makeError(util::ErrorCode::Cancelled, m_options.operation + QStringLiteral(" cancelled"));
    return true;
}

QString RemoteSession::redact(QString text) const {
    for (const QString& secret : m_secrets)
        if (!secret.isEmpty())
            text.replace(secret, QStringLiteral("***"));
    text = RemoteUrl::redactText(std::move(text));
    if (!m_urlUser.isEmpty()) {
        // Only as a whole word: a plain user name ("ada") must not cut other words apart.
        const QRegularExpression user(QStringLiteral("(?<![A-Za-z0-9._~%-])") + QRegularExpression::escape(m_urlUser) +
                                      QStringLiteral("(?![A-Za-z0-9._~%-])"));
        text.replace(user, QStringLiteral("***"));
    }
    return text;
}

util::Error RemoteSession::errorFor(int rc, const QString& where) {
    util::Error error;
    if (failure)
        error = *failure;
    else if (m_options.cancel.isCancelled())
        error = util::makeError(util::ErrorCode::Cancelled, m_options.operation + QStringLiteral(" cancelled"));
    else
        error = gitError(rc, {});
    if (error.code == util::ErrorCode::Network && error.message.contains(QLatin1String("404")))
        error.code = util::ErrorCode::NotFound; // "unexpected http status code: 404"
    // libssh2 could not use the offered key (e.g. wrong passphrase): still a credential problem.
    if (error.code == util::ErrorCode::Network && error.message.startsWith(QLatin1String("Failed to authenticate SSH session")))
        error.code = util::ErrorCode::Auth;
    error.message = redact(error.message);
    error.where = where;
    return error;
}

void RemoteSession::reportCredentialOutcome(bool accepted) {
    if (!m_options.credentials || !m_lastRequest || !m_lastCredential)
        return;
    try {
        m_options.credentials->reportOutcome(*m_lastRequest, *m_lastCredential, accepted);
    } catch (...) {
        // A provider failing to remember a secret must not turn a finished push into an error.
    }
    m_lastCredential.reset();
}

QString RemoteSession::remoteText() const {
    QStringList lines = m_remoteLines;
    if (const QString rest = m_sideband.trimmed(); !rest.isEmpty())
        lines.append(rest);
    return redact(lines.join(QLatin1Char('\n')));
}

int RemoteSession::failAuth(const CredentialRequest& request, const QString& reason) {
    QString message = QStringLiteral("authentication failed for %1: %2").arg(m_displayUrl, reason);
    if (!m_tried.isEmpty())
        message += QStringLiteral(" (tried: ") + m_tried.join(QStringLiteral("; ")) + QLatin1Char(')');
    if (m_options.credentials)
        if (const QString hint = m_options.credentials->exhaustedHint(request); !hint.isEmpty())
            message += QStringLiteral(". ") + hint;
    failure = util::makeError(util::ErrorCode::Auth, message);
    if (m_lastCredential)
        reportCredentialOutcome(false);
    return GIT_EAUTH;
}

// The URL libgit2 asks credentials for would smuggle extra fields into `git credential`
// (CR, LF or NUL after decoding): nothing is asked or sent for it, as git refuses it too.
int RemoteSession::failUnsafeUrl(const CredentialRequest& request) {
    const auto fields = RemoteUrl::credentialFields(request.url);
    failure = util::makeError(util::ErrorCode::InvalidArgument,
                              QStringLiteral("refusing to authenticate to %1: %2")
                                  .arg(RemoteUrl::redacted(request.url), fields ? QString() : fields.error().message));
    return GIT_EUSER;
}

int RemoteSession::failHostKey(const QString& message) {
    failure = util::makeError(util::ErrorCode::Auth, message);
    return GIT_ECERTIFICATE;
}

int RemoteSession::acquireCredentialUnsafe(git_credential** out, const char* url, const char* usernameFromUrl,
                                           unsigned int allowedTypes) {
    if (checkCancelled())
        return GIT_EUSER;
    CredentialRequest request{decode(url), decode(usernameFromUrl), kindsFrom(allowedTypes)};
    if (request.url.contains(QLatin1String("://")) && !RemoteUrl::credentialFields(request.url))
        return failUnsafeUrl(request);
    CredentialProvider* provider = m_options.credentials;
    if (!provider)
        return failAuth(request, QStringLiteral("the remote requires credentials and none are configured"));

    // ssh URLs without a user: libgit2 first asks for the user name alone.
    if (allowedTypes == GIT_CREDENTIAL_USERNAME) {
        request.allowed = CredentialKind::SshKey | CredentialKind::SshAgent;
        const std::optional<Credential> first = provider->credential(request, 1);
        if (!first)
            return failAuth(request, QStringLiteral("no SSH credential to offer"));
        return git_credential_username_new(out, usernameOf(*first).toUtf8().constData());
    }
    if (!request.allowed)
        return failAuth(request, QStringLiteral("the server offers no supported authentication method"));

    // Asked again: the previous answer was refused.
    if (m_lastCredential)
        reportCredentialOutcome(false);
    if (++m_authAttempts > m_options.maxAuthAttempts)
        return failAuth(request, QStringLiteral("gave up after %1 attempts").arg(m_options.maxAuthAttempts));
    const std::optional<Credential> credential = provider->credential(request, m_authAttempts);
    if (!credential)
        return failAuth(request,
                        m_authAttempts == 1 ? QStringLiteral("no credentials to offer") : QStringLiteral("credentials rejected"));
    if (!request.allowed.testFlag(kindOf(*credential)))
        return failAuth(request, QStringLiteral("the credential offered is not accepted by this remote"));

    if (const auto* key = std::get_if<SshKeyCredential>(&*credential))
        m_secrets.append(key->passphrase);
    if (const auto* userPassword = std::get_if<UserPasswordCredential>(&*credential))
        m_secrets.append(userPassword->password);
    m_tried.append(describeCredential(*credential));
    m_lastRequest = request;
    m_lastCredential = credential;
    return makeGitCredential(out, *credential);
}

int RemoteSession::acquireCredential(git_credential** out, const char* url, const char* usernameFromUrl,
                                     unsigned int allowedTypes, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    try { // a provider's exception must not unwind through libgit2's C frames
        return session.acquireCredentialUnsafe(out, url, usernameFromUrl, allowedTypes);
    } catch (...) {
        session.failure = util::makeError(util::ErrorCode::Auth, QStringLiteral("the credential provider failed"));
        return GIT_EUSER;
    }
}

int RemoteSession::unknownHost(const QString& host, const QByteArray& blob, const HostKeyCheck& check) {
    const QString name = KnownHosts::lookupName(host, m_sshPort);
    const QString presented = QStringLiteral("%1 key %2").arg(check.keyType, check.fingerprint);
    const QString writable = m_knownHosts.files().value(0);
    if (m_options.hostKeyPrompt && !writable.isEmpty()) {
        bool trusted = false;
        try { // never unwind through libgit2
            trusted = m_options.hostKeyPrompt->trustUnknownHost(
                UnknownHostKey{host, m_sshPort, name, check.keyType, check.fingerprint});
        } catch (...) {
            trusted = false;
        }
        if (checkCancelled())
            return GIT_EUSER;
        if (!trusted)
            return failHostKey(
                QStringLiteral("the SSH host key of %1 (%2) was not trusted; nothing was sent").arg(name, presented));
        if (!appendKnownHost(writable, name, blob))
            return failHostKey(
                QStringLiteral("the SSH host key of %1 was trusted but could not be saved to %2").arg(name, writable));
        return 0;
    }
    return failHostKey(
        QStringLiteral("the SSH host key of %1 is not known (%2; checked %3). If that fingerprint is the "
                       "server's, add the key: %4")
            .arg(name, presented, m_knownHosts.files().join(QStringLiteral(", ")), KnownHosts::addHostCommand(host, m_sshPort)));
}

int RemoteSession::checkCertificate(git_cert* cert, int valid, const char* hostText, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    const QString host = decode(hostText);
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2) {
        // TLS: libgit2 already verified the chain against the system store; never override.
        if (valid)
            return 0;
        session.failure =
            util::makeError(util::ErrorCode::Network, QStringLiteral("the TLS certificate of %1 is not trusted").arg(host));
        return GIT_ECERTIFICATE;
    }
    const auto* key = reinterpret_cast<const git_cert_hostkey*>(cert);
    if (!(key->type & GIT_CERT_SSH_RAW) || !key->hostkey || key->hostkey_len == 0)
        return session.failHostKey(
            QStringLiteral("cannot verify the SSH host key of %1: the key itself is not available").arg(host));

    const QByteArray blob(key->hostkey, qsizetype(key->hostkey_len));
    const HostKeyCheck check = session.m_knownHosts.check(host, session.m_sshPort, blob);
    const QString name = KnownHosts::lookupName(host, session.m_sshPort);
    const QString presented = QStringLiteral("%1 key %2").arg(check.keyType, check.fingerprint);
    switch (check.status) {
    case HostKeyStatus::Match:
        return 0;
    case HostKeyStatus::Unknown:
        return session.unknownHost(host, blob, check);
    case HostKeyStatus::Changed:
        return session.failHostKey(
            QStringLiteral("REFUSED: the SSH host key of %1 has changed (now %2; %3 lists a different key). "
                           "Someone may be intercepting the connection. If the server's key was replaced on "
                           "purpose, remove the old entry (ssh-keygen -R \"%1\") and add the new one.")
                .arg(name, presented, check.knownAt));
    case HostKeyStatus::Revoked:
        return session.failHostKey(
            QStringLiteral("REFUSED: the SSH host key of %1 (%2) is revoked in %3").arg(name, presented, check.knownAt));
    }
    return GIT_ECERTIFICATE;
}

int RemoteSession::transferProgress(const git_indexer_progress* stats, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    if (util::ProgressSink* sink = session.m_options.progress) {
        if (stats->received_objects < stats->total_objects)
            sink->progress(QStringLiteral("Receiving objects"), stats->received_objects, stats->total_objects);
        else if (stats->total_deltas > 0)
            sink->progress(QStringLiteral("Resolving deltas"), stats->indexed_deltas, stats->total_deltas);
        else
            sink->progress(QStringLiteral("Receiving objects"), stats->received_objects, stats->total_objects);
    }
    return session.checkCancelled() ? GIT_EUSER : 0;
}

int RemoteSession::pushTransferProgress(unsigned int current, unsigned int total, size_t bytes, void* payload) {
    Q_UNUSED(bytes);
    auto& session = *static_cast<RemoteSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    if (util::ProgressSink* sink = session.m_options.progress)
        sink->progress(QStringLiteral("Writing objects"), current, total);
    return 0;
}

// Free-text from the server: progress ("Counting objects: 42% ...") and, for pushes, what
// hooks print ("remote: protected branch").
int RemoteSession::sidebandProgress(const char* text, int length, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    if (session.checkCancelled())
        return GIT_EUSER;
    session.m_sideband += util::decodeGitText(text, length);
    // Progress lines end in '\r' and are rewritten in place; only complete '\n' lines are kept.
    qsizetype newline;
    while ((newline = session.m_sideband.indexOf(QLatin1Char('\n'))) >= 0) {
        QString line = session.m_sideband.left(newline);
        session.m_sideband.remove(0, newline + 1);
        if (const qsizetype cr = line.lastIndexOf(QLatin1Char('\r')); cr >= 0)
            line = line.mid(cr + 1);
        line = line.trimmed();
        if (!line.isEmpty() && session.m_remoteLines.size() < 200)
            session.m_remoteLines.append(line);
    }
    if (util::ProgressSink* sink = session.m_options.progress) {
        const QString line = util::decodeGitText(text, length).trimmed();
        if (!line.isEmpty())
            sink->progress(QStringLiteral("remote: ") + session.redact(line), 0, 0);
    }
    return 0;
}

} // namespace syncline::git::detail
