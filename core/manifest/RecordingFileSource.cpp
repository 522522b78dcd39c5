#include "manifest/RecordingFileSource.h"

#include "manifest/GitTreeFileSource.h"

#include <algorithm>

namespace syncline::manifest {

void RecordingFileSource::note(const QString& path) const { m_paths.insert(cleanRepositoryPath(path).value_or(path)); }

util::Result<QByteArray> RecordingFileSource::readFile(const QString& path) const {
    note(path);
    return m_inner.readFile(path);
}

util::Result<std::vector<DirectoryEntry>> RecordingFileSource::listDirectory(const QString& path) const {
    note(path);
    auto entries = m_inner.listDirectory(path);
    if (entries) {
        QSet<QString>& names = m_listed[cleanRepositoryPath(path).value_or(path)];
        for (const DirectoryEntry& entry : *entries) {
            if (entry.type == EntryType::File || entry.type == EntryType::Directory)
                names.insert(entry.name);
        }
    }
    return entries;
}

std::optional<EntryType> RecordingFileSource::typeOf(const QString& path) const {
    note(path);
    return m_inner.typeOf(path);
}

util::Result<QString> RecordingFileSource::resolvedPath(const QString& path) const {
    note(path);
    return m_inner.resolvedPath(path);
}

std::vector<ContentDependency> RecordingFileSource::dependencies() const {
    std::vector<ContentDependency> result;
    result.reserve(std::size_t(m_paths.size()));
    for (const QString& path : m_paths) {
        const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
        const QString parent = slash < 0 ? (path.isEmpty() ? QStringLiteral("\x01") : QString()) : path.left(slash);
        const QString name = slash < 0 ? path : path.mid(slash + 1);
        auto listed = m_listed.constFind(parent);
        if (listed != m_listed.constEnd() && listed->contains(name))
            continue; // covered by the parent's tree id
        result.push_back({path, m_inner.contentId(path)});
    }
    std::sort(result.begin(), result.end(),
              [](const ContentDependency& a, const ContentDependency& b) { return a.path < b.path; });
    return result;
}

} // namespace syncline::manifest
