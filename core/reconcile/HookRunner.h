#pragma once

#include "kube/KubeClient.h"
#include "manifest/Hooks.h"
#include "manifest/ManifestObject.h"
#include "reconcile/SyncResult.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QDeadlineTimer>

#include <chrono>
#include <functional>
#include <vector>

namespace syncline::reconcile {

// How long and how often a wave of hooks is waited for.
struct HookTiming {
    std::chrono::milliseconds timeout{std::chrono::minutes(5)}; // per wave; then its unfinished hooks fail
    std::chrono::milliseconds pollInterval{std::chrono::seconds(1)};
    // Between two reads of hooks that have not finished. Empty: sleep `pollInterval`
    // (cancellable). Tests put the Job controller here instead of sleeping.
    std::function<void()> pause;
};

// Runs a sync's Argo CD hooks, one phase at a time, as Argo CD does: waves in order; in a
// wave every hook is created (a generateName by POST, a name by server-side apply after
// BeforeHookCreation deleted the previous one), then waited for — a Job until its Complete
// or Failed condition, a Pod until Succeeded or Failed, anything else is done once created
// — then deleted when its HookSucceeded/HookFailed policy says so. A failed wave ends the
// phase. Hooks never enter the inventory: nothing here records or prunes them.
class HookRunner {
public:
    HookRunner(kube::KubeClient& client, const util::CancellationToken& cancel, HookTiming timing);

    // The hooks, ready for the cluster (namespaced). The first bad annotation is the error,
    // before anything runs.
    util::Result<void> load(std::vector<manifest::ManifestObject> hooks);

    // Runs the phase's hooks, appending one result per hook; the first failure is the error.
    util::Result<void> run(manifest::HookPhase phase, std::vector<HookResult>& results);

    // A dry run: every hook of the phase, WouldRun; nothing is created.
    void list(manifest::HookPhase phase, std::vector<HookResult>& results) const;

private:
    struct Hook {
        manifest::ManifestObject object;
        manifest::HookSpec spec;
    };
    struct Started;

    std::vector<std::vector<const Hook*>> wavesOf(manifest::HookPhase phase) const;
    Started start(const Hook& hook, manifest::HookPhase phase);
    util::Result<void> deletePrevious(const manifest::ResourceKey& key);
    bool stillRunning(Started& hook);
    void awaitAll(std::vector<Started>& started);
    void applyDeletePolicy(Started& started);
    void pause(const QDeadlineTimer& deadline);

    kube::KubeClient& m_client;
    const util::CancellationToken& m_cancel;
    HookTiming m_timing;
    std::vector<Hook> m_hooks;
};

} // namespace syncline::reconcile
