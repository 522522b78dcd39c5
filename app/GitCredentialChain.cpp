#include "GitCredentialChain.h"

#include <vector>

namespace syncline::app {

namespace {

std::unique_ptr<git::TokenCredentialProvider> tokenFromEnvironment() {
    const QString token = qEnvironmentVariable("SYNCLINE_GIT_TOKEN");
    if (token.isEmpty())
        return nullptr;
    return std::make_unique<git::TokenCredentialProvider>(qEnvironmentVariable("SYNCLINE_GIT_USER"), token);
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

GitCredentialChain::GitCredentialChain(KeychainStore& store, CredentialPrompt* prompt, const QString& repositoryDir)
    : m_token(tokenFromEnvironment())
    , m_keychain(store, prompt)
    , m_helper(repositoryDir)
    , m_chain(ordered(&m_ssh, m_token.get(), &m_keychain, &m_helper)) {}

} // namespace syncline::app
