#pragma once

#include "manifest/FileSource.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace syncline::manifest {

// One input of a render: a path and the content id it had (empty: absent or unreadable).
struct ContentDependency {
    QString path;
    QString contentId;

    bool operator==(const ContentDependency&) const = default;
};

// A FileSource that remembers every path a renderer asked about, so the render can be
// cached by the content ids of exactly what it read. Not thread-safe (one render).
class RecordingFileSource final : public FileSource {
public:
    explicit RecordingFileSource(const FileSource& inner) : m_inner(inner) {}

    util::Result<QByteArray> readFile(const QString& path) const override;
    util::Result<std::vector<DirectoryEntry>> listDirectory(const QString& path) const override;
    std::optional<EntryType> typeOf(const QString& path) const override;
    util::Result<QString> resolvedPath(const QString& path) const override;
    QString contentId(const QString& path) const override { return m_inner.contentId(path); }
    QString describe() const override { return m_inner.describe(); }

    // The paths read and their content ids, sorted by path. A file or folder reached by
    // listing its parent (and not through a symlink) is covered by the parent's tree id
    // and left out, which keeps the list short for big plain directories.
    std::vector<ContentDependency> dependencies() const;

private:
    void note(const QString& path) const;

    const FileSource& m_inner;
    mutable QSet<QString> m_paths;
    // Listed folder -> names in it that are plain files or folders (not symlinks).
    mutable QHash<QString, QSet<QString>> m_listed;
};

} // namespace syncline::manifest
