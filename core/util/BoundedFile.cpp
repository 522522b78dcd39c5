#include "util/BoundedFile.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace syncline::util {

namespace {

QString kindOf(mode_t mode) {
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO (named pipe)");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

BoundedFile::Identity identityOf(const struct stat& info) {
    return {.device = std::uint64_t(info.st_dev),
            .inode = std::uint64_t(info.st_ino),
            .size = qint64(info.st_size),
            .modifiedNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec,
            .changedNs = qint64(info.st_ctim.tv_sec) * 1'000'000'000 + info.st_ctim.tv_nsec};
}

QString systemError(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

} // namespace

QString BoundedFile::describeSize(qint64 bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

BoundedFile::BoundedFile(int fd, QString path, QString what, QString where, qint64 cap, Identity identity)
    : m_fd(fd), m_path(std::move(path)), m_what(std::move(what)), m_where(std::move(where)), m_cap(cap), m_identity(identity) {}

BoundedFile::BoundedFile(BoundedFile&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)), m_what(std::move(other.m_what)),
      m_where(std::move(other.m_where)), m_cap(other.m_cap), m_read(other.m_read), m_identity(other.m_identity) {}

BoundedFile& BoundedFile::operator=(BoundedFile&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
        m_what = std::move(other.m_what);
        m_where = std::move(other.m_where);
        m_cap = other.m_cap;
        m_read = other.m_read;
        m_identity = other.m_identity;
    }
    return *this;
}

BoundedFile::~BoundedFile() {
    if (m_fd >= 0)
        ::close(m_fd);
}

Error BoundedFile::problem(ErrorCode code, const QString& why) const {
    return makeError(code, QStringLiteral("%1 %2 %3").arg(m_what, m_path, why), m_where);
}

Result<BoundedFile> BoundedFile::open(const QString& path, qint64 cap, const QString& what, const QString& where) {
    BoundedFile named(-1, path, what, where, cap, {});
    const QByteArray native = QFile::encodeName(path);
    // Refuse by type before opening: opening a tape or a serial device already does something.
    struct stat before {};
    if (::stat(native.constData(), &before) != 0) {
        const int error = errno;
        if (error == ENOENT || error == ENOTDIR)
            return fail(named.problem(ErrorCode::NotFound, QStringLiteral("does not exist")));
        return fail(named.problem(ErrorCode::Generic, QStringLiteral("cannot be read: %1").arg(systemError(error))));
    }
    if (!S_ISREG(before.st_mode))
        return fail(named.problem(ErrorCode::Invalid, QStringLiteral("is %1, not a regular file").arg(kindOf(before.st_mode))));
    // O_NONBLOCK: if a FIFO was swapped in since stat, the open still returns at once.
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return fail(named.problem(ErrorCode::Generic, QStringLiteral("cannot be read: %1").arg(systemError(errno))));
    named.m_fd = fd;
    struct stat opened {};
    if (::fstat(fd, &opened) != 0)
        return fail(named.problem(ErrorCode::Generic, QStringLiteral("cannot be read: %1").arg(systemError(errno))));
    if (!S_ISREG(opened.st_mode))
        return fail(named.problem(ErrorCode::Invalid, QStringLiteral("is %1, not a regular file").arg(kindOf(opened.st_mode))));
    if (qint64(opened.st_size) > cap)
        return fail(
            named.problem(ErrorCode::Invalid,
                          QStringLiteral("is larger than %1 (%2 bytes)").arg(describeSize(cap)).arg(qint64(opened.st_size))));
    named.m_identity = identityOf(opened);
    return named;
}

Result<QByteArray> BoundedFile::read(const QString& path, qint64 cap, const QString& what, const QString& where) {
    auto file = open(path, cap, what, where);
    if (!file)
        return fail(file.error());
    return file->readAll();
}

Result<QByteArray> BoundedFile::readChunk(qint64 max) {
    // One byte past the cap is enough to know the file grew beyond it.
    const qint64 wanted = std::min(max, m_cap + 1 - m_read);
    if (wanted <= 0)
        return fail(
            problem(ErrorCode::Invalid, QStringLiteral("grew larger than %1 while it was read").arg(describeSize(m_cap))));
    QByteArray buffer(wanted, Qt::Uninitialized);
    ssize_t n = 0;
    do {
        n = ::read(m_fd, buffer.data(), size_t(wanted));
    } while (n < 0 && errno == EINTR);
    if (n < 0)
        return fail(problem(ErrorCode::Generic, QStringLiteral("cannot be read: %1").arg(systemError(errno))));
    m_read += n;
    if (m_read > m_cap)
        return fail(
            problem(ErrorCode::Invalid, QStringLiteral("grew larger than %1 while it was read").arg(describeSize(m_cap))));
    buffer.truncate(n);
    return buffer;
}

Result<QByteArray> BoundedFile::readAll() {
    QByteArray all;
    for (;;) {
        auto chunk = readChunk(64 * 1024);
        if (!chunk)
            return fail(chunk.error());
        if (chunk->isEmpty())
            return all;
        all += *chunk;
    }
}

Result<BoundedFile::Identity> BoundedFile::currentIdentity() const {
    struct stat now {};
    if (::fstat(m_fd, &now) != 0)
        return fail(problem(ErrorCode::Generic, QStringLiteral("cannot be read: %1").arg(systemError(errno))));
    return identityOf(now);
}

} // namespace syncline::util
