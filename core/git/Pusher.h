#pragma once

#include "git/KnownHosts.h"
#include "git/ObjectId.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace syncline::util {
class ProgressSink;
}

namespace syncline::git {

class CredentialProvider;
class HostKeyPrompt;
class Repository;

struct PushRequest {
    QString remote = QStringLiteral("origin");
    QString branch; // local branch, pushed to the same name on the remote
    CredentialProvider* credentials = nullptr;
    util::ProgressSink* progress = nullptr;
    util::CancellationToken cancel;
    QStringList knownHostsFiles = KnownHosts::defaultFiles();
    int maxAttempts = 5;
    // After a non-fast-forward rejection the remote branch is fetched; `rebuild` makes the
    // same change again on top of `remoteTip`, moves the local branch there (compare-and-swap)
    // and returns the new commit. An error from it (e.g. Conflict) stops the retries.
    // Empty: no retry, the rejection is reported.
    std::function<util::Result<ObjectId>(const ObjectId& remoteTip)> rebuild;
    // Unknown SSH host keys: asked once through this (approved keys are appended to
    // knownHostsFiles.first()); none: an unknown host is refused. A changed key is always
    // refused.
    HostKeyPrompt* hostKeyPrompt = nullptr;
};

struct PushOutcome {
    ObjectId pushedCommit; // what the remote branch now points to
    int attempts = 1;
    QString remoteMessage; // text the server sent (sideband), if any
};

// Pushes a local branch without ever forcing. Used on the repository's thread only.
//
// Errors:
//  - Rejected: the remote refused the update. Non-fast-forward after maxAttempts (or
//    without `rebuild`); a hook or protected branch (the message carries the server's
//    text and suggests pushToNewBranch with a "syncline/..." name).
//  - whatever `rebuild` returned (e.g. Conflict): retries stop, nothing pushed.
//  - Cancelled, Auth (credentials or host key), Network, NotFound, like Remote::fetch.
// Messages never contain secrets. Local refs are never lost: on failure the local branch
// is where the last successful rebuild (or the caller) put it.
class Pusher {
public:
    static util::Result<PushOutcome> push(const Repository& repository, const PushRequest& request);
    // The fallback offered after a hook/protected-branch rejection: push the local branch's
    // commit to a new remote branch (e.g. "syncline/promote-1a2b3c4") without touching
    // `branch`. Fails with Rejected if that remote branch already exists with other content.
    static util::Result<PushOutcome> pushToNewBranch(const Repository& repository, const PushRequest& request,
                                                     const QString& newBranch);
    // "syncline/<action>-<short sha>", the branch name suggested after a rejection.
    static QString suggestedBranchName(const QString& action, const ObjectId& commit);
};

} // namespace syncline::git
