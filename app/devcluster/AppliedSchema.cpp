#include "AppliedSchema.h"

#include "CustomResourceSchema.h"
#include "JsonUtil.h"

#include <set>
#include <string>

namespace syncline::devcluster {

namespace {

// How Go prints the unstructured value the server could not type ("5", "true").
QString goValue(const Json& value) {
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    return QStringLiteral("&value.valueUnstructured{Value:%1}").arg(QString::fromStdString(text));
}

ApiError typedPatchError(const ResourceType& type, const Json& applied, const QString& problem) {
    // "(<namespace>/<name>; <group>/<version>, Kind=<Kind>)": the core group prints as "".
    const QString object = QStringLiteral("%1/%2; %3/%4, Kind=%5")
                               .arg(QString::fromStdString(json::metaText(applied, "namespace")),
                                    QString::fromStdString(json::metaText(applied, "name")), type.group, type.version, type.kind);
    return ApiError{500, QString(), QStringLiteral("failed to create typed patch object (%1): %2").arg(object, problem)};
}

} // namespace

ApiResult<void> AppliedSchema::check(const ResourceType& type, const Json& applied) {
    if (type.custom) {
        if (const QString field = CustomResourceSchema::firstUndeclaredField(type, applied); !field.isEmpty())
            return apiFail(typedPatchError(type, applied, field + QStringLiteral(": field not declared in schema")));
        return {};
    }
    const bool configMap = type.group.isEmpty() && type.kind == QLatin1String("ConfigMap");
    const bool secret = type.group.isEmpty() && type.kind == QLatin1String("Secret");
    if ((!configMap && !secret) || !applied.is_object())
        return {};
    std::set<std::string> known = {"apiVersion", "kind", "metadata", "data", "binaryData", "immutable"};
    if (secret)
        known.insert({"stringData", "type"});
    for (auto it = applied.begin(); it != applied.end(); ++it) {
        if (!known.count(it.key()))
            return apiFail(typedPatchError(
                type, applied, QStringLiteral(".%1: field not declared in schema").arg(QString::fromStdString(it.key()))));
    }
    for (const char* map : {"data", "binaryData", "stringData"}) {
        const Json* values = json::child(applied, map);
        if (!values || values->is_null())
            continue;
        if (!values->is_object())
            return apiFail(typedPatchError(
                type, applied, QStringLiteral(".%1: expected map, got %2").arg(QLatin1String(map), goValue(*values))));
        for (auto it = values->begin(); it != values->end(); ++it) {
            if (!it.value().is_string() && !it.value().is_null())
                return apiFail(
                    typedPatchError(type, applied,
                                    QStringLiteral(".%1.%2: expected string, got %3")
                                        .arg(QLatin1String(map), QString::fromStdString(it.key()), goValue(it.value()))));
        }
    }
    return {};
}

} // namespace syncline::devcluster
