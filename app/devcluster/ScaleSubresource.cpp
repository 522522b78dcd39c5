#include "ScaleSubresource.h"

#include "JsonUtil.h"
#include "manifest/JsonPatch.h"
#include "manifest/StrategicMergePatch.h"

#include <QStringList>

#include <algorithm>
#include <limits>
#include <utility>
#include <vector>

namespace syncline::devcluster {

namespace {

QString mediaType(const QByteArray& contentType) {
    return QString::fromLatin1(contentType.split(';').value(0).trimmed().toLower());
}

ApiError invalidReplicas(const Json& scale, const QString& value, const QString& why) {
    return ApiError::invalid(QStringLiteral("Scale.autoscaling"), json::metaQText(scale, "name"), QStringLiteral("spec.replicas"),
                             QStringLiteral("FieldValueInvalid"), QStringLiteral("Invalid value: %1: %2").arg(value, why));
}

// A body from the client: at most the size the HTTP layer already bounded, JSON only.
ApiResult<Json> parsed(const QByteArray& body) {
    Json value = Json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (value.is_discarded())
        return apiFail(ApiError::badRequest(QStringLiteral("couldn't get version/kind; json parse error: the request body is "
                                                           "not valid JSON")));
    return value;
}

ApiResult<Json> patched(Json scale, const QString& media, const Json& patch) {
    if (media == QLatin1String("application/json-patch+json")) {
        auto operations = manifest::JsonPatch::parse(patch);
        if (!operations)
            return apiFail(ApiError::badRequest(operations.error().toString()));
        if (auto ok = operations->apply(scale); !ok) // worded as a failed JSON patch of the object
            return apiFail(ApiError{422, QStringLiteral("Invalid"),
                                    QStringLiteral("the server rejected our request due to an error in our request")});
        return scale;
    }
    // A Scale has no lists: a strategic merge patch of it is a JSON merge patch.
    if (!patch.is_object())
        return apiFail(ApiError::badRequest(QStringLiteral("a merge patch must be a JSON object")));
    if (auto ok = manifest::StrategicMergePatch::apply(scale, patch); !ok)
        return apiFail(ApiError{422, QStringLiteral("Invalid"), ok.error().toString()});
    return scale;
}

} // namespace

bool ScaleSubresource::servedFor(const ResourceType& type) {
    return type.group == QLatin1String("apps") &&
           (type.plural == QLatin1String("deployments") || type.plural == QLatin1String("replicasets") ||
            type.plural == QLatin1String("statefulsets"));
}

Json ScaleSubresource::view(const Json& object) {
    Json metadata = Json::object();
    for (const char* key : {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"})
        if (const std::string value = json::metaText(object, key); !value.empty())
            metadata[key] = value;
    const Json* spec = json::child(object, "spec");
    const Json* replicas = spec ? json::child(*spec, "replicas") : nullptr;
    const Json* status = json::child(object, "status");
    const Json* current = status ? json::child(*status, "replicas") : nullptr;
    const Json* selector = spec ? json::child(*spec, "selector") : nullptr;
    return Json{{"kind", "Scale"},
                {"apiVersion", "autoscaling/v1"},
                {"metadata", metadata},
                {"spec", {{"replicas", replicas && replicas->is_number_integer() ? replicas->get<qint64>() : 1}}},
                {"status",
                 {{"replicas", current && current->is_number_integer() ? current->get<qint64>() : 0},
                  {"selector", selector ? selectorText(*selector).toStdString() : std::string()}}}};
}

ApiResult<Json> ScaleSubresource::changed(const Json& current, const QByteArray& method, const QByteArray& contentType,
                                          const QByteArray& body) {
    const QString media = mediaType(contentType);
    auto request = parsed(body);
    if (!request)
        return apiFail(request.error());
    Json scale;
    if (method == "PUT") {
        if (!media.isEmpty() && media != QLatin1String("application/json"))
            return apiFail(ApiError::unsupportedMediaType(media));
        scale = std::move(*request);
    } else if (media == QLatin1String("application/merge-patch+json") ||
               media == QLatin1String("application/strategic-merge-patch+json") ||
               media == QLatin1String("application/json-patch+json")) {
        auto result = patched(current, media, *request);
        if (!result)
            return apiFail(result.error());
        scale = std::move(*result);
    } else {
        return apiFail(ApiError::unsupportedMediaType(media));
    }
    const Json* spec = json::child(scale, "spec");
    const Json* replicas = spec ? json::child(*spec, "replicas") : nullptr;
    if (!replicas || !replicas->is_number_integer())
        return apiFail(invalidReplicas(current, replicas ? QString::fromStdString(replicas->dump()) : QStringLiteral("null"),
                                       QStringLiteral("must be an integer")));
    if (replicas->get<qint64>() < 0 || replicas->get<qint64>() > std::numeric_limits<qint32>::max())
        return apiFail(invalidReplicas(current, QString::number(replicas->get<qint64>()),
                                       replicas->get<qint64>() < 0 ? QStringLiteral("must be greater than or equal to 0")
                                                                   : QStringLiteral("must be a 32-bit integer")));
    if (!scale.contains("metadata") || !scale["metadata"].is_object())
        scale["metadata"] = Json::object();
    return scale;
}

Json ScaleSubresource::objectPatch(const Json& scale) {
    Json patch{{"spec", {{"replicas", scale["spec"]["replicas"]}}}};
    if (const std::string version = json::metaText(scale, "resourceVersion"); !version.empty())
        patch["metadata"] = Json{{"resourceVersion", version}};
    return patch;
}

// As the real server prints a label selector: its terms sorted by key, comma-separated.
QString ScaleSubresource::selectorText(const Json& selector) {
    std::vector<std::pair<QString, QString>> terms; // key, term
    if (const Json* labels = json::child(selector, "matchLabels"); labels && labels->is_object())
        for (auto it = labels->begin(); it != labels->end(); ++it)
            if (it.value().is_string())
                terms.emplace_back(QString::fromStdString(it.key()),
                                   QString::fromStdString(it.key() + "=" + it.value().get<std::string>()));
    if (const Json* expressions = json::child(selector, "matchExpressions"); expressions && expressions->is_array())
        for (const Json& expression : *expressions) {
            const QString key = json::qtext(expression, "key");
            const QString op = json::qtext(expression, "operator");
            QStringList values;
            if (const Json* list = json::child(expression, "values"); list && list->is_array())
                for (const Json& value : *list)
                    if (value.is_string())
                        values << QString::fromStdString(value.get<std::string>());
            values.sort();
            if (op == QLatin1String("Exists"))
                terms.emplace_back(key, key);
            else if (op == QLatin1String("DoesNotExist"))
                terms.emplace_back(key, QLatin1Char('!') + key);
            else if (op == QLatin1String("In") || op == QLatin1String("NotIn"))
                terms.emplace_back(key, QStringLiteral("%1 %2 (%3)").arg(key, op.toLower(), values.join(QLatin1Char(','))));
        }
    std::stable_sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    QStringList texts;
    for (const auto& term : terms)
        texts << term.second;
    return texts.join(QLatin1Char(','));
}

} // namespace syncline::devcluster
