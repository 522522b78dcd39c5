#include "git/Pusher.h"

#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/RemoteSession.h"
#include "git/RemoteUrl.h"
#include "git/Repository.h"
#include "util/ProgressSink.h"
#include "util/Text.h"

#include <QFileInfo>

#include <optional>
#include <vector>

namespace syncline::git {

using namespace detail;

namespace {

QString decode(const char* text) { return text ? util::decodeGitText(QByteArray(text)) : QString(); }

enum class Verdict {
    Pushed,
    NonFastForward, // the remote branch has commits we do not have: fetch, rebuild, retry
    Refused,        // a hook, a protected branch, or any other reason the server gave
    Failed,         // transport, auth, cancel: `error`
};

struct RefStatus {
    QString ref;
    QString message; // empty: accepted
};

struct Attempt {
    Verdict verdict = Verdict::Failed;
    QString serverReason; // the status the server gave for our ref
    QString remoteText;   // sideband lines
    util::Error error;
};

bool looksNonFastForward(const QString& status) {
    static const char* const markers[] = {"non-fast-forward", "fetch first",     "failed to update ref", "failed to lock",
                                          "stale info",       "cannot lock ref", "not a fast-forward",   "nonfastforward"};
    for (const char* marker : markers)
        if (status.contains(QLatin1String(marker), Qt::CaseInsensitive))
            return true;
    return false;
}

int collectStatus(const char* refname, const char* status, void* payload) {
    auto& session = *static_cast<RemoteSession*>(payload);
    static_cast<std::vector<RefStatus>*>(session.userData)->push_back(RefStatus{decode(refname), decode(status)});
    return 0;
}

QByteArray branchRef(const QString& branch) {
    return (branch.startsWith(QLatin1String("refs/")) ? branch : QStringLiteral("refs/heads/") + branch).toUtf8();
}

QString shortBranch(const QString& branch) { return branch.startsWith(QLatin1String("refs/heads/")) ? branch.mid(11) : branch; }

RemoteSessionOptions sessionOptions(const PushRequest& request, const QString& operation) {
    return RemoteSessionOptions{.credentials = request.credentials,
                                .progress = request.progress,
                                .cancel = request.cancel,
                                .knownHostsFiles = request.knownHostsFiles,
                                .maxAuthAttempts = 5,
                                .hostKeyPrompt = request.hostKeyPrompt,
                                .operation = operation};
}

class PushRun {
public:
    PushRun(const Repository& repository, const PushRequest& request) : m_repository(repository), m_request(request) {}

    util::Result<void> open() {
        ensureLibgit2();
        if (m_request.cancel.isCancelled())
            return util::fail(util::ErrorCode::Cancelled, QStringLiteral("push cancelled"));
        if (shortBranch(m_request.branch).isEmpty())
            return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("no branch to push"));
        git_remote* raw = nullptr;
        const QByteArray name = m_request.remote.toUtf8();
        const int rc = git_remote_lookup(&raw, m_repository.raw(), name.constData());
        if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("no remote named \"%1\"").arg(m_request.remote),
                              m_repository.gitDir());
        if (rc < 0)
            return util::fail(gitError(rc, m_request.remote));
        m_remote.reset(raw);
        m_rawUrl = decode(git_remote_pushurl(raw) ? git_remote_pushurl(raw) : git_remote_url(raw));
        m_where = m_request.remote + QStringLiteral(" (") + RemoteUrl::redacted(m_rawUrl) + QLatin1Char(')');
        if (const QString path = localPathOf(m_rawUrl); !path.isEmpty() && !QFileInfo::exists(path))
            return util::fail(util::ErrorCode::NotFound, QStringLiteral("no repository at %1").arg(path), m_where);
        return {};
    }

    const QString& where() const { return m_where; }

