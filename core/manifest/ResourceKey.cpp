#include "manifest/ResourceKey.h"

namespace syncline::manifest {

namespace {

template <typename Json> QString stringAt(const Json& object, const char* key) {
    auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return QString::fromStdString(it->template get<std::string>());
}

template <typename Json> ResourceKey keyOf(const Json& object) {
    ResourceKey key;
    if (!object.is_object())
        return key;
    const QString apiVersion = stringAt(object, "apiVersion");
    const auto slash = apiVersion.indexOf(QLatin1Char('/'));
    key.group = slash < 0 ? QString() : apiVersion.left(slash);
    key.kind = stringAt(object, "kind");
    if (auto metadata = object.find("metadata"); metadata != object.end() && metadata->is_object()) {
        key.namespaceName = stringAt(*metadata, "namespace");
        key.name = stringAt(*metadata, "name");
    }
    return key;
}

} // namespace

ResourceKey ResourceKey::of(const nlohmann::ordered_json& object) { return keyOf(object); }
ResourceKey ResourceKey::of(const nlohmann::json& object) { return keyOf(object); }

QString ResourceKey::toString() const {
    QString text = group.isEmpty() ? kind : group + QLatin1Char('/') + kind;
    text += QLatin1Char(' ');
    if (!namespaceName.isEmpty())
        text += namespaceName + QLatin1Char('/');
    return text + name;
}

} // namespace syncline::manifest
