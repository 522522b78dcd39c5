#pragma once

#include "git/TreeSnapshot.h"
#include "manifest/FileSource.h"

namespace syncline::manifest {

// Files of one commit. Paths are cleaned and must stay inside the repository; symlinks
// are followed only while they resolve inside the tree. Bigger files than `maxFileBytes`
// are refused with their size (the manifest parser's own limit is the usual value).
class GitTreeFileSource final : public FileSource {
public:
    GitTreeFileSource(git::TreeSnapshot snapshot, qint64 maxFileBytes = 16 * 1024 * 1024);

    util::Result<QByteArray> readFile(const QString& path) const override;
    util::Result<std::vector<DirectoryEntry>> listDirectory(const QString& path) const override;
    std::optional<EntryType> typeOf(const QString& path) const override;
    util::Result<QString> resolvedPath(const QString& path) const override;
    QString contentId(const QString& path) const override;
    QString describe() const override;

    const git::TreeSnapshot& snapshot() const { return m_snapshot; }

private:
    struct Resolved {
        QString path;
        std::optional<git::TreeSnapshot::Entry> entry;
    };
    // Cleans `path`, refuses escapes, and follows in-tree symlinks (bounded hops).
    util::Result<Resolved> resolve(const QString& path) const;

    git::TreeSnapshot m_snapshot;
    qint64 m_maxFileBytes;
};

// Cleans a repository-relative path ("a/./b/../c" -> "a/c"); nullopt when it is absolute
// or climbs out of the repository.
std::optional<QString> cleanRepositoryPath(const QString& path);

} // namespace syncline::manifest
