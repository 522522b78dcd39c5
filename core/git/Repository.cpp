#include "git/Repository.h"

#include "git/CommitGraph.h"
#include "git/GitError.h"
#include "git/GitHandles.h"
#include "util/Text.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace syncline::git {

using namespace detail;

Repository::Repository(git_repository* repo) : m_repo(repo) { loadShallowBoundary(); }

Repository::Repository(Repository&& other) noexcept
    : m_repo(std::exchange(other.m_repo, nullptr)), m_odb(std::exchange(other.m_odb, nullptr)),
      m_shallowBoundary(std::move(other.m_shallowBoundary)), m_commitGraph(std::move(other.m_commitGraph)),
      m_commitGraphLoaded(other.m_commitGraphLoaded) {}

Repository& Repository::operator=(Repository&& other) noexcept {
    std::swap(m_repo, other.m_repo);
    std::swap(m_odb, other.m_odb);
    std::swap(m_shallowBoundary, other.m_shallowBoundary);
    std::swap(m_commitGraph, other.m_commitGraph);
    std::swap(m_commitGraphLoaded, other.m_commitGraphLoaded);
    return *this;
}

Repository::~Repository() {
    if (m_odb)
        git_odb_free(m_odb);
    if (m_repo)
        git_repository_free(m_repo);
}

util::Result<Repository> Repository::open(const QString& path) {
    ensureLibgit2();
    const QFileInfo info(path);
    if (!info.exists())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such folder"), path);
    if (!info.isDir())
        return util::fail(util::ErrorCode::NotARepository, QStringLiteral("not a folder"), path);
    git_repository* repo = nullptr;
    const QByteArray native = QFile::encodeName(info.absoluteFilePath());
    int rc = git_repository_open_ext(&repo, native.constData(), GIT_REPOSITORY_OPEN_CROSS_FS, nullptr);
    if (rc == GIT_ENOTFOUND)
        return util::fail(util::ErrorCode::NotARepository, QStringLiteral("not a Git repository (nor inside one)"), path);
    if (rc < 0) {
        util::Error error = gitError(rc, path);
        error.code = util::ErrorCode::Corrupt;
        error.message = QStringLiteral("cannot open repository: ") + error.message;
        return util::fail(error);
    }
    return Repository(repo);
}

util::Result<Repository> Repository::init(const QString& path, bool bare) {
    ensureLibgit2();
    QDir().mkpath(path);
    git_repository* repo = nullptr;
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH | (bare ? GIT_REPOSITORY_INIT_BARE : 0);
    options.initial_head = "main";
    const QByteArray native = QFile::encodeName(path);
    if (int rc = git_repository_init_ext(&repo, native.constData(), &options); rc < 0)
        return util::fail(gitError(rc, path));
    return Repository(repo);
}

util::Result<Repository> Repository::cloneLocal(const QString& source, const QString& path) {
    ensureLibgit2();
    git_repository* repo = nullptr;
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    const QByteArray url = QFile::encodeName(source), target = QFile::encodeName(path);
    if (int rc = git_clone(&repo, url.constData(), target.constData(), &options); rc < 0)
        return util::fail(gitError(rc, source));
    return Repository(repo);
}

QString Repository::gitDir() const { return QFile::decodeName(git_repository_path(m_repo)); }

QString Repository::workDir() const {
    const char* dir = git_repository_workdir(m_repo);
    return dir ? QFile::decodeName(dir) : QString();
}

bool Repository::isBare() const { return git_repository_is_bare(m_repo) == 1; }
bool Repository::isEmpty() const {
    // Not git_repository_is_empty: libgit2 1.5 only counts an unborn "master" as empty.
    git_reference* head = nullptr;
    const int rc = git_repository_head(&head, m_repo);
    ReferencePtr holder(head);
    if (rc != GIT_EUNBORNBRANCH && rc != GIT_ENOTFOUND)
        return false;
    git_error_clear();
    git_reference_iterator* rawIterator = nullptr;
    if (git_reference_iterator_new(&rawIterator, m_repo) < 0)
        return true;
    ReferenceIteratorPtr iterator(rawIterator);
    git_reference* ref = nullptr;
    if (git_reference_next(&ref, rawIterator) == 0) {
        git_reference_free(ref);
        return false;
    }
    git_error_clear();
    return true;
}
bool Repository::isShallow() const { return git_repository_is_shallow(m_repo) == 1; }

git_odb* Repository::odb() const {
    if (!m_odb)
        git_repository_odb(&m_odb, m_repo);
    return m_odb;
}

QString Repository::commitGraphPath() const {
    // Worktrees share the main repository's objects.
    return QFile::decodeName(git_repository_commondir(m_repo)) + QStringLiteral("objects/info/commit-graph");
}

void Repository::forgetCommitGraph() {
    m_commitGraph.reset();
    m_commitGraphLoaded = false;
}

