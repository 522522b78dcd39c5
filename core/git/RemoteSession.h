#pragma once

// Private to core/git: the libgit2 remote callbacks shared by fetch and push —
// credentials (bounded attempts, secrets remembered for redaction), SSH host-key
// checking against known_hosts (with an optional ask-once prompt), TLS verification,
// progress, cancellation and the server's sideband text.

#include "git/CredentialProvider.h"
#include "git/KnownHosts.h"
#include "util/CancellationToken.h"
#include "util/Error.h"

#include <QString>
#include <QStringList>

#include <git2.h>
#include <optional>

namespace syncline::util {
class ProgressSink;
}

namespace syncline::git {
class HostKeyPrompt;
} // namespace syncline::git

namespace syncline::git::detail {

struct RemoteSessionOptions {
    CredentialProvider* credentials = nullptr;
    util::ProgressSink* progress = nullptr;
    util::CancellationToken cancel;
    QStringList knownHostsFiles;
    int maxAuthAttempts = 5;
    HostKeyPrompt* hostKeyPrompt = nullptr;
    QString operation = QStringLiteral("fetch"); // for messages: "fetch cancelled"
};

// The folder a file:// or plain-path remote points at; empty for network remotes.
QString localPathOf(const QString& url);

// State shared by the callbacks of one network operation. Errors the callbacks detect are
// kept here: they are clearer than what libgit2 reports after the callback fails.
class RemoteSession {
public:
    RemoteSession(RemoteSessionOptions options, const QString& rawUrl);
    RemoteSession(const RemoteSession&) = delete;
    RemoteSession& operator=(const RemoteSession&) = delete;

    // Sets credentials, certificate_check, transfer_progress, sideband_progress,
    // push_transfer_progress and payload. Callers may add their own callbacks that take
    // the session as payload (e.g. update_tips) afterwards.
    void install(git_remote_callbacks& callbacks);
    // The callbacks, and redirects to another host refused (same-host ones are followed):
    // depending on its version libgit2 reports the remote's own URL or the redirected one
    // when asking for credentials, so a credential chosen for one host could reach another.
    void install(git_fetch_options& options);
    void install(git_push_options& options);

    // True (and `failure` set) when the operation was cancelled.
    bool checkCancelled();
    // The error for a failed libgit2 call `rc`: the callbacks' own error if any, else
    // libgit2's, classified and with every known secret redacted.
    util::Error errorFor(int rc, const QString& where);
    // Redacts the secrets seen so far (credentials offered, the URL's user-info).
    QString redact(QString text) const;
    // Tells the credential provider whether the last credential it gave was accepted.
    void reportCredentialOutcome(bool accepted);

    const QString& displayUrl() const { return m_displayUrl; }
    // Lines the server sent on the sideband ("remote: ..."), joined by newlines.
    QString remoteText() const;
    std::optional<util::Error> failure;
    void* userData = nullptr; // free for the caller's own callbacks

    // libgit2 entry points (payload = RemoteSession*).
    static int acquireCredential(git_credential** out, const char* url, const char* usernameFromUrl, unsigned int allowedTypes,
                                 void* payload);
    static int checkCertificate(git_cert* cert, int valid, const char* host, void* payload);
    static int transferProgress(const git_indexer_progress* stats, void* payload);
    static int pushTransferProgress(unsigned int current, unsigned int total, size_t bytes, void* payload);
    static int sidebandProgress(const char* text, int length, void* payload);

private:
    int acquireCredentialUnsafe(git_credential** out, const char* url, const char* usernameFromUrl, unsigned int allowedTypes);
    int failAuth(const CredentialRequest& request, const QString& reason);
    int failUnsafeUrl(const CredentialRequest& request);
    int failHostKey(const QString& message);
    int unknownHost(const QString& host, const QByteArray& blob, const HostKeyCheck& check);

    RemoteSessionOptions m_options;
    QString m_displayUrl;
    int m_sshPort = 22;
    KnownHosts m_knownHosts;
    int m_authAttempts = 0;
    QStringList m_tried;
    QStringList m_secrets;
    QString m_urlUser;  // an http(s) URL's user name: often a token (https://TOKEN@host)
    QString m_sideband; // partial lines kept until their newline arrives
    QStringList m_remoteLines;
    std::optional<CredentialRequest> m_lastRequest;
    std::optional<Credential> m_lastCredential;
};

} // namespace syncline::git::detail
