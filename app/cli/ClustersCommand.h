#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline clusters [--json]`: each environment's cluster (context, server) and whether
// it answers (a discovery call with a timeout), insecure warnings and exec plugins that
// wait for approval. `syncline clusters approve-exec ENV` (ApproveExecCommand) shows
// exactly what the environment's exec credential plugin runs and approves that.
// `syncline clusters trust ENV [--auto-sync] [--prune]` prints the environment's cluster
// (kubeconfig, context, server, CA fingerprint) and records the user's consent for this
// repository; the listing shows each environment's consent and never contacts a cluster
// that is not trusted.
class ClustersCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
