#pragma once

#include "ApiError.h"
#include "HttpRequest.h"
#include "HttpResponse.h"
#include "Json.h"
#include "ResourceType.h"

#include <QString>

namespace syncline::devcluster {

class HttpConnection;
class ObjectService;
class ObjectStore;
class WatchHub;

// What a resource URL names: /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/<sub>]].
struct ResourceTarget {
    const ResourceType* type = nullptr;
    QString ns;
    QString name;
    QString subresource;
};

// The verbs on resource URLs: get, list (selectors, limit/continue), watch, create,
// update, patch (merge, JSON, strategic, apply), delete, and /scale — HTTP in, HTTP out.
class ResourceHandler {
public:
    ResourceHandler(ObjectStore& store, ObjectService& service, WatchHub& watches)
        : m_store(store), m_service(service), m_watches(watches) {}

    // Test-only (ServerOptions::exitAfterListBytes): the first list answer stops after this
    // many body bytes and the process ends there, as if killed mid-list. -1: never.
    void setExitAfterListBytes(qint64 bytes) { m_exitAfterListBytes = bytes; }

    // Answers on `connection` (a watch keeps it streaming).
    void handle(const HttpRequest& request, const ResourceTarget& target, HttpConnection& connection);

    static HttpResponse json(int status, const Json& body);
    static HttpResponse error(const ApiError& error) { return json(error.code, error.toStatus()); }

private:
    HttpResponse get(const ResourceTarget& target);
    HttpResponse list(const HttpRequest& request, const ResourceTarget& target);
    void watch(const HttpRequest& request, const ResourceTarget& target, HttpConnection& connection);
    HttpResponse write(const HttpRequest& request, const ResourceTarget& target);
    HttpResponse remove(const HttpRequest& request, const ResourceTarget& target);
    // GET, PATCH and PUT of /scale (ScaleSubresource): what kubectl scale uses.
    HttpResponse scale(const HttpRequest& request, const ResourceTarget& target);
    // The Status the real server answers a delete that took effect at once with.
    static Json deletedStatus(const ResourceType& type, const Json& object);

    ObjectStore& m_store;
    ObjectService& m_service;
    WatchHub& m_watches;
    qint64 m_exitAfterListBytes = -1;
};

} // namespace syncline::devcluster
