#include "RotatingToken.h"

#include "BearerToken.h"

#include <QFile>

#include <cstdio>
#include <sys/stat.h>

namespace syncline::devcluster {

namespace {

std::array<qint64, 5> identityOf(const struct stat& info) {
    return {qint64(info.st_dev), qint64(info.st_ino), qint64(info.st_size),
            qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            qint64(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec};
}

} // namespace

RotatingToken::RotatingToken(QString token, QString file) : m_token(std::move(token)), m_file(std::move(file)) {
    struct stat info {};
    if (!m_file.isEmpty() && ::stat(QFile::encodeName(m_file).constData(), &info) == 0)
        m_identity = identityOf(info);
}

std::optional<QString> RotatingToken::current() {
    if (m_file.isEmpty())
        return m_token;
    struct stat info {};
    const bool present = ::stat(QFile::encodeName(m_file).constData(), &info) == 0 && S_ISREG(info.st_mode);
    const auto identity = present ? identityOf(info) : std::array<qint64, 5>{};
    if (identity == m_identity)
        return m_readable ? std::optional<QString>(m_token) : std::nullopt;
    m_identity = identity;
    auto token = present ? BearerToken::readFile(m_file)
                         : util::Result<QString>(util::fail(util::ErrorCode::NotFound, QStringLiteral("no such file"), m_file));
    m_readable = bool(token);
    if (!token) {
        // The reason only, never a token; every request is refused until the file is fixed.
        std::fprintf(stderr, "syncline-devcluster: the token file cannot be used, refusing every request: %s\n",
                     qPrintable(token.error().toString()));
        return std::nullopt;
    }
    m_token = *token;
    return m_token;
}

} // namespace syncline::devcluster
