#include "git/TreeSnapshot.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "util/Text.h"

namespace syncline::git {

using namespace detail;

namespace {

TreeSnapshot::Entry toEntry(const git_tree_entry* raw) {
    TreeSnapshot::Entry entry;
    entry.name = util::decodeGitText(QByteArray(git_tree_entry_name(raw)));
    entry.id = fromGitOid(git_tree_entry_id(raw));
    switch (git_tree_entry_filemode(raw)) {
    case GIT_FILEMODE_TREE:
        entry.kind = TreeSnapshot::Kind::Tree;
        break;
    case GIT_FILEMODE_LINK:
        entry.kind = TreeSnapshot::Kind::Link;
        break;
    case GIT_FILEMODE_COMMIT:
        entry.kind = TreeSnapshot::Kind::Submodule;
        break;
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        entry.executable = true;
        entry.kind = TreeSnapshot::Kind::Blob;
        break;
    default:
        entry.kind = TreeSnapshot::Kind::Blob;
        break;
    }
    return entry;
}

} // namespace

TreeSnapshot::TreeSnapshot(std::shared_ptr<const Repository> repository, ObjectId commit, ObjectId rootTree)
    : m_repository(std::move(repository)), m_commit(commit), m_rootTree(rootTree) {}

util::Result<TreeSnapshot> TreeSnapshot::atRevision(std::shared_ptr<const Repository> repository, const QString& revision) {
    auto commit = repository->resolveCommit(revision);
    if (!commit)
        return util::fail(commit.error());
    return atCommit(std::move(repository), *commit);
}

util::Result<TreeSnapshot> TreeSnapshot::atCommit(std::shared_ptr<const Repository> repository, const ObjectId& commit) {
    git_commit* raw = nullptr;
    const git_oid oid = toGitOid(commit);
    if (int rc = git_commit_lookup(&raw, repository->raw(), &oid); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("commit ") + commit.toHex()));
    CommitPtr holder(raw);
    const ObjectId tree = fromGitOid(git_commit_tree_id(raw));
    return TreeSnapshot(std::move(repository), commit, tree);
}

util::Result<std::optional<TreeSnapshot::Entry>> TreeSnapshot::entry(const QString& path) const {
    if (path.isEmpty() || path == QLatin1String("."))
        return std::optional<Entry>(Entry{QString(), Kind::Tree, m_rootTree, false});
    git_tree* rawTree = nullptr;
    const git_oid root = toGitOid(m_rootTree);
    if (int rc = git_tree_lookup(&rawTree, m_repository->raw(), &root); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("tree ") + m_rootTree.toHex()));
    TreePtr tree(rawTree);
    git_tree_entry* rawEntry = nullptr;
    const QByteArray utf8 = path.toUtf8();
    int rc = git_tree_entry_bypath(&rawEntry, rawTree, utf8.constData());
    if (rc == GIT_ENOTFOUND) {
        git_error_clear();
        return std::optional<Entry>();
    }
    if (rc < 0)
        return util::fail(gitError(rc, path));
    TreeEntryPtr holder(rawEntry);
    return std::optional<Entry>(toEntry(rawEntry));
}

util::Result<std::vector<TreeSnapshot::Entry>> TreeSnapshot::list(const QString& directory) const {
    auto dir = entry(directory);
    if (!dir)
        return util::fail(dir.error());
    if (!*dir)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such folder at ") + m_commit.shortHex(), directory);
    if ((*dir)->kind != Kind::Tree)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("not a folder"), directory);
    git_tree* rawTree = nullptr;
    const git_oid oid = toGitOid((*dir)->id);
    if (int rc = git_tree_lookup(&rawTree, m_repository->raw(), &oid); rc < 0)
        return util::fail(gitError(rc, directory));
    TreePtr tree(rawTree);
    std::vector<Entry> entries;
    const std::size_t count = git_tree_entrycount(rawTree);
    entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        entries.push_back(toEntry(git_tree_entry_byindex(rawTree, i)));
    return entries;
}

util::Result<QByteArray> TreeSnapshot::readBlob(const ObjectId& blob, qint64 maxBytes, const QString& pathForErrors) const {
    const git_oid oid = toGitOid(blob);
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (int rc = git_odb_read_header(&size, &type, m_repository->odb(), &oid); rc < 0)
        return util::fail(gitError(rc, pathForErrors));
    if (type != GIT_OBJECT_BLOB)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("not a file"), pathForErrors);
    if (qint64(size) > maxBytes)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("file is too large (%1, the limit is %2)")
                              .arg(util::formatByteSize(qint64(size)), util::formatByteSize(maxBytes)),
                          pathForErrors);
    git_odb_object* raw = nullptr;
    if (int rc = git_odb_read(&raw, m_repository->odb(), &oid); rc < 0)
        return util::fail(gitError(rc, pathForErrors));
    OdbObjectPtr object(raw);
    return QByteArray(static_cast<const char*>(git_odb_object_data(raw)), qsizetype(git_odb_object_size(raw)));
}

} // namespace syncline::git
