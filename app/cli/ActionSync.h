#pragma once

#include "WorkspaceContext.h"
#include "actions/ActionPreview.h"
#include "git/ObjectId.h"

#include <QString>
#include <QTextStream>

namespace syncline::app {

// `--sync` of promote/revert/rollback: after the commit (and push), sync every environment
// whose rendered manifests the action changes. Sync deploys what the engine targets — the
// branch's upstream when it has one, else the branch — so an environment whose target
// does not hold the new commit is not synced: that would deploy something else.
class ActionSync {
public:
    // Before anything is written: why --sync could not deploy the commit (the branch
    // follows an upstream and the commit will not be pushed); empty when it can.
    static QString problemBeforeCommit(const WorkspaceContext& context, const actions::ActionPreview& preview, bool push);
    // Before anything is written: the clusters --sync will contact must be trusted for this
    // repository (`yes`: trust them now, printing what; a terminal asks). Why not, or empty.
    static QString consentBeforeCommit(const WorkspaceContext& context, const actions::ActionPreview& preview, bool yes);
    // Syncs the affected environments through the reconcile engine, printing each
    // object's result. False when an environment was skipped or any object failed.
    static bool run(const WorkspaceContext& context, const actions::ActionPreview& preview, const git::ObjectId& newTip,
                    QTextStream& out);
};

} // namespace syncline::app
