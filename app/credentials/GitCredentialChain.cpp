#include "GitCredentialChain.h"

#include "git/Remote.h"
#include "git/Repository.h"

#include <vector>

namespace syncline::app {

namespace {

std::unique_ptr<git::TokenCredentialProvider> tokenFromEnvironment(const QStringList& remoteHosts) {
    const QString token = qEnvironmentVariable("SYNCLINE_GIT_TOKEN");
    if (token.isEmpty())
        return nullptr;
    const QString host = qEnvironmentVariable("SYNCLINE_GIT_HOST").trimmed();
    return std::make_unique<git::TokenCredentialProvider>(qEnvironmentVariable("SYNCLINE_GIT_USER"), token,
                                                          host.isEmpty() ? remoteHosts : QStringList{host});
}

// A token set in the environment comes before the keychain: it was given for this run, and
// the keychain provider would otherwise ask for a token the user already supplied.
std::vector<git::CredentialProvider*> ordered(git::CredentialProvider* ssh, git::CredentialProvider* token,
                                              git::CredentialProvider* keychain, git::CredentialProvider* helper) {
    std::vector<git::CredentialProvider*> providers{ssh};
    if (token)
        providers.push_back(token);
    providers.push_back(keychain);
    providers.push_back(helper);
    return providers;
}

} // namespace

GitCredentialChain::GitCredentialChain(KeychainStore& store, git::CredentialPrompt* prompt, const QString& repositoryDir,
                                       const QStringList& tokenHosts)
    : m_token(tokenFromEnvironment(tokenHosts)), m_keychain(store, prompt), m_helper(repositoryDir),
      m_chain(ordered(&m_ssh, m_token.get(), &m_keychain, &m_helper)) {}

QStringList GitCredentialChain::tokenHostsOf(const git::Repository& repository, const QString& remote) {
    const auto found = git::Remote::lookup(repository, remote);
    return found ? found->hosts() : QStringList();
}

} // namespace syncline::app
