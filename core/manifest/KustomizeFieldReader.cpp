#include "manifest/KustomizeFieldReader.h"

namespace syncline::manifest {

util::Unexpected KustomizeFieldReader::unsupported(const std::string& key) const {
    return util::fail(util::ErrorCode::Unsupported, QStringLiteral("kustomize field %1 is not built in").arg(qualified(key)),
                      m_file);
}

util::Unexpected KustomizeFieldReader::invalid(const std::string& key, const char* expected) const {
    return util::fail(util::ErrorCode::InvalidArgument, qualified(key) + QStringLiteral(" must be ") + QLatin1String(expected),
                      m_file);
}

QString KustomizeFieldReader::qualified(const std::string& key) const {
    const QString name = QString::fromStdString(key);
    if (name.isEmpty())
        return m_field;
    return m_field.isEmpty() ? name : m_field + QLatin1Char('.') + name;
}

util::Result<void> KustomizeFieldReader::checkKeys(const Json& object, std::initializer_list<std::string_view> known) const {
    if (!object.is_object())
        return invalid("", "a mapping");
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool found = false;
        for (std::string_view k : known)
            found = found || k == it.key();
        if (!found)
            return unsupported(it.key());
    }
    return {};
}

util::Result<std::string> KustomizeFieldReader::string(const Json& object, const char* key) const {
    const Json* value = present(object, key);
    if (!value)
        return std::string();
    if (!value->is_string())
        return invalid(key, "a string");
    return value->get<std::string>();
}

util::Result<std::optional<bool>> KustomizeFieldReader::boolean(const Json& object, const char* key) const {
    const Json* value = present(object, key);
    if (!value)
        return std::optional<bool>();
    if (!value->is_boolean())
        return invalid(key, "true or false");
    return std::optional<bool>(value->get<bool>());
}

util::Result<QStringList> KustomizeFieldReader::strings(const Json& object, const char* key) const {
    QStringList result;
    const Json* value = present(object, key);
    if (!value)
        return result;
    if (!value->is_array())
        return invalid(key, "a list of strings");
    for (const Json& item : *value) {
        if (!item.is_string())
            return invalid(key, "a list of strings");
        result << QString::fromStdString(item.get<std::string>());
    }
    return result;
}

util::Result<StringPairs> KustomizeFieldReader::pairs(const Json& object, const char* key) const {
    StringPairs result;
    const Json* value = present(object, key);
    if (!value)
        return result;
    if (!value->is_object())
        return invalid(key, "a mapping of strings");
    for (auto entry = value->begin(); entry != value->end(); ++entry) {
        if (!entry->is_string())
            return invalid(key + std::string(".") + entry.key(), "a string (quote it)");
        result.emplace_back(entry.key(), entry->get<std::string>());
    }
    return result;
}

util::Result<const KustomizeFieldReader::Json*> KustomizeFieldReader::list(const Json& object, const char* key) const {
    static const Json empty = Json::array();
    const Json* value = present(object, key);
    if (!value)
        return &empty;
    if (!value->is_array())
        return invalid(key, "a list");
    return value;
}

const KustomizeFieldReader::Json* KustomizeFieldReader::present(const Json& object, const char* key) const {
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

} // namespace syncline::manifest
