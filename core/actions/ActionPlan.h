#pragma once

#include "git/CommitWriter.h"
#include "git/ObjectId.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace syncline::actions {

enum class ActionKind { Promote, Revert, Rollback };

// "promote", "revert", "rollback": the Syncline-Action trailer and the reflog word.
inline QString actionName(ActionKind kind) {
    switch (kind) {
    case ActionKind::Revert:
        return QStringLiteral("revert");
    case ActionKind::Rollback:
        return QStringLiteral("rollback");
    case ActionKind::Promote:
        break;
    }
    return QStringLiteral("promote");
}

// What one action will write, as a plain value made from (repository, workspace, tip) by a
// planner: it can be made again on another tip (a push retry rebuilds it on the remote tip).
struct ActionPlan {
    ActionKind kind = ActionKind::Promote;
    QString branch;            // short name of the branch the commit goes to
    git::ObjectId expectedTip; // the tip it was planned on; the branch moves only from there
    std::vector<git::FileEdit> edits;
    QString message;                         // full commit message, trailers included
    std::vector<git::ObjectId> extraParents; // a merge (branch-per-environment promotion)
    // Branch-per-environment promotion that is a fast-forward: the branch just moves here,
    // no commit is written.
    std::optional<git::ObjectId> fastForwardTo;
    QStringList summary;  // one line per change, for people ("api: newTag 1.2.0 -> 1.3.0")
    QStringList warnings; // e.g. a promotable file missing at the source

    // An empty plan of `kind` for `branch`, planned on `tip`.
    static ActionPlan on(ActionKind kind, const QString& branch, const git::ObjectId& tip) {
        ActionPlan plan;
        plan.kind = kind;
        plan.branch = branch;
        plan.expectedTip = tip;
        return plan;
    }

    bool isEmpty() const { return edits.empty() && !fastForwardTo && extraParents.empty(); }
    QString reflogMessage() const { return QStringLiteral("syncline: ") + actionName(kind); }

    git::CommitRequest commitRequest() const {
        git::CommitRequest request;
        request.branch = branch;
        request.expectedTip = expectedTip;
        request.edits = edits;
        request.message = message;
        request.extraParents = extraParents;
        request.reflogMessage = reflogMessage();
        return request;
    }
};

} // namespace syncline::actions
