#include "reconcile/ResourcePairing.h"

#include "diff/DiffEngine.h"
#include "health/HealthAssessor.h"
#include "workspace/EnvironmentComparison.h"

#include <unordered_map>

namespace syncline::reconcile {

namespace {

// A side's key equal to the pairing key shares its strings. The live side's own copies
// would otherwise stay allocated as long as the snapshot — 100,000 small blocks across a
// fleet, scattered through the heap each refresh's parse garbage is freed into.
void shareEqualKeys(diff::ResourceDiff& diff) {
    for (std::optional<manifest::ResourceKey>* side : {&diff.leftKey, &diff.rightKey}) {
        if (*side && **side == diff.key)
            **side = diff.key;
    }
}

} // namespace

void ResourcePairing::fill(const PairingInput& input, EnvironmentSnapshot& snapshot) {
    const auto& environment = *input.environment;
    // Health needs the raw live object: the diff's sides are normalized (status dropped).
    std::unordered_map<manifest::ResourceKey, health::HealthStatus> liveHealth;
    liveHealth.reserve(input.live->size());
    for (const auto& object : *input.live)
        liveHealth.emplace(object.key, health::assessHealth(object.body));

    diff::DiffOptions options;
    options.left.defaultNamespace = environment.defaultNamespace;
    options.right.defaultNamespace = environment.defaultNamespace;
    options.ignoreRules = workspace::ignoreRulesOf(environment);
    options.isClusterScoped = input.isClusterScoped;
    options.withUnifiedDiff = true;
    diff::DiffResult result = diff::DiffEngine::compare(*input.desired, *input.live, options);

    snapshot.resources.clear();
    snapshot.resources.reserve(result.resources.size());
    snapshot.counts = result.counts;
    bool outOfSync = false;
    std::vector<health::HealthStatus> desiredHealth;
    desiredHealth.reserve(result.resources.size());
    for (auto& resourceDiff : result.resources) {
        ResourceStatus status;
        const manifest::ResourceKey liveKey = resourceDiff.rightKey.value_or(resourceDiff.key);
        status.owned = input.owned.count(liveKey) > 0 || input.owned.count(resourceDiff.key) > 0;
        switch (resourceDiff.state) {
        case diff::ResourceState::Missing:
            status.health = health::missingHealth();
            outOfSync = true;
            break;
        case diff::ResourceState::Modified:
            outOfSync = true;
            [[fallthrough]];
        case diff::ResourceState::Same:
        case diff::ResourceState::Extra: {
            auto found = liveHealth.find(liveKey);
            status.health = found != liveHealth.end() ? found->second : health::HealthStatus{};
            break;
        }
        }
        if (resourceDiff.state == diff::ResourceState::Extra) {
            // Live objects the environment owns but no longer wants: prune candidates.
            outOfSync = outOfSync || status.owned;
        } else {
            health::HealthStatus labelled = status.health;
            if (!labelled.message.isEmpty())
                labelled.message = resourceDiff.key.toString() + QStringLiteral(": ") + labelled.message;
            desiredHealth.push_back(std::move(labelled));
        }
        shareEqualKeys(resourceDiff);
        status.diff = std::move(resourceDiff);
        snapshot.resources.push_back(std::move(status));
    }
    snapshot.sync = outOfSync ? health::SyncStatus::OutOfSync : health::SyncStatus::Synced;
    snapshot.health = health::worstStatus(desiredHealth);
}

} // namespace syncline::reconcile
