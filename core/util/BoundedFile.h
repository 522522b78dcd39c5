#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace syncline::util {

// A local file named by input we do not trust (a kubeconfig, or a path a kubeconfig
// names), read only when it is a regular file under a size cap. A device (/dev/zero), a
// FIFO, a socket or a directory is refused with the path and the reason: never a hang on
// a FIFO without a writer, an endless read, or an allocation of the file's claimed size.
//
// The type is checked on the path before opening (opening some devices has effects), the
// file is opened non-blocking (a FIFO swapped in meanwhile cannot block the open), and the
// opened descriptor is checked again with fstat: that, not the path, is what is read.
class BoundedFile {
public:
    // What a file is, as fstat saw it: a change of any field means other bytes.
    struct Identity {
        std::uint64_t device = 0;
        std::uint64_t inode = 0;
        qint64 size = 0;
        qint64 modifiedNs = 0;
        qint64 changedNs = 0; // ctime: moves on every write, cannot be set back by a user
        bool operator==(const Identity&) const = default;
    };

    // `path` opened for reading when it is a regular file of at most `cap` bytes. `what`
    // names it in errors ("tokenFile", "kubeconfig"); `where` is the error's location.
    static Result<BoundedFile> open(const QString& path, qint64 cap, const QString& what, const QString& where = {});
    // The whole file (open + readAll).
    static Result<QByteArray> read(const QString& path, qint64 cap, const QString& what, const QString& where = {});

    BoundedFile(BoundedFile&& other) noexcept;
    BoundedFile& operator=(BoundedFile&& other) noexcept;
    BoundedFile(const BoundedFile&) = delete;
    BoundedFile& operator=(const BoundedFile&) = delete;
    ~BoundedFile();

    // The rest of the file; reads at most cap + 1 bytes, so a file that grew past the
    // cap since it was opened is refused instead of read on.
    Result<QByteArray> readAll();
    // The next at most `max` bytes; empty at the end. Past the cap: an error.
    Result<QByteArray> readChunk(qint64 max);

    // As fstat saw the descriptor when it was opened, and now.
    const Identity& identity() const { return m_identity; }
    Result<Identity> currentIdentity() const;
    const QString& path() const { return m_path; }

    // "1 MiB", "4 MiB", "512 bytes": a cap in words for messages.
    static QString describeSize(qint64 bytes);

private:
    BoundedFile(int fd, QString path, QString what, QString where, qint64 cap, Identity identity);
    Error problem(ErrorCode code, const QString& why) const;

    int m_fd = -1;
    QString m_path;
    QString m_what;
    QString m_where;
    qint64 m_cap = 0;
    qint64 m_read = 0;
    Identity m_identity;
};

} // namespace syncline::util
