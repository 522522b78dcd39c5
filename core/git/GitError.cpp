#include "git/GitError.h"

#include "util/Text.h"

#include <mutex>

namespace syncline::git::detail {

util::Error gitError(int code, const QString& where) {
    const git_error* last = git_error_last();
    QString message =
        last && last->message ? util::decodeGitText(QByteArray(last->message)) : QStringLiteral("libgit2 error %1").arg(code);
    util::ErrorCode kind = util::ErrorCode::Generic;
    switch (code) {
    case GIT_ENOTFOUND:
        kind = util::ErrorCode::NotFound;
        break;
    case GIT_EAUTH:
        kind = util::ErrorCode::Auth;
        break;
    case GIT_EUSER:
        kind = util::ErrorCode::Cancelled;
        break;
    case GIT_ECONFLICT:
    case GIT_EMERGECONFLICT:
    case GIT_ENONFASTFORWARD:
    case GIT_EMODIFIED:
        kind = util::ErrorCode::Conflict;
        break;
    case GIT_EUNBORNBRANCH:
        kind = util::ErrorCode::EmptyRepository;
        break;
    case GIT_EBAREREPO:
        kind = util::ErrorCode::BareRepository;
        break;
    default:
        if (last && last->klass == GIT_ERROR_ZLIB)
            kind = util::ErrorCode::Corrupt;
        if (last && (last->klass == GIT_ERROR_NET || last->klass == GIT_ERROR_HTTP || last->klass == GIT_ERROR_SSH ||
                     last->klass == GIT_ERROR_SSL))
            kind = util::ErrorCode::Network;
        break;
    }
    return util::makeError(kind, message, where);
}

void ensureLibgit2() {
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // libgit2 caches up to 256 MiB of parsed objects by default; our walks keep their
        // own compact memos, so a small cache keeps memory flat on huge repositories.
        git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, ssize_t(32) * 1024 * 1024);
    });
}

} // namespace syncline::git::detail
