#include "kube/ApiStatus.h"

#include "util/JsonDepth.h"

#include <nlohmann/json.hpp>

namespace syncline::kube {

util::ErrorCode errorCodeForStatus(int httpStatus) {
    switch (httpStatus) {
    case 400:
    case 422:
        return util::ErrorCode::Invalid;
    case 401:
        return util::ErrorCode::Auth;
    case 403:
        return util::ErrorCode::Forbidden;
    case 404:
        return util::ErrorCode::NotFound;
    case 409:
        return util::ErrorCode::Conflict;
    case 410:
        return util::ErrorCode::Expired;
    case 429:
        return util::ErrorCode::Server;
    default:
        break;
    }
    return httpStatus >= 500 ? util::ErrorCode::Server : util::ErrorCode::Generic;
}

namespace {

// The Status message of an error answer; empty when the body is no Status.
QString statusMessage(const QByteArray& body) {
    if (util::jsonDepthExceeds(std::string_view(body.constData(), std::size_t(body.size())), util::kServerJsonDepthLimit))
        return {};
    try {
        const auto document = nlohmann::json::parse(body.constData(), body.constData() + body.size());
        if (document.is_object() && document.value("kind", std::string()) == "Status")
            return QString::fromStdString(document.value("message", std::string()));
    } catch (const nlohmann::json::exception&) {
        // not a Status
    }
    return {};
}

} // namespace

bool isSchemaRejection(int httpStatus, const QByteArray& body) {
    return httpStatus == 500 && statusMessage(body).startsWith(QLatin1String("failed to create typed patch object"));
}

QString reasonPhrase(int httpStatus) {
    switch (httpStatus) {
    case 400:
        return QStringLiteral("Bad Request");
    case 401:
        return QStringLiteral("Unauthorized");
    case 403:
        return QStringLiteral("Forbidden");
    case 404:
        return QStringLiteral("Not Found");
    case 405:
        return QStringLiteral("Method Not Allowed");
    case 406:
        return QStringLiteral("Not Acceptable");
    case 409:
        return QStringLiteral("Conflict");
    case 410:
        return QStringLiteral("Gone");
    case 413:
        return QStringLiteral("Request Entity Too Large");
    case 415:
        return QStringLiteral("Unsupported Media Type");
    case 422:
        return QStringLiteral("Unprocessable Entity");
    case 429:
        return QStringLiteral("Too Many Requests");
    case 500:
        return QStringLiteral("Internal Server Error");
    case 502:
        return QStringLiteral("Bad Gateway");
    case 503:
        return QStringLiteral("Service Unavailable");
    case 504:
        return QStringLiteral("Gateway Timeout");
    default:
        break;
    }
    return QStringLiteral("HTTP error");
}

bool refusedCredentials(const util::Error& error) {
    return error.code == util::ErrorCode::Auth && error.message.startsWith(QLatin1String("401 "));
}

util::Error statusError(int httpStatus, const QByteArray& body, const QString& where) {
    const util::ErrorCode code = isSchemaRejection(httpStatus, body) ? util::ErrorCode::Invalid : errorCodeForStatus(httpStatus);
    QString reason;
    QString message;
    // An error body nested deeper than Syncline reads is not parsed (util/JsonDepth.h).
    if (!util::jsonDepthExceeds(std::string_view(body.constData(), std::size_t(body.size())), util::kServerJsonDepthLimit)) {
        try {
            const auto document = nlohmann::json::parse(body.constData(), body.constData() + body.size());
            if (document.is_object() && document.value("kind", std::string()) == "Status") {
                reason = QString::fromStdString(document.value("reason", std::string()));
                message = QString::fromStdString(document.value("message", std::string()));
            }
        } catch (const nlohmann::json::exception&) {
            // not a Status: fall through to the body's text
        }
    }
    if (reason.isEmpty())
        reason = reasonPhrase(httpStatus);
    if (message.isEmpty() && !body.isEmpty()) {
        QString text = QString::fromUtf8(body.left(400)).simplified();
        bool printable = true;
        for (QChar c : text)
            if (!c.isPrint()) {
                printable = false;
                break;
            }
        if (printable)
            message = text.size() > 200 ? text.left(200) + QStringLiteral("…") : text;
    }
    QString full = QString::number(httpStatus) + QLatin1Char(' ') + reason;
    if (!message.isEmpty())
        full += QStringLiteral(": ") + message;
    return util::makeError(code, full, where);
}

} // namespace syncline::kube
