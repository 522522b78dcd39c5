#pragma once

#include <QString>

namespace syncline::app {

struct WorkspaceContext;

// `syncline clusters approve-exec ENV [--yes]`: shows exactly what the environment's exec
// credential plugin would run (kube::ExecFingerprint: cluster, kubeconfig file, resolved
// program and its SHA-256, arguments, environment, working directory) and approves that
// value: after a question on the terminal, or with --yes. Without either nothing is
// approved (a script must say --yes after reading what it approves).
class ApproveExecCommand {
public:
    static int run(const WorkspaceContext& context, const QString& environment, bool yes);
};

} // namespace syncline::app
