#pragma once

#include "KeychainCredentialProvider.h"
#include "git/ChainCredentialProvider.h"
#include "git/GitCredentialHelperProvider.h"
#include "git/SshCredentialProvider.h"
#include "git/TokenCredentialProvider.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace syncline::git {
class Repository;
}

namespace syncline::app {

class KeychainStore;

// The credentials every fetch and push of the app uses, in this order: ssh-agent and plain
// key files; SYNCLINE_GIT_TOKEN/SYNCLINE_GIT_USER when set (given for this run, so it wins
// over the keychain and is never asked for again) — sent only to SYNCLINE_GIT_HOST
// ("host[:port]") or, when that is unset, to `tokenHosts` (the hosts of the remote named
// when the command started), never to another host a redirect or a second remote names;
// HTTPS tokens and key passphrases from
// the OS keychain, asking through `prompt` when one is missing or refused; last the
// user's git credential helper (`git credential fill`).
// Hand provider() to git::FetchOptions / actions::ActionRunOptions. The store and the
// prompt must outlive the chain; `prompt` may be null (never ask). Used by one operation
// at a time, on the thread running it.
class GitCredentialChain {
public:
    // `repositoryDir` lets a repository-level credential.helper apply; empty: global config only.
    GitCredentialChain(KeychainStore& store, git::CredentialPrompt* prompt, const QString& repositoryDir = {},
                       const QStringList& tokenHosts = {});
    GitCredentialChain(const GitCredentialChain&) = delete;
    GitCredentialChain& operator=(const GitCredentialChain&) = delete;

    git::CredentialProvider* provider() { return &m_chain; }

    // The hosts SYNCLINE_GIT_TOKEN is for when SYNCLINE_GIT_HOST is unset: those of
    // `remote` in `repository` as configured now (URL and push URL); empty when unknown.
    static QStringList tokenHostsOf(const git::Repository& repository, const QString& remote);

private:
    git::SshCredentialProvider m_ssh;
    std::unique_ptr<git::TokenCredentialProvider> m_token; // only when SYNCLINE_GIT_TOKEN is set
    KeychainCredentialProvider m_keychain;
    git::GitCredentialHelperProvider m_helper;
    git::ChainCredentialProvider m_chain;
};

} // namespace syncline::app
