#pragma once

#include "manifest/FileSource.h"

#include <QMap>

namespace syncline::fuzz {

// A repository tree held in memory, for renderers fed with generated files. Like the Git
// tree source it cleans paths and refuses ones that leave the tree; folders exist where
// files are below them.
class MemoryFileSource final : public manifest::FileSource {
public:
    // `path` is repository-relative; a path that leaves the tree is ignored.
    void addFile(const QString& path, const QByteArray& content);

    util::Result<QByteArray> readFile(const QString& path) const override;
    util::Result<std::vector<manifest::DirectoryEntry>> listDirectory(const QString& path) const override;
    std::optional<manifest::EntryType> typeOf(const QString& path) const override;
    util::Result<QString> resolvedPath(const QString& path) const override;
    QString contentId(const QString& path) const override;
    QString describe() const override { return QStringLiteral("memory"); }

private:
    QMap<QString, QByteArray> m_files; // cleaned path -> content
};

} // namespace syncline::fuzz
