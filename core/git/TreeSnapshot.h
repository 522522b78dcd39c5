#pragma once

#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace syncline::git {

// The files of one commit, read straight from the object database: any revision can be
// read without a checkout, and the user's working tree is never involved.
class TreeSnapshot {
public:
    enum class Kind { Blob, Tree, Link, Submodule };
    struct Entry {
        QString name;
        Kind kind = Kind::Blob;
        ObjectId id;
        bool executable = false;
    };

    static util::Result<TreeSnapshot> atRevision(std::shared_ptr<const Repository> repository, const QString& revision);
    static util::Result<TreeSnapshot> atCommit(std::shared_ptr<const Repository> repository, const ObjectId& commit);

    const ObjectId& commit() const { return m_commit; }
    const ObjectId& rootTree() const { return m_rootTree; }

    // The entry at a repository-relative path ("" is the root), symlinks not followed.
    util::Result<std::optional<Entry>> entry(const QString& path) const;
    util::Result<std::vector<Entry>> list(const QString& directory) const;
    // A blob's bytes; larger than `maxBytes` is an error naming the size (the size is
    // read from the object header, so a 1 GB blob is never loaded to find out).
    util::Result<QByteArray> readBlob(const ObjectId& blob, qint64 maxBytes, const QString& pathForErrors) const;

private:
    TreeSnapshot(std::shared_ptr<const Repository> repository, ObjectId commit, ObjectId rootTree);

    std::shared_ptr<const Repository> m_repository;
    ObjectId m_commit;
    ObjectId m_rootTree;
};

} // namespace syncline::git
