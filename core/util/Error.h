#pragma once

#include <QString>

namespace syncline::util {

// What went wrong, in words a user can act on. `where` names the file, object or
// operation the error is about; `detail` carries the library's own message.
enum class ErrorCode {
    Generic,
    NotFound,
    NotARepository,
    EmptyRepository,
    BareRepository,
    Corrupt,
    InvalidArgument,
    Auth,
    Network,
    Cancelled,
    Conflict,
    Unsupported,
    Forbidden,       // authenticated, but not allowed (HTTP 403)
    Invalid,         // the server refused the content (HTTP 422, a bad manifest)
    Timeout,         // no answer in time
    Server,          // the other side failed (HTTP 5xx)
    Rejected,        // a push the remote refused (non-fast-forward, hook, protected branch)
    ConsentRequired, // the user has not trusted this cluster for this repository yet (nothing was sent)
    Expired,         // a resourceVersion the server no longer keeps (HTTP 410): list again
    NotAllowed,      // a chart host the user has not allowed Syncline to reach yet (nothing was sent)
};

struct Error {
    ErrorCode code = ErrorCode::Generic;
    QString message;
    QString where;

    QString toString() const { return where.isEmpty() ? message : where + QStringLiteral(": ") + message; }
};

inline Error makeError(ErrorCode code, QString message, QString where = {}) {
    return Error{code, std::move(message), std::move(where)};
}

} // namespace syncline::util