    util::Result<ObjectId> localTip() const {
        git_oid oid;
        const QByteArray ref = branchRef(m_request.branch);
        if (int rc = git_reference_name_to_id(&oid, m_repository.raw(), ref.constData()); rc < 0)
            return util::fail(util::ErrorCode::NotFound,
                              QStringLiteral("no local branch \"%1\" to push").arg(shortBranch(m_request.branch)),
                              m_repository.gitDir());
        return fromGitOid(&oid);
    }

    // One `git push <remote> refs/heads/<branch>:refs/heads/<target>`, never forced.
    Attempt pushOnce(const QString& target) {
        Attempt attempt;
        RemoteSession session(sessionOptions(m_request, QStringLiteral("push")), m_rawUrl);
        std::vector<RefStatus> statuses;
        session.userData = &statuses;
        if (session.checkCancelled()) {
            attempt.error = *session.failure;
            return attempt;
        }
        git_push_options options = GIT_PUSH_OPTIONS_INIT;
        session.install(options);
        options.callbacks.push_update_reference = collectStatus;

        const QByteArray spec = branchRef(m_request.branch) + ':' + branchRef(target);
        char* specs[] = {const_cast<char*>(spec.constData())};
        const git_strarray refspecs{specs, 1};
        const int rc = git_remote_push(m_remote.get(), &refspecs, &options);
        attempt.remoteText = session.remoteText();
        if (rc == GIT_ENONFASTFORWARD && !session.failure) {
            // libgit2 compares with the advertised tip before sending anything.
            session.reportCredentialOutcome(true);
            attempt.verdict = Verdict::NonFastForward;
            attempt.serverReason = QStringLiteral("non-fast-forward");
            return attempt;
        }
        if (rc < 0) {
            // Cancelled (or cut off) after the server already confirmed our ref: it is pushed.
            const QByteArray wanted = branchRef(target);
            for (const RefStatus& status : statuses)
                if (status.ref.toUtf8() == wanted && status.message.isEmpty()) {
                    attempt.verdict = Verdict::Pushed;
                    return attempt;
                }
            attempt.error = session.errorFor(rc, m_where);
            if (attempt.error.code == util::ErrorCode::Cancelled)
                attempt.error.message += QStringLiteral(" (if it was cancelled while sending, the remote may have "
                                                        "received the update anyway: fetch to see)");
            // A server that refuses the whole pack says why on the sideband.
            if (!attempt.remoteText.isEmpty() && attempt.error.code != util::ErrorCode::Auth &&
                attempt.error.code != util::ErrorCode::Cancelled)
                attempt.error.message += QStringLiteral("\n") + attempt.remoteText;
            return attempt;
        }
        session.reportCredentialOutcome(true);
        const QByteArray wanted = branchRef(target);
        bool sawOurRef = false;
        for (const RefStatus& status : statuses) {
            if (status.ref.toUtf8() == wanted)
                sawOurRef = true;
            if (status.message.isEmpty())
                continue;
            attempt.serverReason = session.redact(status.message);
            attempt.verdict = looksNonFastForward(status.message) ? Verdict::NonFastForward : Verdict::Refused;
            return attempt;
        }
        if (!sawOurRef) {
            // Success is only what the server confirmed, ref by ref.
            attempt.verdict = Verdict::Refused;
            attempt.serverReason = QStringLiteral("the server did not report a status for %1").arg(QString::fromUtf8(wanted));
            return attempt;
        }
        attempt.verdict = Verdict::Pushed;
        return attempt;
    }

