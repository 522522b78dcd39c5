#include "git/Remote.h"

#include "git/CredentialProvider.h"
#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/RemoteSession.h"
#include "git/RemoteUrl.h"
#include "git/Repository.h"
#include "util/Text.h"

#include <QFileInfo>

namespace syncline::git {

using namespace detail;

namespace {

QString decode(const char* text) { return text ? util::decodeGitText(QByteArray(text)) : QString(); }

int updateTips(const char* refname, const git_oid* oldId, const git_oid* newId, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    static_cast<std::vector<UpdatedRef>*>(session.userData)
        ->push_back(UpdatedRef{decode(refname), fromGitOid(oldId), fromGitOid(newId)});
    return 0;
}

} // namespace

void Remote::Deleter::operator()(git_remote* remote) const noexcept { git_remote_free(remote); }

Remote::Remote(git_remote* remote) : m_remote(remote) {}
Remote::Remote(Remote&&) noexcept = default;
Remote& Remote::operator=(Remote&&) noexcept = default;
Remote::~Remote() = default;

util::Result<QStringList> Remote::list(const Repository& repository) {
    git_strarray names{};
    if (int rc = git_remote_list(&names, repository.raw()); rc < 0)
        return util::fail(gitError(rc, repository.gitDir()));
    QStringList out;
    for (size_t i = 0; i < names.count; ++i)
        out.append(decode(names.strings[i]));
    git_strarray_dispose(&names);
    return out;
}

util::Result<Remote> Remote::lookup(const Repository& repository, const QString& name) {
    ensureLibgit2();
    git_remote* remote = nullptr;
    const int rc = git_remote_lookup(&remote, repository.raw(), name.toUtf8().constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no remote named \"%1\"").arg(name), repository.gitDir());
    if (rc < 0)
        return util::fail(gitError(rc, name));
    return Remote(remote);
}

util::Result<FetchResult> Remote::fetch(const Repository& repository, const QString& name, const FetchOptions& options) {
    util::Result<Remote> remote = lookup(repository, name);
    if (!remote)
        return util::fail(remote.error());
    return remote->fetch(options);
}

QString Remote::name() const { return decode(git_remote_name(m_remote.get())); }

QString Remote::url() const { return RemoteUrl::redacted(decode(git_remote_url(m_remote.get()))); }

QStringList Remote::hosts() const {
    QStringList out;
    for (const char* url : {git_remote_url(m_remote.get()), git_remote_pushurl(m_remote.get())})
        if (const QString host = RemoteUrl::hostAndPort(decode(url)); !host.isEmpty() && !out.contains(host))
            out.append(host);
    return out;
}

util::Result<FetchResult> Remote::fetch(const FetchOptions& options) {
    const QString rawUrl = decode(git_remote_url(m_remote.get()));
    RemoteSession session(RemoteSessionOptions{.credentials = options.credentials,
                                               .progress = options.progress,
                                               .cancel = options.cancel,
                                               .knownHostsFiles = options.knownHostsFiles,
                                               .maxAuthAttempts = options.maxAuthAttempts,
                                               .hostKeyPrompt = options.hostKeyPrompt,
                                               .operation = QStringLiteral("fetch")},
                          rawUrl);
    const QString where = name() + QStringLiteral(" (") + session.displayUrl() + QLatin1Char(')');
    if (session.checkCancelled())
        return util::fail(*session.failure);
    // libgit2 reports a missing local repository as a generic error; say what it is.
    if (const QString path = localPathOf(rawUrl); !path.isEmpty() && !QFileInfo::exists(path))
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no repository at %1").arg(path), where);

    std::vector<UpdatedRef> updatedRefs;
    session.userData = &updatedRefs;
    git_fetch_options fetchOptions = GIT_FETCH_OPTIONS_INIT;
    session.install(fetchOptions);
    fetchOptions.callbacks.update_tips = updateTips;

    const int rc = git_remote_fetch(m_remote.get(), nullptr, &fetchOptions, nullptr);
    if (rc < 0)
        return util::fail(session.errorFor(rc, where));
    session.reportCredentialOutcome(true);

    FetchResult result;
    const git_indexer_progress* stats = git_remote_stats(m_remote.get());
    result.receivedObjects = stats->received_objects;
    result.totalObjects = stats->total_objects;
    result.receivedBytes = stats->received_bytes;
    result.updatedRefs = std::move(updatedRefs);
    return result;
}

} // namespace syncline::git
