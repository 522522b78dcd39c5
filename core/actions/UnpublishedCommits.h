#pragma once

#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QString>

namespace syncline::actions {

// Commits already on a branch before an action that its remote-tracking branch lacks: a
// push of the action publishes them too, and a push retry must never drop them (the retry
// rebuilds only the action's own commit on the remote tip).
struct UnpublishedCommits {
    QString trackingBranch; // "origin/main"; empty when the remote has no such branch yet
    int count = 0;          // capped at 1000

    // `tip` is the branch before the action. Unknown tracking branch: count 0.
    static UnpublishedCommits of(const git::Repository& repository, const QString& remote, const QString& branch,
                                 const git::ObjectId& tip);

    // Before a push retry rebuilds the action on `remoteTip`: fails with Rejected (nothing
    // pushed, nothing moved) unless every commit of `before` (the branch before the action)
    // is already on the remote, so replacing the action's commit loses nothing else.
    static util::Result<void> checkRebuildKeepsHistory(const git::Repository& repository, const QString& branch,
                                                       const git::ObjectId& before, const git::ObjectId& remoteTip,
                                                       const git::ObjectId& actionCommit);

    // "2 unpushed commits on 'main' (not on origin/main) will be published too"; empty when none.
    QString note(const QString& branch) const;
};

} // namespace syncline::actions
