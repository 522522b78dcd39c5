#include "health/StatusFields.h"

namespace syncline::health::fields {

const nlohmann::json* find(const nlohmann::json& object, Path path) {
    const nlohmann::json* current = &object;
    for (const char* key : path) {
        if (!current->is_object())
            return nullptr;
        auto it = current->find(key);
        if (it == current->end())
            return nullptr;
        current = &*it;
    }
    return current;
}

QString string(const nlohmann::json& object, Path path, const QString& fallback) {
    const nlohmann::json* value = find(object, path);
    if (!value || !value->is_string())
        return fallback;
    return QString::fromStdString(value->get_ref<const std::string&>());
}

std::optional<qint64> integer(const nlohmann::json& object, Path path) {
    const nlohmann::json* value = find(object, path);
    if (!value)
        return std::nullopt;
    if (value->is_number_integer())
        return value->get<qint64>();
    if (value->is_number_float())
        return static_cast<qint64>(value->get<double>());
    return std::nullopt;
}

qint64 integer(const nlohmann::json& object, Path path, qint64 fallback) { return integer(object, path).value_or(fallback); }

bool boolean(const nlohmann::json& object, Path path) {
    const nlohmann::json* value = find(object, path);
    return value && value->is_boolean() && value->get<bool>();
}

std::size_t arraySize(const nlohmann::json& object, Path path) {
    const nlohmann::json* value = find(object, path);
    return value && value->is_array() ? value->size() : 0;
}

std::vector<Condition> conditionsFrom(const nlohmann::json& array) {
    std::vector<Condition> result;
    if (!array.is_array())
        return result;
    for (const auto& entry : array) {
        if (!entry.is_object())
            continue;
        result.push_back(
            Condition{string(entry, {"type"}), string(entry, {"status"}), string(entry, {"reason"}), string(entry, {"message"})});
    }
    return result;
}

std::vector<Condition> conditions(const nlohmann::json& object) {
    const nlohmann::json* array = find(object, {"status", "conditions"});
    return array ? conditionsFrom(*array) : std::vector<Condition>{};
}

std::optional<Condition> condition(const nlohmann::json& object, const char* type) {
    const QLatin1String wanted(type);
    for (auto& entry : conditions(object)) {
        if (entry.type == wanted)
            return entry;
    }
    return std::nullopt;
}

QString kind(const nlohmann::json& object) { return string(object, {"kind"}); }

QString name(const nlohmann::json& object) { return string(object, {"metadata", "name"}); }

QString group(const nlohmann::json& object) {
    const QString apiVersion = string(object, {"apiVersion"});
    const auto slash = apiVersion.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : apiVersion.left(slash);
}

QString reasonAndMessage(const QString& reason, const QString& message) {
    if (reason.isEmpty())
        return message;
    if (message.isEmpty())
        return reason;
    return reason + QStringLiteral(": ") + message;
}

} // namespace syncline::health::fields
