#include "git/LocalChanges.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/RawCommit.h"
#include "util/Text.h"

namespace syncline::git {

using namespace detail;

namespace {

char indexLetter(unsigned int flags) {
    if (flags & GIT_STATUS_INDEX_NEW)
        return 'A';
    if (flags & GIT_STATUS_INDEX_MODIFIED)
        return 'M';
    if (flags & GIT_STATUS_INDEX_DELETED)
        return 'D';
    if (flags & GIT_STATUS_INDEX_RENAMED)
        return 'R';
    if (flags & GIT_STATUS_INDEX_TYPECHANGE)
        return 'T';
    return ' ';
}

char workTreeLetter(unsigned int flags) {
    if (flags & GIT_STATUS_WT_NEW)
        return '?';
    if (flags & GIT_STATUS_WT_MODIFIED)
        return 'M';
    if (flags & GIT_STATUS_WT_DELETED)
        return 'D';
    if (flags & GIT_STATUS_WT_RENAMED)
        return 'R';
    if (flags & GIT_STATUS_WT_TYPECHANGE)
        return 'T';
    return ' ';
}

util::Result<CommitSummary> summaryOf(const Repository& repository, const git_oid* oid) {
    git_odb_object* raw = nullptr;
    if (int rc = git_odb_read(&raw, repository.odb(), oid); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("commit ") + fromGitOid(oid).toHex()));
    OdbObjectPtr object(raw);
    auto parsed = RawCommit::parse(static_cast<const char*>(git_odb_object_data(raw)), git_odb_object_size(raw));
    if (!parsed)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("malformed commit"), fromGitOid(oid).toHex());
    return CommitSummary{fromGitOid(oid), parsed->parents, parsed->author, parsed->committer.time, parsed->summary()};
}

// One line of `git status --short`: the index and work tree letters, and the path (the
// old path too for a rename staged in the index).
StatusEntry statusEntryOf(const git_status_entry* entry) {
    StatusEntry out;
    if (entry->status & GIT_STATUS_CONFLICTED) {
        out.index = out.workTree = 'U';
    } else {
        out.index = indexLetter(entry->status);
        out.workTree = workTreeLetter(entry->status);
        if (out.workTree == '?')
            out.index = '?';
    }
    const git_diff_delta* delta = entry->index_to_workdir ? entry->index_to_workdir : entry->head_to_index;
    if (entry->head_to_index && (entry->status & GIT_STATUS_INDEX_RENAMED)) {
        out.oldPath = util::decodeGitText(QByteArray(entry->head_to_index->old_file.path));
        delta = entry->head_to_index;
    }
    if (delta)
        out.path = util::decodeGitText(QByteArray(delta->new_file.path));
    return out;
}

// Uncommitted files, at most `maxFiles` (filesTruncated says when there were more).
util::Result<void> loadFiles(const Repository& repository, std::size_t maxFiles, LocalChanges& changes) {
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX |
                    GIT_STATUS_OPT_SORT_CASE_SENSITIVELY | GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list* rawList = nullptr;
    if (int rc = git_status_list_new(&rawList, repository.raw(), &options); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("working tree status")));
    StatusListPtr list(rawList);
    const std::size_t count = git_status_list_entrycount(rawList);
    for (std::size_t i = 0; i < count; ++i) {
        if (changes.files.size() >= maxFiles) {
            changes.filesTruncated = true;
            break;
        }
        const git_status_entry* entry = git_status_byindex(rawList, i);
        if (entry->status == GIT_STATUS_CURRENT || (entry->status & GIT_STATUS_IGNORED))
            continue;
        changes.files.push_back(statusEntryOf(entry));
    }
    return {};
}

struct Upstream {
    QString name;               // "origin/main"
    std::optional<git_oid> tip; // empty: configured but never fetched
};

// The branch's upstream and its tip; nullopt when none is configured.
std::optional<Upstream> upstreamOf(const Repository& repository, const QString& branch) {
    const QByteArray localRef = QByteArrayLiteral("refs/heads/") + branch.toUtf8();
    git_buf upstreamName = GIT_BUF_INIT;
    if (git_branch_upstream_name(&upstreamName, repository.raw(), localRef.constData()) < 0) {
        git_error_clear();
        return std::nullopt;
    }
    const QString upstreamFull = QString::fromUtf8(upstreamName.ptr);
    git_buf_dispose(&upstreamName);
    Upstream upstream{QString(upstreamFull).remove(QStringLiteral("refs/remotes/")), std::nullopt};
    const QByteArray upstreamRef = upstreamFull.toUtf8();
    git_oid tip;
    if (git_reference_name_to_id(&tip, repository.raw(), upstreamRef.constData()) < 0)
        git_error_clear();
    else
        upstream.tip = tip;
    return upstream;
}

// Commits reachable from `local` but not from `upstream`, newest first, at most `max`.
util::Result<std::vector<CommitSummary>> unpushedCommits(const Repository& repository, const git_oid& local,
                                                         const git_oid& upstream, std::size_t max) {
    git_revwalk* rawWalk = nullptr;
    if (int rc = git_revwalk_new(&rawWalk, repository.raw()); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("unpushed commits")));
    RevwalkPtr walk(rawWalk);
    git_revwalk_sorting(rawWalk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME); // TIME alone misorders same-second commits
    git_revwalk_push(rawWalk, &local);
    git_revwalk_hide(rawWalk, &upstream);
    std::vector<CommitSummary> commits;
    git_oid next;
    while (commits.size() < max && git_revwalk_next(&next, rawWalk) == 0) {
        auto summary = summaryOf(repository, &next);
        if (!summary)
            return util::fail(summary.error());
        commits.push_back(std::move(*summary));
    }
    return commits;
}

} // namespace

util::Result<LocalChanges> LocalChanges::load(const Repository& repository, std::size_t maxUnpushed, std::size_t maxFiles) {
    LocalChanges changes;
    changes.bare = repository.isBare();
    auto head = repository.head();
    if (!head)
        return util::fail(head.error());
    changes.branch = head->branch;
    changes.detached = head->detached;
    if (!changes.bare)
        if (auto loaded = loadFiles(repository, maxFiles, changes); !loaded)
            return util::fail(loaded.error());

    if (changes.detached || !head->commit)
        return changes;
    auto upstream = upstreamOf(repository, head->branch);
    if (!upstream)
        return changes; // no upstream configured: nothing to compare with
    changes.upstream = upstream->name;
    if (!upstream->tip)
        return changes; // upstream configured but never fetched
    const git_oid local = toGitOid(*head->commit);
    size_t ahead = 0, behind = 0;
    if (int rc = git_graph_ahead_behind(&ahead, &behind, repository.raw(), &local, &*upstream->tip); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("ahead/behind ") + changes.upstream));
    changes.ahead = int(ahead);
    changes.behind = int(behind);
    if (ahead == 0)
        return changes;
    auto unpushed = unpushedCommits(repository, local, *upstream->tip, maxUnpushed);
    if (!unpushed)
        return util::fail(unpushed.error());
    changes.unpushed = std::move(*unpushed);
    return changes;
}

} // namespace syncline::git
