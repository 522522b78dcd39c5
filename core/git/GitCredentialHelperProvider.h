#pragma once

#include "git/CredentialProvider.h"
#include "util/Result.h"

#include <QHash>
#include <QString>

#include <optional>

namespace syncline::git {

// The user's own Git credential helper as the last fallback for HTTPS: runs
// `git credential fill` in the repository, describing the remote as git does (protocol,
// host[:port], path — which git drops for http(s) unless credential.useHttpPath is set —
// and the URL's user name), so credential.helper and credential.useHttpPath from any Git
// config level apply (store, cache, libsecret, manager, ...). A URL whose decoded parts
// hold CR, LF or NUL is refused without running git: see describe(). After the operation,
// `git credential approve` (accepted) or `reject` (refused) lets the helper remember or
// forget, as git itself does. Git never prompts on a terminal here (GIT_TERMINAL_PROMPT=0): without a helper this provider has
// nothing to offer. Credentials go only to https, or http on a loopback address.
class GitCredentialHelperProvider final : public CredentialProvider {
public:
    explicit GitCredentialHelperProvider(QString repositoryDir = {}, QString gitProgram = QStringLiteral("git"));

    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override;
    void reportOutcome(const CredentialRequest& request, const Credential& credential, bool accepted) override;
    QString exhaustedHint(const CredentialRequest& request) const override;

private:
    // The "key=value" lines git credential reads; refused when a value holds CR, LF or NUL.
    static util::Result<QByteArray> describe(const CredentialRequest& request, const QString& username, const QString& password);
    std::optional<UserPasswordCredential> fill(const CredentialRequest& request);
    int runGit(const QString& action, const QByteArray& input, QByteArray* output) const;

    QString m_repositoryDir;
    QString m_git;
    QHash<QString, std::optional<UserPasswordCredential>> m_answers; // per URL: git is asked once
    QString m_problem;
};

} // namespace syncline::git
