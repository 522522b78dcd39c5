#include "MemoryFileSource.h"

#include "manifest/GitTreeFileSource.h"

#include <QCryptographicHash>
#include <QSet>

namespace syncline::fuzz {

using manifest::DirectoryEntry;
using manifest::EntryType;

void MemoryFileSource::addFile(const QString& path, const QByteArray& content) {
    if (auto cleaned = manifest::cleanRepositoryPath(path); cleaned && !cleaned->isEmpty())
        m_files.insert(*cleaned, content);
}

util::Result<QByteArray> MemoryFileSource::readFile(const QString& path) const {
    const auto cleaned = manifest::cleanRepositoryPath(path);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository"), path);
    const auto found = m_files.constFind(*cleaned);
    if (found == m_files.cend())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such file"), path);
    return *found;
}

util::Result<std::vector<DirectoryEntry>> MemoryFileSource::listDirectory(const QString& path) const {
    const auto cleaned = manifest::cleanRepositoryPath(path);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository"), path);
    const QString prefix = cleaned->isEmpty() ? QString() : *cleaned + QLatin1Char('/');
    std::vector<DirectoryEntry> entries;
    QSet<QString> folders;
    for (auto it = m_files.cbegin(); it != m_files.cend(); ++it) {
        if (!it.key().startsWith(prefix))
            continue;
        const QString rest = it.key().mid(prefix.size());
        const qsizetype slash = rest.indexOf(QLatin1Char('/'));
        if (slash < 0)
            entries.push_back({rest, EntryType::File});
        else if (!folders.contains(rest.left(slash))) {
            folders.insert(rest.left(slash));
            entries.push_back({rest.left(slash), EntryType::Directory});
        }
    }
    if (entries.empty() && typeOf(*cleaned) != EntryType::Directory)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such folder"), path);
    return entries;
}

std::optional<EntryType> MemoryFileSource::typeOf(const QString& path) const {
    const auto cleaned = manifest::cleanRepositoryPath(path);
    if (!cleaned)
        return std::nullopt;
    if (cleaned->isEmpty() || m_files.contains(*cleaned))
        return cleaned->isEmpty() ? EntryType::Directory : EntryType::File;
    const auto below = m_files.lowerBound(*cleaned + QLatin1Char('/'));
    if (below != m_files.cend() && below.key().startsWith(*cleaned + QLatin1Char('/')))
        return EntryType::Directory;
    return std::nullopt;
}

util::Result<QString> MemoryFileSource::resolvedPath(const QString& path) const {
    auto cleaned = manifest::cleanRepositoryPath(path);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository"), path);
    return *cleaned;
}

QString MemoryFileSource::contentId(const QString& path) const {
    const auto cleaned = manifest::cleanRepositoryPath(path);
    if (!cleaned || !m_files.contains(*cleaned))
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(m_files.value(*cleaned), QCryptographicHash::Sha1).toHex());
}

} // namespace syncline::fuzz
