#include "util/JobFailure.h"

#include <QDebug>

namespace syncline::util {

namespace {

// Library messages can quote input at length; the first line of the reason is enough.
constexpr qsizetype kMaxReason = 300;

QString reasonOf(const std::exception_ptr& exception) {
    try {
        if (exception)
            std::rethrow_exception(exception);
    } catch (const std::exception& e) {
        const QString what = QString::fromUtf8(e.what()).simplified();
        return what.size() > kMaxReason ? what.left(kMaxReason) + QStringLiteral("…") : what;
    } catch (...) {
    }
    return QStringLiteral("unknown exception");
}

} // namespace

Error jobFailure(const std::exception_ptr& exception, const QString& doing) noexcept {
    try {
        const QString reason = reasonOf(exception);
        const QString what = doing.isEmpty() ? QStringLiteral("internal error") : QStringLiteral("internal error while ") + doing;
        return makeError(ErrorCode::Generic, what + QStringLiteral(": ") + reason);
    } catch (...) {
        return Error{}; // out of memory even for the message: an error without words
    }
}

void logJobFailure(const Error& error) noexcept {
    try {
        qWarning().noquote() << error.toString();
    } catch (...) {
    }
}

} // namespace syncline::util
