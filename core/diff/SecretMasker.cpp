#include "diff/SecretMasker.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <utility>
#include <vector>

namespace syncline::diff {

SecretMasker::SecretMasker(QByteArray salt) : m_salt(std::move(salt)) {
    if (m_salt.isEmpty()) {
        m_salt.resize(16);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(m_salt.data()), 4);
    }
}

std::string SecretMasker::token(std::string_view decodedValue) const {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(m_salt);
    hash.addData(QByteArrayView(decodedValue.data(), qsizetype(decodedValue.size())));
    return "<secret:" + hash.result().left(4).toHex().toStdString() + ">";
}

void SecretMasker::mask(nlohmann::ordered_json& secret) const {
    if (!secret.is_object())
        return;
    // Decoded values by key, data first, then stringData over it.
    std::vector<std::pair<std::string, std::string>> values;
    auto put = [&](const std::string& key, std::string value) {
        for (auto& [k, v] : values) {
            if (k == key) {
                v = std::move(value);
                return;
            }
        }
        values.emplace_back(key, std::move(value));
    };
    auto valueText = [](const nlohmann::ordered_json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); };

    bool hadData = false;
    if (auto data = secret.find("data"); data != secret.end()) {
        hadData = true;
        if (data->is_object()) {
            for (const auto& [key, value] : data->items()) {
                const std::string text = valueText(value);
                auto decoded =
                    QByteArray::fromBase64Encoding(QByteArray::fromStdString(text), QByteArray::AbortOnBase64DecodingErrors);
                // Undecodable data is hashed as is, marked so it cannot equal a decoded value.
                put(key, decoded ? decoded.decoded.toStdString() : "\x01invalid-base64:" + text);
            }
        }
    }
    bool hadStringData = false;
    if (auto stringData = secret.find("stringData"); stringData != secret.end()) {
        hadStringData = true;
        if (stringData->is_object())
            for (const auto& [key, value] : stringData->items())
                put(key, valueText(value));
        secret.erase("stringData");
    }
    if (!hadData && !hadStringData)
        return;
    nlohmann::ordered_json masked = nlohmann::ordered_json::object();
    for (const auto& [key, value] : values)
        masked[key] = token(value);
    secret["data"] = std::move(masked);
}

} // namespace syncline::diff
