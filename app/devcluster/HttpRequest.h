#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace syncline::devcluster {

// One parsed HTTP/1.1 request. Header names are lower-case; query values are decoded the
// way Go's url.Values encodes them ('+' is a space).
struct HttpRequest {
    QByteArray method;
    QByteArray target;  // as sent: "/api/v1/namespaces?limit=2"
    QByteArray version; // "HTTP/1.1"
    QString path;       // decoded path without the query
    QHash<QString, QString> query;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;

    QByteArray header(const QByteArray& lowerName) const { return headers.value(lowerName); }
    QString queryValue(const QString& name) const { return query.value(name); }
    bool hasQuery(const QString& name) const { return query.contains(name); }
    // "true"/"1" style flags (watch=1, watch=true, force=true).
    bool queryFlag(const QString& name) const;

    // Splits "path?query" into path and decoded query items.
    void parseTarget();
};

} // namespace syncline::devcluster
