#pragma once

#include "git/CredentialProvider.h"

#include <QHash>
#include <QString>

#include <optional>

namespace syncline::git {

// The user's own Git credential helper as the last fallback for HTTPS: runs
// `git credential fill` (protocol, host, path, username) in the repository, so
// credential.helper from any Git config level applies (store, cache, libsecret, manager,
// ...). After the operation, `git credential approve` (accepted) or `reject` (refused)
// lets the helper remember or forget, as git itself does. Git never prompts on a
// terminal here (GIT_TERMINAL_PROMPT=0): without a helper this provider has nothing to
// offer. Credentials go only to https, or http on a loopback address.
class GitCredentialHelperProvider final : public CredentialProvider {
public:
    explicit GitCredentialHelperProvider(QString repositoryDir = {}, QString gitProgram = QStringLiteral("git"));

    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override;
    void reportOutcome(const CredentialRequest& request, const Credential& credential, bool accepted) override;
    QString exhaustedHint(const CredentialRequest& request) const override;

private:
    // The "key=value" lines git credential reads, without the password.
    static QByteArray describe(const CredentialRequest& request, const QString& username);
    int runGit(const QString& action, const QByteArray& input, QByteArray* output) const;

    QString m_repositoryDir;
    QString m_git;
    QHash<QString, std::optional<UserPasswordCredential>> m_answers; // per URL: git is asked once
    QString m_problem;
};

} // namespace syncline::git
