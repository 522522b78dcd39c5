#pragma once

#include "util/Error.h"

#include <QByteArray>
#include <QString>

namespace syncline::kube {

// The error for an HTTP answer >= 400: the API `Status` body's reason and message when
// there is one ("409 Conflict: Apply failed with 1 conflict: ..."), else the status line
// and the start of the body. 401 Auth, 403 Forbidden, 404 NotFound, 409 Conflict,
// 400/422 Invalid, 5xx and 429 Server.
util::Error statusError(int httpStatus, const QByteArray& body, const QString& where);

util::ErrorCode errorCodeForStatus(int httpStatus);

// The cluster answered 401 to the credentials sent (an expired or revoked token): a new
// token can help. Not an exec plugin that failed or is not approved (Auth errors too,
// that never reached the cluster), nor a 403 (the user lacks a permission).
bool refusedCredentials(const util::Error& error);

// A server-side apply the server could not match to the kind's schema (a field of the
// wrong type, a field the kind does not have). The real API server answers 500 with
// "failed to create typed patch object ...", but the request is what is wrong: it is an
// Invalid error, and sending it again cannot help.
bool isSchemaRejection(int httpStatus, const QByteArray& body);
QString reasonPhrase(int httpStatus);

} // namespace syncline::kube
