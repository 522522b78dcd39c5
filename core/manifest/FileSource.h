#pragma once

#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <vector>

namespace syncline::manifest {

enum class EntryType { File, Directory, Symlink, Other };

struct DirectoryEntry {
    QString name;
    EntryType type = EntryType::File;
};

// What a renderer may read: files of one revision of the repository, addressed by
// repository-relative paths with '/' separators ("overlays/prod/kustomization.yaml").
// Implementations refuse anything outside the tree: "..", absolute paths, and symlinks
// that resolve outside it. Renderers never touch the working tree or the network.
class FileSource {
public:
    virtual ~FileSource() = default;

    virtual util::Result<QByteArray> readFile(const QString& path) const = 0;
    virtual util::Result<std::vector<DirectoryEntry>> listDirectory(const QString& path) const = 0;
    // Type of the entry at `path` after resolving in-tree symlinks; nullopt when absent.
    virtual std::optional<EntryType> typeOf(const QString& path) const = 0;
    // The cleaned path after following in-tree symlinks ("env/link.yaml" -> "shared/a.yaml"),
    // for load restrictions that apply to where a file really is. The path need not exist;
    // an error when it leaves the tree.
    virtual util::Result<QString> resolvedPath(const QString& path) const = 0;
    // A stable id of the file's or folder's content (the Git object id): equal ids mean
    // equal content, which is what render caching keys on. Empty when unknown.
    virtual QString contentId(const QString& path) const = 0;
    // For messages: "main@1a2b3c4" or a folder path.
    virtual QString describe() const = 0;
};

} // namespace syncline::manifest
