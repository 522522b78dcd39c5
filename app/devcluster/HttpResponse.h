#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace syncline::devcluster {

// A complete (non-streaming) HTTP response.
struct HttpResponse {
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;

    static QByteArray reasonPhrase(int status);
    // Status line and headers; `chunked` replaces Content-Length with chunked transfer.
    QByteArray head(bool keepAlive, bool chunked = false) const;
};

} // namespace syncline::devcluster
