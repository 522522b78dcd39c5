#pragma once

#include "Discovery.h"
#include "HttpRequest.h"
#include "OpenApi.h"
#include "ResourceHandler.h"
#include "RotatingToken.h"

#include <QString>

namespace syncline::devcluster {

class HttpConnection;
class ResourceCatalog;

// Routes every request: bearer-token check (401), /version, discovery, OpenAPI, health
// endpoints, and resource URLs to the ResourceHandler. An exception from any of them ends
// that request with a Status (400 for a wrongly typed value, else 500), never the server.
class ApiRouter {
public:
    ApiRouter(ResourceCatalog& catalog, ResourceHandler& resources, RotatingToken token);

    void setServerAddress(const QString& hostPort) { m_serverAddress = hostPort; }
    void handle(const HttpRequest& request, HttpConnection& connection);

private:
    void route(const HttpRequest& request, HttpConnection& connection);
    bool authorized(const HttpRequest& request);
    // Resolves /api/v1/... and /apis/g/v/...; an error for unknown kinds.
    ApiResult<ResourceTarget> resolve(const QStringList& segments, const QString& group, const QString& version) const;

    ResourceCatalog& m_catalog;
    ResourceHandler& m_resources;
    Discovery m_discovery;
    OpenApi m_openApi;
    RotatingToken m_token;
    QString m_serverAddress;
};

} // namespace syncline::devcluster
