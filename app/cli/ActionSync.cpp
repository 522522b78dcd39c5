#include "ActionSync.h"

#include "EngineSession.h"
#include "TerminalClusterConsent.h"
#include "git/RevisionInfo.h"
#include "reconcile/GitSide.h"
#include "reconcile/SyncResultText.h"

namespace syncline::app {

QString ActionSync::problemBeforeCommit(const WorkspaceContext& context, const actions::ActionPreview& preview, bool push) {
    if (push || preview.environments.empty())
        return {};
    const QString upstream = git::RevisionInfo::upstreamOf(*context.repository, preview.plan.branch);
    if (upstream.isEmpty())
        return {};
    return QStringLiteral("--sync deploys %1 (the upstream of %2), which will not hold this commit without --push; "
                          "add --push, or sync after pushing. Nothing was changed")
        .arg(upstream.mid(QStringLiteral("refs/remotes/").size()), preview.plan.branch);
}

QString ActionSync::consentBeforeCommit(const WorkspaceContext& context, const actions::ActionPreview& preview, bool yes) {
    QStringList environments;
    for (const actions::EnvironmentChange& change : preview.environments)
        environments << change.environment;
    if (environments.isEmpty())
        return {};
    reconcile::ClusterConsentStore store;
    auto trusted = TerminalClusterConsent::ensure(context, store, environments, yes);
    if (trusted)
        return {};
    return QStringLiteral("--sync: %1. Nothing was changed").arg(trusted.error().toString());
}

bool ActionSync::run(const WorkspaceContext& context, const actions::ActionPreview& preview, const git::ObjectId& newTip,
                     QTextStream& out) {
    if (preview.environments.empty()) {
        out << "sync: the commit changes no environment's rendered manifests; nothing to sync\n";
        return true;
    }
    auto git = reconcile::GitSide::open(context.repository->workDir());
    if (!git) {
        out << "sync: " << git.error().toString() << '\n';
        return false;
    }
    EngineSession session(context);
    bool ok = true;
    for (const actions::EnvironmentChange& change : preview.environments) {
        auto environment = context.environment(change.environment);
        if (!environment) {
            out << change.environment << ": sync skipped: " << environment.error().toString() << '\n';
            ok = false;
            continue;
        }
        auto target = (*git)->target(**environment);
        if (!target) {
            out << change.environment << ": sync skipped: " << target.error().toString() << '\n';
            ok = false;
            continue;
        }
        // The engine deploys its target; only sync when that is the commit just made.
        if (target->commit != newTip) {
            out << change.environment << ": sync skipped: it deploys " << target->ref << " (" << target->commit.shortHex()
                << "), not the new commit " << newTip.shortHex() << '\n';
            ok = false;
            continue;
        }
        out << "syncing " << change.environment << " to " << target->ref << " (" << newTip.shortHex() << ")\n";
        out.flush();
        reconcile::SyncRequest request;
        request.environment = change.environment;
        const reconcile::SyncResult result = session.sync(request);
        out << reconcile::SyncResultText::report(result);
        out.flush();
        ok = ok && result.succeeded();
    }
    return ok;
}

} // namespace syncline::app