std::shared_ptr<const CommitGraph> Repository::commitGraph() const {
    if (!m_commitGraphLoaded) {
        m_commitGraphLoaded = true;
        auto graph = CommitGraph::open(commitGraphPath());
        if (graph)
            m_commitGraph = std::make_shared<const CommitGraph>(std::move(*graph));
        else if (graph.error().code != util::ErrorCode::NotFound)
            qWarning("syncline: walking history without the commit-graph: %s", qPrintable(graph.error().toString()));
    }
    return m_commitGraph && !m_commitGraph->isDamaged() ? m_commitGraph : nullptr;
}

void Repository::loadShallowBoundary() {
    QFile file(gitDir() + QStringLiteral("shallow"));
    if (!file.open(QIODevice::ReadOnly))
        return;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (auto id = ObjectId::fromHex(line.constData(), std::size_t(line.size())))
            m_shallowBoundary.insert(*id);
    }
}

util::Result<HeadState> Repository::head() const {
    HeadState state;
    git_reference* raw = nullptr;
    int rc = git_repository_head(&raw, m_repo);
    ReferencePtr ref(raw);
    if (rc == GIT_EUNBORNBRANCH || rc == GIT_ENOTFOUND) {
        state.unborn = true;
        git_reference* symbolic = nullptr;
        if (git_reference_lookup(&symbolic, m_repo, "HEAD") == 0) {
            ReferencePtr holder(symbolic);
            if (const char* target = git_reference_symbolic_target(symbolic))
                state.branch = QString::fromUtf8(target).remove(QStringLiteral("refs/heads/"));
        }
        return state;
    }
    if (rc < 0)
        return util::fail(gitError(rc, QStringLiteral("HEAD")));
    state.detached = git_repository_head_detached(m_repo) == 1;
    if (!state.detached)
        state.branch = util::decodeGitText(QByteArray(git_reference_shorthand(ref.get())));
    if (const git_oid* target = git_reference_target(ref.get()))
        state.commit = fromGitOid(target);
    return state;
}

util::Result<ObjectId> Repository::resolveCommit(const QString& revision) const {
    git_object* raw = nullptr;
    const QByteArray spec = revision.toUtf8();
    if (int rc = git_revparse_single(&raw, m_repo, spec.constData()); rc < 0)
        return util::fail(gitError(rc, revision));
    ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (int rc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT); rc < 0)
        return util::fail(gitError(rc, revision));
    ObjectPtr commit(peeled);
    return fromGitOid(git_object_id(commit.get()));
}

util::Result<void> Repository::fastForwardWorkTree(const ObjectId& from, const ObjectId& to) const {
    auto treeOf = [this](const ObjectId& id) -> util::Result<TreePtr> {
        git_commit* rawCommit = nullptr;
        const git_oid oid = toGitOid(id);
        if (int rc = git_commit_lookup(&rawCommit, m_repo, &oid); rc < 0)
            return util::fail(gitError(rc, id.toHex()));
        CommitPtr commit(rawCommit);
        git_tree* rawTree = nullptr;
        if (int rc = git_commit_tree(&rawTree, rawCommit); rc < 0)
            return util::fail(gitError(rc, id.toHex()));
        return TreePtr(rawTree);
    };
    auto oldTree = treeOf(from);
    if (!oldTree)
        return util::fail(oldTree.error());
    auto newTree = treeOf(to);
    if (!newTree)
        return util::fail(newTree.error());
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_SAFE;
    options.baseline = oldTree->get();
    if (int rc = git_checkout_tree(m_repo, reinterpret_cast<const git_object*>(newTree->get()), &options); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("update work tree")));
    return {};
}

util::Result<void> Repository::createLightweightTag(const QString& name, const ObjectId& target) const {
    git_object* raw = nullptr;
    const git_oid oid = toGitOid(target);
    if (int rc = git_object_lookup(&raw, m_repo, &oid, GIT_OBJECT_COMMIT); rc < 0)
        return util::fail(gitError(rc, target.toHex()));
    ObjectPtr object(raw);
    git_oid tagId;
    const QByteArray tagName = name.toUtf8();
    if (int rc = git_tag_create_lightweight(&tagId, m_repo, tagName.constData(), raw, 0); rc < 0)
        return util::fail(gitError(rc, name));
    return {};
}

QString Repository::configString(const QString& key) const {
    git_config* raw = nullptr;
    if (git_repository_config_snapshot(&raw, m_repo) < 0)
        return {};
    ConfigPtr config(raw);
    const char* value = nullptr;
    const QByteArray name = key.toUtf8();
    if (git_config_get_string(&value, config.get(), name.constData()) < 0)
        return {};
    return QString::fromUtf8(value);
}

util::Result<void> Repository::setLocalConfigString(const QString& key, const QString& value) const {
    git_config* raw = nullptr;
    if (int rc = git_repository_config(&raw, m_repo); rc < 0)
        return util::fail(detail::gitError(rc, key));
    ConfigPtr config(raw);
    git_config* local = nullptr;
    if (int rc = git_config_open_level(&local, config.get(), GIT_CONFIG_LEVEL_LOCAL); rc < 0)
        return util::fail(detail::gitError(rc, key));
    ConfigPtr localConfig(local);
    if (int rc = git_config_set_string(localConfig.get(), key.toUtf8().constData(), value.toUtf8().constData()); rc < 0)
        return util::fail(detail::gitError(rc, key));
    return {};
}

} // namespace syncline::git
