#pragma once

#include "git/Repository.h"
#include "reconcile/ClusterConsentStore.h"
#include "workspace/WorkspaceLoader.h"

#include <QString>

#include <memory>

namespace syncline::test {

// The user's consent, given explicitly as `syncline clusters trust` would: every environment
// of the workspace at `path` trusted as its cluster is now, in the default consent store of
// this process; auto-sync and prune allowed where syncline.yaml asks for them when
// `allowAutomation`. Returns an empty string, or what failed.
inline QString trustWorkspace(const QString& path, bool allowAutomation = false) {
    auto repository = git::Repository::open(path);
    if (!repository)
        return repository.error().toString();
    auto loaded = workspace::WorkspaceLoader::open(std::make_shared<const git::Repository>(std::move(*repository)));
    if (!loaded)
        return loaded.error().toString();
    reconcile::ClusterConsentStore store;
    const QString key = reconcile::ClusterConsentStore::repositoryKeyOf(path);
    for (const auto& environment : loaded->config.environments) {
        const bool autoSync = allowAutomation && environment.sync.autoSync;
        if (auto trusted = store.trust(key, environment, path, autoSync, autoSync && environment.sync.prune); !trusted)
            return trusted.error().toString();
    }
    return {};
}

} // namespace syncline::test
