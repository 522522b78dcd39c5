#pragma once

#include "Json.h"

#include <QString>

#include <tl/expected.hpp>

namespace syncline::devcluster {

// A failed API call as the Kubernetes API server reports it: an HTTP code and a
// meta/v1 Status object (reason, message, details).
struct ApiError {
    int code = 500;
    QString reason;
    QString message;
    Json details = Json::object();

    Json toStatus() const;

    static ApiError badRequest(const QString& message);
    static ApiError notFound(const QString& qualifiedResource, const QString& name, const QString& group,
                             const QString& kindPlural);
    static ApiError notFoundPath(const QString& path);
    static ApiError alreadyExists(const QString& qualifiedResource, const QString& name, const QString& group,
                                  const QString& kindPlural);
    static ApiError conflict(const QString& qualifiedResource, const QString& name, const QString& why);
    // 422: `qualifiedKind` like "Deployment.apps"; `field` like "metadata.name".
    static ApiError invalid(const QString& qualifiedKind, const QString& name, const QString& field, const QString& causeReason,
                            const QString& fieldMessage);
    static ApiError unauthorized();
    static ApiError methodNotAllowed(const QString& method);
    static ApiError unsupportedMediaType(const QString& contentType);
    static ApiError gone(const QString& message);
    static ApiError internalError(const QString& message);
};

// Errors are values: every fallible server step returns ApiResult<T>.
template <typename T> using ApiResult = tl::expected<T, ApiError>;

inline tl::unexpected<ApiError> apiFail(ApiError error) { return tl::unexpected<ApiError>(std::move(error)); }

} // namespace syncline::devcluster
