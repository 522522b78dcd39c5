#include "manifest/FolderExport.h"

#include "manifest/GitTreeFileSource.h"

#include <QDir>
#include <QFile>

namespace syncline::manifest {

namespace {

// Deeper than any chart or overlay; stops symlinked folders that include each other.
constexpr int kMaxDepth = 48;

bool insideBoundary(const QString& path, const QString& boundary) {
    return boundary.isEmpty() || path == boundary || path.startsWith(boundary + QLatin1Char('/'));
}

bool isSafeName(const QString& name) {
    return !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("..") && !name.contains(QLatin1Char('/')) &&
           !name.contains(QLatin1Char('\\')) && !name.contains(QChar(0));
}

} // namespace

QString joinRepositoryPath(const QString& folder, const QString& name) {
    return folder.isEmpty() ? name : folder + QLatin1Char('/') + name;
}

QString FolderExport::localPath(const QString& path) const { return path.isEmpty() ? m_root : m_root + QLatin1Char('/') + path; }

util::Result<void> FolderExport::exportFolder(const QString& folder, const QString& boundary) {
    auto cleaned = cleanRepositoryPath(folder);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("'%1' is not a folder inside the repository").arg(folder), folder);
    if (m_source.typeOf(*cleaned) != EntryType::Directory)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("folder '%1' does not exist").arg(*cleaned), *cleaned);
    return copyFolder(*cleaned, *cleaned, boundary, 0);
}

util::Result<void> FolderExport::exportFile(const QString& path) {
    auto cleaned = cleanRepositoryPath(path);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("'%1' is not a file inside the repository").arg(path),
                          path);
    if (!QDir().mkpath(QFileInfo(localPath(*cleaned)).path()))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create a scratch folder for '%1'").arg(*cleaned),
                          *cleaned);
    return writeFile(*cleaned, *cleaned);
}

util::Result<void> FolderExport::copyFolder(const QString& from, const QString& to, const QString& boundary, int depth) {
    if (depth > kMaxDepth)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("folders nested deeper than %1 levels").arg(kMaxDepth),
                          from);
    if (!QDir().mkpath(localPath(to)))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create a scratch folder for '%1'").arg(to), from);
    auto entries = m_source.listDirectory(from);
    if (!entries)
        return util::fail(entries.error());
    for (const DirectoryEntry& entry : *entries) {
        if (!isSafeName(entry.name))
            return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("refused file name '%1'").arg(entry.name), from);
        auto ok =
            copyEntry(joinRepositoryPath(from, entry.name), joinRepositoryPath(to, entry.name), entry.type, boundary, depth);
        if (!ok)
            return ok;
    }
    return {};
}

util::Result<void> FolderExport::copyEntry(const QString& from, const QString& to, EntryType type, const QString& boundary,
                                           int depth) {
    if (type == EntryType::Symlink) {
        auto target = m_source.resolvedPath(from);
        if (!target || !insideBoundary(*target, boundary))
            return util::fail(util::ErrorCode::Forbidden,
                              QStringLiteral("symlink '%1' points outside '%2'")
                                  .arg(from, boundary.isEmpty() ? QStringLiteral("the repository") : boundary),
                              from);
        auto resolvedType = m_source.typeOf(*target);
        if (!resolvedType)
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("symlink '%1' points to nothing").arg(from), from);
        type = *resolvedType;
        if (type == EntryType::Directory)
            return copyFolder(*target, to, boundary, depth + 1);
    }
    if (type == EntryType::Directory)
        return copyFolder(from, to, boundary, depth + 1);
    if (type == EntryType::File)
        return writeFile(from, to);
    return {}; // submodules and the like hold nothing a renderer reads
}

util::Result<void> FolderExport::writeFile(const QString& from, const QString& to) {
    auto bytes = m_source.readFile(from);
    if (!bytes)
        return util::fail(bytes.error());
    QFile file(localPath(to));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(*bytes) != bytes->size())
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot write the scratch copy of '%1'").arg(from), from);
    return {};
}

} // namespace syncline::manifest
