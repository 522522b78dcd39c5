#include "ApiError.h"

namespace syncline::devcluster {

namespace {
std::string s(const QString& text) { return text.toStdString(); }
} // namespace

Json ApiError::toStatus() const {
    Json status = Json::object();
    status["kind"] = "Status";
    status["apiVersion"] = "v1";
    status["metadata"] = Json::object();
    status["status"] = "Failure";
    status["message"] = s(message);
    if (!reason.isEmpty()) // the real server leaves it out of an unclassified 500
        status["reason"] = s(reason);
    if (!details.empty())
        status["details"] = details;
    status["code"] = code;
    return status;
}

ApiError ApiError::badRequest(const QString& message) { return ApiError{400, QStringLiteral("BadRequest"), message}; }

ApiError ApiError::notFound(const QString& qualifiedResource, const QString& name, const QString& group,
                            const QString& kindPlural) {
    ApiError e{404, QStringLiteral("NotFound"), QStringLiteral("%1 \"%2\" not found").arg(qualifiedResource, name)};
    e.details = Json{{"name", s(name)}, {"group", s(group)}, {"kind", s(kindPlural)}};
    return e;
}

ApiError ApiError::notFoundPath(const QString& path) {
    Q_UNUSED(path);
    return ApiError{404, QStringLiteral("NotFound"), QStringLiteral("the server could not find the requested resource")};
}

ApiError ApiError::alreadyExists(const QString& qualifiedResource, const QString& name, const QString& group,
                                 const QString& kindPlural) {
    ApiError e{409, QStringLiteral("AlreadyExists"), QStringLiteral("%1 \"%2\" already exists").arg(qualifiedResource, name)};
    e.details = Json{{"name", s(name)}, {"group", s(group)}, {"kind", s(kindPlural)}};
    return e;
}

ApiError ApiError::conflict(const QString& qualifiedResource, const QString& name, const QString& why) {
    ApiError e{409, QStringLiteral("Conflict"),
               QStringLiteral("Operation cannot be fulfilled on %1 \"%2\": %3").arg(qualifiedResource, name, why)};
    const qsizetype dot = qualifiedResource.indexOf(QLatin1Char('.'));
    e.details = Json{{"name", s(name)},
                     {"group", s(dot < 0 ? QString() : qualifiedResource.mid(dot + 1))},
                     {"kind", s(dot < 0 ? qualifiedResource : qualifiedResource.left(dot))}};
    return e;
}

ApiError ApiError::invalid(const QString& qualifiedKind, const QString& name, const QString& field, const QString& causeReason,
                           const QString& fieldMessage) {
    ApiError e{422, QStringLiteral("Invalid"),
               QStringLiteral("%1 \"%2\" is invalid: %3: %4").arg(qualifiedKind, name, field, fieldMessage)};
    const qsizetype dot = qualifiedKind.indexOf(QLatin1Char('.'));
    e.details =
        Json{{"name", s(name)},
             {"group", s(dot < 0 ? QString() : qualifiedKind.mid(dot + 1))},
             {"kind", s(dot < 0 ? qualifiedKind : qualifiedKind.left(dot))},
             {"causes", Json::array({Json{{"reason", s(causeReason)}, {"message", s(fieldMessage)}, {"field", s(field)}}})}};
    if (dot < 0) // the core group: the real server leaves "group" out
        e.details.erase("group");
    return e;
}

ApiError ApiError::unauthorized() { return ApiError{401, QStringLiteral("Unauthorized"), QStringLiteral("Unauthorized")}; }

ApiError ApiError::methodNotAllowed(const QString& method) {
    return ApiError{405, QStringLiteral("MethodNotAllowed"),
                    QStringLiteral("the server does not allow this method on the requested resource (%1)").arg(method)};
}

ApiError ApiError::unsupportedMediaType(const QString& contentType) {
    return ApiError{415, QStringLiteral("UnsupportedMediaType"),
                    QStringLiteral("the body of the request was in an unknown format - accepted media types include: "
                                   "application/json-patch+json, application/merge-patch+json, "
                                   "application/apply-patch+yaml, application/strategic-merge-patch+json (got %1)")
                        .arg(contentType)};
}

ApiError ApiError::internalError(const QString& message) {
    return ApiError{500, QStringLiteral("InternalError"),
                    QStringLiteral("an error on the server (\"%1\") has prevented the request from succeeding").arg(message)};
}

ApiError ApiError::gone(const QString& message) { return ApiError{410, QStringLiteral("Expired"), message}; }

} // namespace syncline::devcluster
