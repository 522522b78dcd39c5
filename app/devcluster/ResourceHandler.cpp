#include "ResourceHandler.h"

#include "FieldSelector.h"
#include "HttpConnection.h"
#include "JsonText.h"
#include "JsonUtil.h"
#include "LabelSelector.h"
#include "ObjectService.h"
#include "ObjectStore.h"
#include "ScaleSubresource.h"
#include "WatchHub.h"

#include <algorithm>

namespace syncline::devcluster {

namespace {

std::string s(const QString& text) { return text.toStdString(); }

ApiResult<WriteOptions> writeOptions(const HttpRequest& request) {
    WriteOptions options;
    const QString dryRun = request.queryValue(QStringLiteral("dryRun"));
    if (!dryRun.isEmpty() && dryRun != QLatin1String("All"))
        return apiFail(ApiError::badRequest(QStringLiteral("Invalid dry run value: %1; only \"All\" is supported").arg(dryRun)));
    options.dryRun = dryRun == QLatin1String("All");
    options.force = request.queryFlag(QStringLiteral("force"));
    options.fieldManager = s(request.queryValue(QStringLiteral("fieldManager")));
    return options;
}

// client-go's default field manager for non-apply writes: the User-Agent's program name.
std::string managerFromUserAgent(const HttpRequest& request) {
    QByteArray agent = request.header("user-agent");
    agent = agent.left(agent.indexOf('/') < 0 ? agent.size() : agent.indexOf('/')).left(128);
    return agent.isEmpty() ? std::string("unknown") : agent.toStdString();
}

// A create or update whose body is not an object of the type: the real server's words.
ApiError unrecognizedBody(const ResourceType& type, const QString& parseError) {
    return ApiError::badRequest(
        QStringLiteral("the object provided is unrecognized (must be of type %1): %2").arg(type.kind, parseError));
}

struct ContinueToken {
    std::string start; // the last key returned
};

QString encodeContinue(const std::string& lastKey, quint64 rv) {
    Json token{{"v", "meta.k8s.io/v1"}, {"rv", rv}, {"start", lastKey}};
    return QString::fromLatin1(QByteArray::fromStdString(json::dump(token)).toBase64(QByteArray::Base64UrlEncoding));
}

ApiResult<ContinueToken> decodeContinue(const QString& text) {
    const QByteArray raw = QByteArray::fromBase64(text.toLatin1(), QByteArray::Base64UrlEncoding);
    Json token = json::parse(raw);
    if (!token.is_object() || !token.contains("start") || !token["start"].is_string())
        return apiFail(ApiError::badRequest(QStringLiteral("continue key is not valid: %1").arg(text)));
    return ContinueToken{token["start"].get<std::string>()};
}

} // namespace

HttpResponse ResourceHandler::json(int status, const Json& body) {
    return HttpResponse{status, QByteArrayLiteral("application/json"), QByteArray::fromStdString(json::dump(body))};
}

void ResourceHandler::handle(const HttpRequest& request, const ResourceTarget& target, HttpConnection& connection) {
    const QByteArray& method = request.method;
    if (target.subresource == QLatin1String("scale") && ScaleSubresource::servedFor(*target.type) && !target.name.isEmpty() &&
        (method == "GET" || method == "PATCH" || method == "PUT")) {
        connection.send(scale(request, target));
        return;
    }
    if (!target.subresource.isEmpty() &&
        (target.subresource != QLatin1String("status") || !target.type->hasStatus || method == "DELETE" || method == "POST")) {
        connection.send(error(ApiError::notFoundPath(request.path)));
        return;
    }
    if (method == "GET") {
        if (!target.name.isEmpty()) {
            connection.send(get(target));
        } else if (request.queryFlag(QStringLiteral("watch"))) {
            watch(request, target, connection);
        } else if (m_exitAfterListBytes >= 0) {
            connection.sendCutThenExit(list(request, target), m_exitAfterListBytes);
        } else {
            connection.send(list(request, target));
        }
        return;
    }
    if (method == "POST" || method == "PUT" || method == "PATCH") {
        connection.send(write(request, target));
        return;
    }
    if (method == "DELETE" && !target.name.isEmpty()) {
        connection.send(remove(request, target));
        return;
    }
    connection.send(error(ApiError::methodNotAllowed(QString::fromLatin1(method))));
}

HttpResponse ResourceHandler::get(const ResourceTarget& target) {
    const Json* object = m_store.find(target.type->storeId(), s(target.ns), s(target.name));
    if (!object)
        return error(ApiError::notFound(target.type->qualifiedResource(), target.name, target.type->group, target.type->plural));
    return json(200, *object);
}

HttpResponse ResourceHandler::list(const HttpRequest& request, const ResourceTarget& target) {
    auto labels = LabelSelector::parse(request.queryValue(QStringLiteral("labelSelector")));
    if (!labels)
        return error(labels.error());
    auto fields = FieldSelector::parse(request.queryValue(QStringLiteral("fieldSelector")));
    if (!fields)
        return error(fields.error());
    WatchFilter filter{target.type->storeId(), s(target.ns), *labels, *fields};
    bool limitOk = true;
    const qint64 limit =
        request.hasQuery(QStringLiteral("limit")) ? request.queryValue(QStringLiteral("limit")).toLongLong(&limitOk) : 0;
    if (!limitOk || limit < 0)
        return error(ApiError::badRequest(QStringLiteral("invalid limit")));
    std::string start;
    if (const QString token = request.queryValue(QStringLiteral("continue")); !token.isEmpty()) {
        auto decoded = decodeContinue(token);
        if (!decoded)
            return error(decoded.error());
        start = decoded->start;
    }
    // Items are serialised straight into the body (no copy of each object into a list):
    // listing thousands of objects stays cheap.
    std::string items;
    qint64 count = 0;
    Json metadata = Json::object();
    metadata["resourceVersion"] = std::to_string(m_store.resourceVersion());
    if (const auto* bucket = m_store.bucket(filter.storeId)) {
        auto it = start.empty() ? bucket->begin() : bucket->upper_bound(start);
        if (!filter.ns.empty() && start.empty())
            it = bucket->lower_bound(filter.ns + '/');
        std::string lastKey;
        for (; it != bucket->end(); ++it) {
            if (!filter.ns.empty() && it->first.compare(0, filter.ns.size() + 1, filter.ns + '/') != 0) {
                if (it->first > filter.ns + '/')
                    break;
                continue;
            }
            if (!filter.matches(it->second))
                continue;
            if (limit > 0 && count == limit) {
                metadata["continue"] = s(encodeContinue(lastKey, m_store.resourceVersion()));
                if (labels->isEmpty() && fields->exactName().isEmpty()) {
                    qint64 remaining = 0;
                    for (auto rest = it; rest != bucket->end(); ++rest)
                        if (filter.ns.empty() || rest->first.compare(0, filter.ns.size() + 1, filter.ns + '/') == 0)
                            ++remaining;
                    metadata["remainingItemCount"] = remaining;
                }
                break;
            }
            items += count++ == 0 ? "" : ",";
            items += json::dump(it->second);
            lastKey = it->first;
        }
    }
    Json body = Json::object();
    body["kind"] = s(target.type->kind + QStringLiteral("List"));
    body["apiVersion"] = s(target.type->groupVersion());
    body["metadata"] = std::move(metadata);
    body["items"] = Json::array();
    std::string text = json::dump(body);
    text.insert(text.size() - 2, items); // between the brackets of "items":[]
    return HttpResponse{200, QByteArrayLiteral("application/json"), QByteArray::fromStdString(text)};
}

void ResourceHandler::watch(const HttpRequest& request, const ResourceTarget& target, HttpConnection& connection) {
    auto labels = LabelSelector::parse(request.queryValue(QStringLiteral("labelSelector")));
    if (!labels) {
        connection.send(error(labels.error()));
        return;
    }
    auto fields = FieldSelector::parse(request.queryValue(QStringLiteral("fieldSelector")));
    if (!fields) {
        connection.send(error(fields.error()));
        return;
    }
    std::optional<quint64> from;
    const QString rv = request.queryValue(QStringLiteral("resourceVersion"));
    if (!rv.isEmpty() && rv != QLatin1String("0")) {
        bool ok = false;
        from = rv.toULongLong(&ok);
        if (!ok) {
            connection.send(error(ApiError::badRequest(QStringLiteral("invalid resource version: %1").arg(rv))));
            return;
        }
    }
    // Bounded so that the timer's milliseconds fit an int.
    const int timeout = std::clamp(request.queryValue(QStringLiteral("timeoutSeconds")).toInt(), 0, 24 * 3600);
    const WatchRequest asked{.fromVersion = from,
                             .timeoutSeconds = timeout,
                             .bookmarks = request.queryFlag(QStringLiteral("allowWatchBookmarks")),
                             .apiVersion = target.type->groupVersion(),
                             .kind = target.type->kind};
    m_watches.start(connection, WatchFilter{target.type->storeId(), s(target.ns), *labels, *fields}, asked);
}

HttpResponse ResourceHandler::write(const HttpRequest& request, const ResourceTarget& target) {
    // client-go's typed clients (kubectl create, kubectl scale, ...) send built-in kinds as
    // protobuf; the devcluster speaks JSON (and YAML for apply) only.
    if (request.header("content-type").toLower().startsWith("application/vnd.kubernetes.protobuf"))
        return error(ApiError::unsupportedMediaType(QString::fromLatin1(request.header("content-type"))));
    auto options = writeOptions(request);
    if (!options)
        return error(options.error());
    const bool apply =
        request.method == "PATCH" && request.header("content-type").toLower().startsWith("application/apply-patch");
    if (options->fieldManager.empty() && !apply)
        options->fieldManager = managerFromUserAgent(request);
    if (request.method == "POST") {
        if (!target.name.isEmpty())
            return error(ApiError::methodNotAllowed(QStringLiteral("POST")));
        if (target.type->namespaced && target.ns.isEmpty())
            return error(ApiError::notFoundPath(request.path));
        QString parseError;
        Json body = ObjectService::parseBody(request.body, false, &parseError);
        if (body.is_discarded())
            return error(unrecognizedBody(*target.type, parseError));
        auto created = m_service.create(*target.type, target.ns, std::move(body), *options);
        return created ? json(201, *created) : error(created.error());
    }
    if (target.name.isEmpty())
        return error(ApiError::methodNotAllowed(QString::fromLatin1(request.method)));
    if (request.method == "PUT") {
        QString parseError;
        Json body = ObjectService::parseBody(request.body, false, &parseError);
        if (body.is_discarded())
            return error(unrecognizedBody(*target.type, parseError));
        auto updated = m_service.update(*target.type, target.ns, target.name, std::move(body), *options, target.subresource);
        return updated ? json(200, *updated) : error(updated.error());
    }
    const bool existed = m_store.find(target.type->storeId(), s(target.ns), s(target.name)) != nullptr;
    auto patched = m_service.patch(*target.type, target.ns, target.name, request.header("content-type"), request.body, *options,
                                   target.subresource);
    if (!patched)
        return error(patched.error());
    return json(existed ? 200 : 201, *patched);
}

HttpResponse ResourceHandler::scale(const HttpRequest& request, const ResourceTarget& target) {
    const Json* object = m_store.find(target.type->storeId(), s(target.ns), s(target.name));
    if (!object)
        return error(ApiError::notFound(target.type->qualifiedResource(), target.name, target.type->group, target.type->plural));
    const Json current = ScaleSubresource::view(*object);
    if (request.method == "GET")
        return json(200, current);
    auto options = writeOptions(request);
    if (!options)
        return error(options.error());
    if (options->fieldManager.empty())
        options->fieldManager = managerFromUserAgent(request);
    auto wanted = ScaleSubresource::changed(current, request.method, request.header("content-type"), request.body);
    if (!wanted)
        return error(wanted.error());
    const QByteArray patch = QByteArray::fromStdString(json::dump(ScaleSubresource::objectPatch(*wanted)));
    auto updated = m_service.patch(*target.type, target.ns, target.name, QByteArrayLiteral("application/merge-patch+json"), patch,
                                   *options, target.subresource);
    return updated ? json(200, ScaleSubresource::view(*updated)) : error(updated.error());
}

HttpResponse ResourceHandler::remove(const HttpRequest& request, const ResourceTarget& target) {
    QString policy = request.queryValue(QStringLiteral("propagationPolicy"));
    bool dryRun = request.queryValue(QStringLiteral("dryRun")) == QLatin1String("All");
    if (!request.body.trimmed().isEmpty()) {
        Json options = json::parse(request.body);
        if (options.is_object()) {
            if (options.contains("propagationPolicy") && options["propagationPolicy"].is_string())
                policy = QString::fromStdString(options["propagationPolicy"].get<std::string>());
            if (options.contains("orphanDependents") && options["orphanDependents"].is_boolean() &&
                options["orphanDependents"].get<bool>())
                policy = QStringLiteral("Orphan");
            if (options.contains("dryRun") && options["dryRun"].is_array())
                for (const auto& value : options["dryRun"])
                    dryRun = dryRun || value == "All";
        }
    }
    Propagation propagation = Propagation::Background;
    if (policy == QLatin1String("Foreground"))
        propagation = Propagation::Foreground;
    else if (policy == QLatin1String("Orphan"))
        propagation = Propagation::Orphan;
    else if (!policy.isEmpty() && policy != QLatin1String("Background"))
        return error(ApiError::badRequest(QStringLiteral("invalid propagationPolicy: %1").arg(policy)));
    auto removed = m_service.remove(*target.type, target.ns, target.name, propagation, dryRun);
    if (!removed)
        return error(removed.error());
    // The real server answers an object deleted at once with a Status naming it; a
    // namespace (finalized by its controller) and an object its finalizers hold come back
    // as the object.
    const Json* meta = json::child(*removed, "metadata");
    const Json* finalizers = meta ? json::child(*meta, "finalizers") : nullptr;
    if (target.type->storeId() == "/namespaces" || (finalizers && finalizers->is_array() && !finalizers->empty()))
        return json(200, *removed);
    return json(200, deletedStatus(*target.type, *removed));
}

Json ResourceHandler::deletedStatus(const ResourceType& type, const Json& object) {
    Json details{{"name", json::metaText(object, "name")}};
    if (!type.group.isEmpty())
        details["group"] = type.group.toStdString();
    details["kind"] = type.plural.toStdString();
    details["uid"] = json::metaText(object, "uid");
    return Json{
        {"kind", "Status"}, {"apiVersion", "v1"}, {"metadata", Json::object()}, {"status", "Success"}, {"details", details}};
}

} // namespace syncline::devcluster
