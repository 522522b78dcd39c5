#include "manifest/GitTreeFileSource.h"

#include <QDir>
#include <QStringList>

namespace syncline::manifest {

std::optional<QString> cleanRepositoryPath(const QString& path) {
    if (path.startsWith(QLatin1Char('/')) || path.startsWith(QLatin1Char('\\')) ||
        (path.size() > 1 && path.at(1) == QLatin1Char(':')))
        return std::nullopt;
    QStringList parts;
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("."))
            continue;
        if (part == QLatin1String("..")) {
            if (parts.isEmpty())
                return std::nullopt;
            parts.removeLast();
            continue;
        }
        parts << part;
    }
    return parts.join(QLatin1Char('/'));
}

GitTreeFileSource::GitTreeFileSource(git::TreeSnapshot snapshot, qint64 maxFileBytes)
    : m_snapshot(std::move(snapshot)), m_maxFileBytes(maxFileBytes) {}

util::Result<GitTreeFileSource::Resolved> GitTreeFileSource::resolve(const QString& path) const {
    auto cleaned = cleanRepositoryPath(path);
    if (!cleaned)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("path leaves the repository"), path);
    QString current = *cleaned;
    for (int hops = 0; hops < 16; ++hops) {
        // Find the first symlink along the path, if any.
        const QStringList parts = current.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        QString prefix;
        bool followed = false;
        for (int i = 0; i < parts.size(); ++i) {
            prefix = prefix.isEmpty() ? parts[i] : prefix + QLatin1Char('/') + parts[i];
            auto entry = m_snapshot.entry(prefix);
            if (!entry)
                return util::fail(entry.error());
            if (!*entry)
                return Resolved{current, std::nullopt};
            if ((*entry)->kind != git::TreeSnapshot::Kind::Link) {
                if (i + 1 == parts.size())
                    return Resolved{current, *entry};
                continue;
            }
            auto target = m_snapshot.readBlob((*entry)->id, 4096, prefix);
            if (!target)
                return util::fail(target.error());
            const QString link = QString::fromUtf8(*target);
            const QString parent = prefix.contains(QLatin1Char('/')) ? prefix.section(QLatin1Char('/'), 0, -2) : QString();
            const QString rest = parts.mid(i + 1).join(QLatin1Char('/'));
            auto next = link.startsWith(QLatin1Char('/'))
                            ? std::optional<QString>()
                            : cleanRepositoryPath(parent + QLatin1Char('/') + link + QLatin1Char('/') + rest);
            if (!next)
                return util::fail(util::ErrorCode::InvalidArgument,
                                  QStringLiteral("symlink points outside the repository (-> %1)").arg(link), prefix);
            current = *next;
            followed = true;
            break;
        }
        if (!followed)
            return Resolved{current, m_snapshot.entry(current).value_or(std::nullopt)};
    }
    return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("too many levels of symlinks"), path);
}

util::Result<QByteArray> GitTreeFileSource::readFile(const QString& path) const {
    auto resolved = resolve(path);
    if (!resolved)
        return util::fail(resolved.error());
    if (!resolved->entry)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such file at ") + describe(), path);
    if (resolved->entry->kind != git::TreeSnapshot::Kind::Blob)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("not a file"), path);
    return m_snapshot.readBlob(resolved->entry->id, m_maxFileBytes, path);
}

util::Result<std::vector<DirectoryEntry>> GitTreeFileSource::listDirectory(const QString& path) const {
    auto resolved = resolve(path);
    if (!resolved)
        return util::fail(resolved.error());
    if (!resolved->entry)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such folder at ") + describe(), path);
    auto entries = m_snapshot.list(resolved->path);
    if (!entries)
        return util::fail(entries.error());
    std::vector<DirectoryEntry> result;
    result.reserve(entries->size());
    for (const auto& entry : *entries) {
        EntryType type = EntryType::Other;
        switch (entry.kind) {
        case git::TreeSnapshot::Kind::Blob:
            type = EntryType::File;
            break;
        case git::TreeSnapshot::Kind::Tree:
            type = EntryType::Directory;
            break;
        case git::TreeSnapshot::Kind::Link:
            type = EntryType::Symlink;
            break;
        case git::TreeSnapshot::Kind::Submodule:
            type = EntryType::Other;
            break;
        }
        result.push_back({entry.name, type});
    }
    return result;
}

std::optional<EntryType> GitTreeFileSource::typeOf(const QString& path) const {
    auto resolved = resolve(path);
    if (!resolved || !resolved->entry)
        return std::nullopt;
    switch (resolved->entry->kind) {
    case git::TreeSnapshot::Kind::Blob:
        return EntryType::File;
    case git::TreeSnapshot::Kind::Tree:
        return EntryType::Directory;
    default:
        return EntryType::Other;
    }
}

util::Result<QString> GitTreeFileSource::resolvedPath(const QString& path) const {
    auto resolved = resolve(path);
    if (!resolved)
        return util::fail(resolved.error());
    return resolved->path;
}

QString GitTreeFileSource::contentId(const QString& path) const {
    auto resolved = resolve(path);
    if (!resolved || !resolved->entry)
        return {};
    return resolved->entry->id.toHex();
}

QString GitTreeFileSource::describe() const { return m_snapshot.commit().shortHex(); }

} // namespace syncline::manifest
