#pragma once

#include "git/CredentialProvider.h"

#include <vector>

namespace syncline::git {

// Asks several providers in order: all options of the first, then of the second, ...
// Does not own the providers; they must outlive the chain.
class ChainCredentialProvider final : public CredentialProvider {
public:
    explicit ChainCredentialProvider(std::vector<CredentialProvider*> providers);

    std::optional<Credential> credential(const CredentialRequest& request, int attempt) override;
    QString exhaustedHint(const CredentialRequest& request) const override;
    // Forwarded to the provider that gave the last credential.
    void reportOutcome(const CredentialRequest& request, const Credential& credential, bool accepted) override;

private:
    std::vector<CredentialProvider*> m_providers;
    CredentialProvider* m_lastProvider = nullptr;
};

} // namespace syncline::git
