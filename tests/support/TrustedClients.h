#pragma once

#include "kube/ExecApprovals.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/KubeconfigClientProvider.h"
#include "workspace/WorkspaceConfig.h"

#include <memory>

namespace syncline::test {

// The engine's real client provider for the repository at `repository`, with every
// environment of `config` trusted in `consent` first (as `syncline clusters trust` would)
// and exec plugins approved for this process only.
inline std::shared_ptr<reconcile::ClientProvider> trustedClients(const std::shared_ptr<reconcile::ClusterConsentStore>& consent,
                                                                 const QString& repository,
                                                                 const workspace::WorkspaceConfig& config) {
    const QString key = reconcile::ClusterConsentStore::repositoryKeyOf(repository);
    for (const auto& environment : config.environments)
        if (auto trusted = consent->trust(key, environment, repository, false, false); !trusted)
            qFatal("trust: %s", qPrintable(trusted.error().toString()));
    return std::make_shared<reconcile::KubeconfigClientProvider>(repository, std::make_shared<kube::InMemoryExecApprovals>(),
                                                                 consent);
}

} // namespace syncline::test
