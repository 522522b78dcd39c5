#include "kube/ApiDiscovery.h"

namespace syncline::kube {

namespace {

QString text(const nlohmann::json& object, const char* key) {
    if (!object.is_object())
        return {};
    auto found = object.find(key);
    return found != object.end() && found->is_string() ? QString::fromStdString(found->get<std::string>()) : QString();
}

} // namespace

std::pair<QString, QString> splitApiVersion(const QString& apiVersion) {
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return {QString(), apiVersion};
    return {apiVersion.left(slash), apiVersion.mid(slash + 1)};
}

std::vector<GroupVersionRef> parseCoreVersions(const nlohmann::json& document) {
    std::vector<GroupVersionRef> result;
    if (!document.is_object())
        return result;
    auto versions = document.find("versions");
    if (versions == document.end() || !versions->is_array() || versions->empty() || !versions->front().is_string())
        return result;
    const QString version = QString::fromStdString(versions->front().get<std::string>());
    result.push_back({QString(), version, QStringLiteral("/api/") + version});
    return result;
}

std::vector<GroupVersionRef> parseGroups(const nlohmann::json& document) {
    std::vector<GroupVersionRef> result;
    if (!document.is_object())
        return result;
    auto groups = document.find("groups");
    if (groups == document.end() || !groups->is_array())
        return result;
    for (const auto& group : *groups) {
        const QString name = text(group, "name");
        if (name.isEmpty())
            continue;
        QString version;
        if (auto preferred = group.find("preferredVersion"); preferred != group.end())
            version = text(*preferred, "version");
        if (version.isEmpty())
            if (auto versions = group.find("versions"); versions != group.end() && versions->is_array() && !versions->empty())
                version = text(versions->front(), "version");
        if (version.isEmpty())
            continue;
        result.push_back({name, version, QStringLiteral("/apis/") + name + QLatin1Char('/') + version});
    }
    return result;
}

std::vector<ApiResource> parseResourceList(const nlohmann::json& document, const GroupVersionRef& groupVersion) {
    std::vector<ApiResource> result;
    if (!document.is_object())
        return result;
    auto resources = document.find("resources");
    if (resources == document.end() || !resources->is_array())
        return result;
    for (const auto& entry : *resources) {
        ApiResource resource;
        resource.plural = text(entry, "name");
        resource.kind = text(entry, "kind");
        if (resource.plural.isEmpty() || resource.kind.isEmpty() || resource.plural.contains(QLatin1Char('/')))
            continue;
        resource.group = groupVersion.group;
        resource.version = groupVersion.version;
        if (auto namespaced = entry.find("namespaced"); namespaced != entry.end() && namespaced->is_boolean())
            resource.namespaced = namespaced->get<bool>();
        if (auto verbs = entry.find("verbs"); verbs != entry.end() && verbs->is_array())
            for (const auto& verb : *verbs)
                if (verb.is_string())
                    resource.verbs << QString::fromStdString(verb.get<std::string>());
        result.push_back(std::move(resource));
    }
    return result;
}

} // namespace syncline::kube
