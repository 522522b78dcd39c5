#pragma once

#include "WorkspaceContext.h"
#include "reconcile/ClusterConsentStore.h"
#include "util/Result.h"

#include <QStringList>

namespace syncline::app {

// Before a command-line engine contacts a cluster on the repository's behalf: each named
// environment whose cluster (kubeconfig, context, server, CA) is not trusted for this
// repository yet is trusted with --yes (printed on stderr, so --json stays clean), asked
// about on the terminal when stdin is one (y/N, default no), and otherwise refused with
// ConsentRequired and the message that says how to trust it. Never allows auto-sync or
// prune: that is `syncline clusters trust ENV --auto-sync --prune`.
class TerminalClusterConsent {
public:
    // `environments` empty: every environment of the workspace. An environment whose
    // kubeconfig cannot be read is left to the engine, which reports that error.
    static util::Result<void> ensure(const WorkspaceContext& context, reconcile::ClusterConsentStore& store,
                                     const QStringList& environments, bool yes);
};

} // namespace syncline::app