    // The remote-tracking ref the configured fetch refspecs map `remoteRef` to, or
    // refs/remotes/<remote>/<branch> when none does.
    QByteArray trackingRef(const QByteArray& remoteRef) const {
        const size_t count = git_remote_refspec_count(m_remote.get());
        for (size_t i = 0; i < count; ++i) {
            const git_refspec* spec = git_remote_get_refspec(m_remote.get(), i);
            if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH || !git_refspec_src_matches(spec, remoteRef.constData()))
                continue;
            git_buf out = GIT_BUF_INIT;
            if (git_refspec_transform(&out, spec, remoteRef.constData()) == 0) {
                QByteArray result(out.ptr, qsizetype(out.size));
                git_buf_dispose(&out);
                return result;
            }
            git_buf_dispose(&out);
        }
        git_error_clear();
        return "refs/remotes/" + m_request.remote.toUtf8() + '/' + remoteRef.mid(11);
    }

    // Moves the remote-tracking ref to what the remote now has (libgit2 does this only
    // when a fetch refspec matches; this makes it unconditional).
    void updateTracking(const QByteArray& remoteRef, const ObjectId& id) const {
        const QByteArray tracking = trackingRef(remoteRef);
        const git_oid oid = toGitOid(id);
        git_reference* raw = nullptr;
        if (git_reference_create(&raw, m_repository.raw(), tracking.constData(), &oid, 1, "syncline: update by push") == 0)
            git_reference_free(raw);
        else
            git_error_clear(); // the push itself succeeded; a stale tracking ref is refreshed by the next fetch
    }

    // Fetches the remote branch into its tracking ref and returns the remote's tip.
    util::Result<ObjectId> fetchRemoteTip() {
        RemoteSession session(sessionOptions(m_request, QStringLiteral("push")), decode(git_remote_url(m_remote.get())));
        if (session.checkCancelled())
            return util::fail(*session.failure);
        git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
        session.install(options);
        const QByteArray remoteRef = branchRef(m_request.branch);
        const QByteArray tracking = trackingRef(remoteRef);
        const QByteArray spec = '+' + remoteRef + ':' + tracking; // a tracking ref follows the remote
        char* specs[] = {const_cast<char*>(spec.constData())};
        const git_strarray refspecs{specs, 1};
        if (int rc = git_remote_fetch(m_remote.get(), &refspecs, &options, "syncline: fetch before retrying push"); rc < 0)
            return util::fail(session.errorFor(rc, m_where));
        session.reportCredentialOutcome(true);
        git_oid oid;
        if (git_reference_name_to_id(&oid, m_repository.raw(), tracking.constData()) < 0) {
            git_error_clear();
            return util::fail(
                util::ErrorCode::NotFound,
                QStringLiteral("the remote branch \"%1\" disappeared while pushing").arg(shortBranch(m_request.branch)), m_where);
        }
        return fromGitOid(&oid);
    }

    void progress(const QString& stage) const {
        if (m_request.progress)
            m_request.progress->progress(stage, 0, 0);
    }

private:
    const Repository& m_repository;
    const PushRequest& m_request;
    RemotePtr m_remote;
    QString m_rawUrl;
    QString m_where;
};

util::Error refusedError(const QString& branch, const ObjectId& tip, const Attempt& attempt, const QString& where) {
    QString message = QStringLiteral("the remote refused to update %1: %2").arg(branch, attempt.serverReason);
    if (!attempt.remoteText.isEmpty())
        message += QStringLiteral("\nThe server said:\n") + attempt.remoteText;
    // The caller names the new branch (it knows the action: syncline/revert-1a2b3c4).
    message += QStringLiteral("\nNothing was lost: the commit %1 is still on your local branch %2; it can be pushed "
                              "to a new branch for review instead.")
                   .arg(tip.shortHex(), branch);
    return util::makeError(util::ErrorCode::Rejected, message, where);
}

} // namespace

QString Pusher::suggestedBranchName(const QString& action, const ObjectId& commit) {
    return QStringLiteral("syncline/") + (action.isEmpty() ? QStringLiteral("change") : action) + QLatin1Char('-') +
           commit.shortHex(7);
}

