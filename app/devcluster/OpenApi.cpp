#include "OpenApi.h"

#include "JsonText.h"
#include "ResourceCatalog.h"

#include <QCryptographicHash>

namespace syncline::devcluster {

namespace {

std::string s(const QString& text) { return text.toStdString(); }

QString gvPathOf(const QString& group, const QString& version) {
    if (group.isEmpty())
        return QStringLiteral("api/") + version;
    return QStringLiteral("apis/") + group + QLatin1Char('/') + version;
}

Json queryParameter(const char* name, const char* type) {
    return Json{{"name", name}, {"in", "query"}, {"schema", Json{{"type", type}, {"uniqueItems", true}}}};
}

Json operation(const char* action, const char* verb, const ResourceType& type, bool withBodyParams) {
    Json op = Json::object();
    op["operationId"] = std::string(verb) + s(type.kind);
    op["x-kubernetes-action"] = action;
    op["x-kubernetes-group-version-kind"] = Json{{"group", s(type.group)}, {"version", s(type.version)}, {"kind", s(type.kind)}};
    Json params = Json::array();
    if (withBodyParams) {
        params.push_back(queryParameter("dryRun", "string"));
        params.push_back(queryParameter("fieldManager", "string"));
        params.push_back(queryParameter("fieldValidation", "string"));
    }
    if (std::string(action) == "patch")
        params.push_back(queryParameter("force", "boolean"));
    op["parameters"] = params;
    op["responses"] = Json{{"200", Json{{"description", "OK"}}}, {"401", Json{{"description", "Unauthorized"}}}};
    return op;
}

} // namespace

QString OpenApi::hashOf(const QString& gvPath) const {
    const QByteArray text = QByteArray::fromStdString(json::dump(document(gvPath)));
    return QString::fromLatin1(QCryptographicHash::hash(text, QCryptographicHash::Sha512).toHex().toUpper());
}

Json OpenApi::index() const {
    Json paths = Json::object();
    for (const QString& group : m_catalog.groups())
        for (const QString& version : m_catalog.versions(group)) {
            const QString gvPath = gvPathOf(group, version);
            paths[s(gvPath)] = Json{
                {"serverRelativeURL", s(QStringLiteral("/openapi/v3/") + gvPath + QStringLiteral("?hash=") + hashOf(gvPath))}};
        }
    return Json{{"paths", paths}};
}

Json OpenApi::document(const QString& gvPath) const {
    for (const QString& group : m_catalog.groups()) {
        for (const QString& version : m_catalog.versions(group)) {
            if (gvPathOf(group, version) != gvPath)
                continue;
            Json paths = Json::object();
            for (const ResourceType* type : m_catalog.resources(group, version)) {
                const QString base = QLatin1Char('/') + gvPath +
                                     (type->namespaced ? QStringLiteral("/namespaces/{namespace}/") : QStringLiteral("/")) +
                                     type->plural;
                paths[s(base)] =
                    Json{{"get", operation("list", "list", *type, false)}, {"post", operation("post", "create", *type, true)}};
                paths[s(base + QStringLiteral("/{name}"))] = Json{{"get", operation("get", "read", *type, false)},
                                                                  {"put", operation("put", "replace", *type, true)},
                                                                  {"patch", operation("patch", "patch", *type, true)},
                                                                  {"delete", operation("delete", "delete", *type, false)}};
                if (type->hasStatus)
                    paths[s(base + QStringLiteral("/{name}/status"))] = Json{{"get", operation("get", "read", *type, false)},
                                                                             {"put", operation("put", "replace", *type, true)},
                                                                             {"patch", operation("patch", "patch", *type, true)}};
            }
            return Json{{"openapi", "3.0.0"},
                        {"info", Json{{"title", "Kubernetes (syncline-devcluster)"}, {"version", "v1.32.0"}}},
                        {"paths", paths},
                        {"components", Json{{"schemas", Json::object()}}}};
        }
    }
    return Json();
}

} // namespace syncline::devcluster
