#pragma once

#include "manifest/FileSource.h"

#include <QString>

namespace syncline::manifest {

// Copies folders and files of a FileSource (a Git tree) into a private local folder for
// an external renderer, at the same repository-relative paths under `targetRoot`. Reads
// go through the source, so a BudgetedFileSource charges them. Symlinks are copied as
// the files or folders they point to, and only while they stay inside the given
// boundary folder; names that could leave the target ("..", "/") are refused.
class FolderExport {
public:
    FolderExport(const FileSource& source, QString targetRoot) : m_source(source), m_root(std::move(targetRoot)) {}

    // `folder` and everything below it; symlinks must resolve inside `boundary` ("" is
    // the whole repository).
    util::Result<void> exportFolder(const QString& folder, const QString& boundary);
    util::Result<void> exportFile(const QString& path);

    // Where the repository path `path` is in the target ("" is the target itself).
    QString localPath(const QString& path) const;

private:
    util::Result<void> copyFolder(const QString& from, const QString& to, const QString& boundary, int depth);
    util::Result<void> copyEntry(const QString& from, const QString& to, EntryType type, const QString& boundary, int depth);
    util::Result<void> writeFile(const QString& from, const QString& to);

    const FileSource& m_source;
    QString m_root;
};

// "a" + "b" -> "a/b"; "" + "b" -> "b".
QString joinRepositoryPath(const QString& folder, const QString& name);

} // namespace syncline::manifest