util::Result<PushOutcome> Pusher::push(const Repository& repository, const PushRequest& request) {
    PushRun run(repository, request);
    if (auto opened = run.open(); !opened)
        return util::fail(opened.error());
    const QString branch = shortBranch(request.branch);
    const int maxAttempts = std::max(1, request.maxAttempts);

    for (int attempt = 1;; ++attempt) {
        const util::Result<ObjectId> tip = run.localTip();
        if (!tip)
            return util::fail(tip.error());
        run.progress(maxAttempts > 1 && attempt > 1
                         ? QStringLiteral("Pushing %1 (attempt %2 of %3)").arg(branch).arg(attempt).arg(maxAttempts)
                         : QStringLiteral("Pushing %1").arg(branch));
        const Attempt result = run.pushOnce(branch);
        switch (result.verdict) {
        case Verdict::Pushed:
            run.updateTracking(branchRef(branch), *tip);
            return PushOutcome{*tip, attempt, result.remoteText};
        case Verdict::Failed:
            return util::fail(result.error);
        case Verdict::Refused:
            return util::fail(refusedError(branch, *tip, result, run.where()));
        case Verdict::NonFastForward:
            break;
        }
        if (!request.rebuild)
            return util::fail(util::ErrorCode::Rejected,
                              QStringLiteral("the remote branch %1 has commits that are not on yours (non-fast-forward); "
                                             "nothing was pushed and nothing was forced. Fetch, then redo the change "
                                             "on top of them.")
                                  .arg(branch),
                              run.where());
        if (attempt >= maxAttempts)
            return util::fail(util::ErrorCode::Rejected,
                              QStringLiteral("gave up after %1 attempts: the remote branch %2 kept moving while pushing "
                                             "(non-fast-forward each time). Your change is committed locally (%3); "
                                             "try the push again later.")
                                  .arg(maxAttempts)
                                  .arg(branch, tip->shortHex()),
                              run.where());
        run.progress(QStringLiteral("The remote %1 moved: fetching and redoing the change").arg(branch));
        const util::Result<ObjectId> remoteTip = run.fetchRemoteTip();
        if (!remoteTip)
            return util::fail(remoteTip.error());
        if (request.cancel.isCancelled())
            return util::fail(util::ErrorCode::Cancelled, QStringLiteral("push cancelled"), run.where());
        util::Result<ObjectId> rebuilt = request.rebuild(*remoteTip);
        if (!rebuilt)
            return util::fail(rebuilt.error());
    }
}

util::Result<PushOutcome> Pusher::pushToNewBranch(const Repository& repository, const PushRequest& request,
                                                  const QString& newBranch) {
    const QString target = shortBranch(newBranch);
    if (target.isEmpty() || target == shortBranch(request.branch))
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("the new branch needs a name of its own"), newBranch);
    if (!git_reference_is_valid_name(branchRef(target).constData()))
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("not a valid branch name"), newBranch);
    PushRun run(repository, request);
    if (auto opened = run.open(); !opened)
        return util::fail(opened.error());
    const util::Result<ObjectId> tip = run.localTip();
    if (!tip)
        return util::fail(tip.error());
    run.progress(QStringLiteral("Pushing %1 to the new branch %2").arg(shortBranch(request.branch), target));
    const Attempt result = run.pushOnce(target);
    switch (result.verdict) {
    case Verdict::Pushed:
        run.updateTracking(branchRef(target), *tip);
        return PushOutcome{*tip, 1, result.remoteText};
    case Verdict::Failed:
        return util::fail(result.error);
    case Verdict::NonFastForward:
        return util::fail(util::ErrorCode::Rejected,
                          QStringLiteral("the remote already has a branch %1 with other commits; pick another name").arg(target),
                          run.where());
    case Verdict::Refused:
        break;
    }
    QString message = QStringLiteral("the remote refused the new branch %1: %2").arg(target, result.serverReason);
    if (!result.remoteText.isEmpty())
        message += QStringLiteral("\nThe server said:\n") + result.remoteText;
    return util::fail(util::ErrorCode::Rejected, message, run.where());
}

} // namespace syncline::git
