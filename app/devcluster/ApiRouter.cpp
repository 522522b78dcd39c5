#include "ApiRouter.h"

#include "HttpConnection.h"
#include "ResourceCatalog.h"

#include <QCryptographicHash>
#include <QStringList>

namespace syncline::devcluster {

ApiRouter::ApiRouter(ResourceCatalog& catalog, ResourceHandler& resources, RotatingToken token)
    : m_catalog(catalog), m_resources(resources), m_discovery(catalog), m_openApi(catalog), m_token(std::move(token)) {}

bool ApiRouter::authorized(const HttpRequest& request) {
    const std::optional<QString> token = m_token.current();
    if (!token)
        return false;
    if (token->isEmpty())
        return true;
    const QByteArray header = request.header("authorization");
    if (!header.startsWith("Bearer "))
        return false;
    // Compare digests so the time taken does not depend on how much of the token matched.
    const QByteArray given = QCryptographicHash::hash(header.mid(7).trimmed(), QCryptographicHash::Sha256);
    const QByteArray wanted = QCryptographicHash::hash(token->toUtf8(), QCryptographicHash::Sha256);
    return given == wanted;
}

void ApiRouter::handle(const HttpRequest& request, HttpConnection& connection) {
    // No exception ends the server: a value of the wrong type somewhere in a body (the
    // JSON library throws on those) is the client's error, anything else ours.
    const auto failWith = [&](const ApiError& error) {
        if (connection.isStreaming())
            connection.endStream();
        else if (!connection.hasAnswered())
            connection.send(ResourceHandler::error(error));
    };
    try {
        route(request, connection);
    } catch (const nlohmann::json::exception& e) {
        failWith(ApiError::badRequest(QStringLiteral("the request could not be processed: %1").arg(QLatin1String(e.what()))));
    } catch (const std::bad_alloc&) {
        failWith(ApiError::internalError(QStringLiteral("out of memory")));
    } catch (const std::exception& e) {
        failWith(ApiError::internalError(QLatin1String(e.what())));
    }
}

void ApiRouter::route(const HttpRequest& request, HttpConnection& connection) {
    const QString& path = request.path;
    if (path == QLatin1String("/healthz") || path == QLatin1String("/livez") || path == QLatin1String("/readyz")) {
        connection.send(HttpResponse{200, QByteArrayLiteral("text/plain; charset=utf-8"), QByteArrayLiteral("ok")});
        return;
    }
    if (!authorized(request)) {
        connection.send(ResourceHandler::error(ApiError::unauthorized()));
        return;
    }
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const auto reply = [&](const Json& body) {
        connection.send(body.is_null() ? ResourceHandler::error(ApiError::notFoundPath(path)) : ResourceHandler::json(200, body));
    };
    const bool get = request.method == "GET";
    if (path == QLatin1String("/version") && get)
        return reply(m_discovery.version());
    if (segments.value(0) == QLatin1String("openapi") && get) {
        if (segments.value(1) == QLatin1String("v3")) {
            if (segments.size() == 2)
                return reply(m_openApi.index());
            return reply(m_openApi.document(segments.mid(2).join(QLatin1Char('/'))));
        }
        return reply(Json()); // no OpenAPI v2: see OpenApi.h
    }
    if (segments.value(0) == QLatin1String("api")) {
        if (segments.size() == 1 && get)
            return reply(m_discovery.coreVersions(m_serverAddress));
        if (segments.value(1) != QLatin1String("v1"))
            return reply(Json());
        if (segments.size() == 2 && get)
            return reply(m_discovery.resourceList(QString(), QStringLiteral("v1")));
        auto target = resolve(segments.mid(2), QString(), QStringLiteral("v1"));
        if (!target)
            return connection.send(ResourceHandler::error(target.error()));
        return m_resources.handle(request, *target, connection);
    }
    if (segments.value(0) == QLatin1String("apis")) {
        if (segments.size() == 1 && get)
            return reply(m_discovery.groupList());
        if (segments.size() == 2 && get)
            return reply(m_discovery.group(segments[1]));
        if (segments.size() == 3 && get)
            return reply(m_discovery.resourceList(segments[1], segments[2]));
        if (segments.size() < 4)
            return reply(Json());
        auto target = resolve(segments.mid(3), segments[1], segments[2]);
        if (!target)
            return connection.send(ResourceHandler::error(target.error()));
        return m_resources.handle(request, *target, connection);
    }
    reply(Json());
}

ApiResult<ResourceTarget> ApiRouter::resolve(const QStringList& segments, const QString& group, const QString& version) const {
    ResourceTarget target;
    QStringList rest = segments;
    if (rest.size() >= 3 && rest[0] == QLatin1String("namespaces") && rest[2] != QLatin1String("status") &&
        rest[2] != QLatin1String("finalize")) {
        target.ns = rest[1];
        rest = rest.mid(2);
    }
    if (rest.isEmpty() || rest.size() > 3)
        return apiFail(ApiError::notFoundPath(segments.join(QLatin1Char('/'))));
    target.type = m_catalog.find(group, version, rest[0]);
    if (!target.type)
        return apiFail(ApiError::notFoundPath(segments.join(QLatin1Char('/'))));
    if (!target.type->namespaced && !target.ns.isEmpty())
        return apiFail(ApiError::notFoundPath(segments.join(QLatin1Char('/'))));
    target.name = rest.value(1);
    target.subresource = rest.value(2);
    return target;
}

} // namespace syncline::devcluster
