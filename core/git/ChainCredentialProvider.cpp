#include "git/ChainCredentialProvider.h"

#include <QStringList>

namespace syncline::git {

ChainCredentialProvider::ChainCredentialProvider(std::vector<CredentialProvider*> providers)
    : m_providers(std::move(providers)) {}

std::optional<Credential> ChainCredentialProvider::credential(const CredentialRequest& request, int attempt) {
    // Providers answer as a function of (request, attempt), so the chain maps its attempt
    // number onto one provider's by counting the options of those before it.
    int remaining = attempt;
    for (CredentialProvider* provider : m_providers) {
        for (int local = 1; remaining > 0; ++local) {
            std::optional<Credential> answer = provider->credential(request, local);
            if (!answer)
                break;
            if (--remaining == 0) {
                m_lastProvider = provider;
                return answer;
            }
        }
    }
    return std::nullopt;
}

void ChainCredentialProvider::reportOutcome(const CredentialRequest& request, const Credential& credential, bool accepted) {
    if (m_lastProvider)
        m_lastProvider->reportOutcome(request, credential, accepted);
}

QString ChainCredentialProvider::exhaustedHint(const CredentialRequest& request) const {
    QStringList hints;
    for (const CredentialProvider* provider : m_providers)
        if (const QString hint = provider->exhaustedHint(request); !hint.isEmpty())
            hints.append(hint);
    return hints.join(QStringLiteral("; "));
}

} // namespace syncline::git
