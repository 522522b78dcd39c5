#pragma once

#include "manifest/ResourceKey.h"

#include <QByteArray>

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace syncline::diff {

// Keeps Secret values out of every diff. A Secret's `stringData` is folded into `data`
// (as the API server does: stringData wins) and each value is replaced by a token
// "<secret:1a2b3c4d>" — the first 32 bits of SHA-256(salt + decoded value). Equal values
// give equal tokens under one salt, so the comparison still sees what changed, while
// neither the clear text nor its base64 form survives, and without the salt a token
// cannot be checked against guesses. Field changes inside the data show `<changed>`.
class SecretMasker {
public:
    // An empty salt draws a random one.
    explicit SecretMasker(QByteArray salt = {});

    static bool isSecret(const manifest::ResourceKey& key) { return key.group.isEmpty() && key.kind == QLatin1String("Secret"); }

    // Folds stringData into data and masks every value of data (in place).
    void mask(nlohmann::ordered_json& secret) const;

    std::string token(std::string_view decodedValue) const;

private:
    QByteArray m_salt;
};

} // namespace syncline::diff
