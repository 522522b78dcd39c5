#include "Discovery.h"

#include "ResourceCatalog.h"
#include "ScaleSubresource.h"

#include <QCryptographicHash>

namespace syncline::devcluster {

namespace {

std::string s(const QString& text) { return text.toStdString(); }

Json verbs(bool all) {
    if (!all)
        return Json::array({"get", "patch", "update"});
    return Json::array({"create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"});
}

Json groupEntry(const ResourceCatalog& catalog, const QString& group) {
    Json versions = Json::array();
    for (const QString& version : catalog.versions(group))
        versions.push_back(Json{{"groupVersion", s(group + QLatin1Char('/') + version)}, {"version", s(version)}});
    return Json{{"name", s(group)}, {"versions", versions}, {"preferredVersion", versions.front()}};
}

} // namespace

Json Discovery::version() const {
    return Json{{"major", "1"},
                {"minor", "32"},
                {"gitVersion", "v1.32.0-syncline-devcluster"},
                {"gitCommit", "0000000000000000000000000000000000000000"},
                {"gitTreeState", "clean"},
                {"buildDate", "2026-01-01T00:00:00Z"},
                {"goVersion", "go1.23"},
                {"compiler", "gc"},
                {"platform", "linux/amd64"}};
}

Json Discovery::coreVersions(const QString& serverAddress) const {
    return Json{
        {"kind", "APIVersions"},
        {"versions", Json::array({"v1"})},
        {"serverAddressByClientCIDRs", Json::array({Json{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", s(serverAddress)}}})}};
}

Json Discovery::groupList() const {
    Json groups = Json::array();
    for (const QString& group : m_catalog.groups())
        if (!group.isEmpty())
            groups.push_back(groupEntry(m_catalog, group));
    return Json{{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

Json Discovery::group(const QString& group) const {
    if (group.isEmpty() || m_catalog.versions(group).isEmpty())
        return Json();
    Json entry = groupEntry(m_catalog, group);
    entry["kind"] = "APIGroup";
    entry["apiVersion"] = "v1";
    return entry;
}

Json Discovery::resourceList(const QString& group, const QString& version) const {
    const auto types = m_catalog.resources(group, version);
    if (types.empty())
        return Json();
    Json resources = Json::array();
    for (const ResourceType* type : types) {
        Json r = Json::object();
        r["name"] = s(type->plural);
        r["singularName"] = s(type->singular);
        r["namespaced"] = type->namespaced;
        r["kind"] = s(type->kind);
        r["verbs"] = verbs(true);
        if (!type->shortNames.isEmpty()) {
            Json shortNames = Json::array();
            for (const QString& name : type->shortNames)
                shortNames.push_back(s(name));
            r["shortNames"] = shortNames;
        }
        if (!type->categories.isEmpty()) {
            Json categories = Json::array();
            for (const QString& name : type->categories)
                categories.push_back(s(name));
            r["categories"] = categories;
        }
        const QByteArray hash =
            QCryptographicHash::hash((type->groupVersion() + type->kind).toUtf8(), QCryptographicHash::Sha256);
        r["storageVersionHash"] = hash.toBase64().left(11).toStdString();
        resources.push_back(std::move(r));
        if (ScaleSubresource::servedFor(*type)) {
            resources.push_back(Json{{"name", s(type->plural + QStringLiteral("/scale"))},
                                     {"singularName", ""},
                                     {"namespaced", type->namespaced},
                                     {"group", "autoscaling"},
                                     {"version", "v1"},
                                     {"kind", "Scale"},
                                     {"verbs", verbs(false)}});
        }
        if (type->hasStatus) {
            resources.push_back(Json{{"name", s(type->plural + QStringLiteral("/status"))},
                                     {"singularName", ""},
                                     {"namespaced", type->namespaced},
                                     {"kind", s(type->kind)},
                                     {"verbs", verbs(false)}});
        }
    }
    const QString gv = group.isEmpty() ? version : group + QLatin1Char('/') + version;
    return Json{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", s(gv)}, {"resources", resources}};
}

} // namespace syncline::devcluster
