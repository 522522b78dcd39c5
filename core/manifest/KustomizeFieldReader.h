#pragma once

#include "manifest/Kustomization.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace syncline::manifest {

// Reads one mapping of a kustomization (or of a replacement in it), refusing keys it does
// not know: `field` names where the mapping is ("patches[0].target") in every message, and
// an unknown key is Unsupported, which KustomizeRenderer hands to kubectl kustomize.
class KustomizeFieldReader {
public:
    using Json = nlohmann::ordered_json;

    KustomizeFieldReader(const QString& file, QString field) : m_file(file), m_field(std::move(field)) {}

    util::Unexpected unsupported(const std::string& key) const;
    util::Unexpected invalid(const std::string& key, const char* expected) const;
    QString qualified(const std::string& key) const;
    QString nested(const char* key) const { return qualified(key); }
    const QString& file() const { return m_file; }

    util::Result<void> checkKeys(const Json& object, std::initializer_list<std::string_view> known) const;
    // Absent or null: the empty value (an empty string, no boolean, no strings...).
    util::Result<std::string> string(const Json& object, const char* key) const;
    util::Result<std::optional<bool>> boolean(const Json& object, const char* key) const;
    util::Result<QStringList> strings(const Json& object, const char* key) const;
    util::Result<StringPairs> pairs(const Json& object, const char* key) const;
    util::Result<const Json*> list(const Json& object, const char* key) const;
    // The value, or null when absent or null.
    const Json* present(const Json& object, const char* key) const;

private:
    const QString& m_file;
    QString m_field;
};

} // namespace syncline::manifest
