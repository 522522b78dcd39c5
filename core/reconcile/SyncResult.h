#pragma once

#include "git/ObjectId.h"
#include "manifest/Hooks.h"
#include "manifest/ResourceKey.h"
#include "util/Error.h"

#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace syncline::reconcile {

enum class ObjectOutcome { Applied, Unchanged, Pruned, Failed, Skipped };

// What happened to one object during a Sync.
struct ObjectResult {
    manifest::ResourceKey key;
    ObjectOutcome outcome = ObjectOutcome::Skipped;
    std::optional<util::Error> error; // Failed: the API's reason and message
};

enum class HookOutcome {
    Succeeded, // a Job completed, a Pod succeeded, anything else was created
    Failed,    // it failed, could not be created, or did not finish in time
    WouldRun,  // a dry run: listed, not created
};

// What happened to one Argo CD hook during a Sync.
struct HookResult {
    manifest::ResourceKey key; // the name as created (generateName: the server's name)
    manifest::HookPhase phase = manifest::HookPhase::PreSync;
    HookOutcome outcome = HookOutcome::WouldRun;
    QString message; // why it failed, or what its delete policy did
};

// The outcome of Sync(env): per-object results, and whether the revision is now recorded
// as deployed (only when every object applied).
struct SyncResult {
    QString environment;
    QString cluster; // the client's cluster name (kubeconfig context), to name it in advice
    git::ObjectId revision;
    std::vector<ObjectResult> objects;
    std::vector<HookResult> hooks; // in the order they ran; never recorded in the inventory
    bool dryRunFailed = false;     // the server dry run refused something; nothing was applied
    bool recordedDeployed = false;
    bool dryRun = false;              // asked as a dry run: the server checked, nothing was stored or run
    std::optional<util::Error> error; // the first failure, or what stopped the sync

    bool succeeded() const { return !error && (recordedDeployed || dryRun); }
};

} // namespace syncline::reconcile

Q_DECLARE_METATYPE(syncline::reconcile::SyncResult)
