#include "ApproveExecCommand.h"

#include "Cli.h"
#include "Terminal.h"
#include "WorkspaceContext.h"
#include "kube/ClusterConnection.h"
#include "kube/ExecApprovals.h"

#include <QTextStream>

#include <cstdio>

namespace syncline::app {

namespace {

int failWith(const QString& message) {
    std::fprintf(stderr, "syncline clusters: %s\n", qPrintable(message));
    return Cli::Failure;
}

QString indented(const QString& text) {
    return QStringLiteral("  ") + QString(text).replace(QLatin1Char('\n'), QStringLiteral("\n  "));
}

// The terminal's answer, or --yes. No terminal and no --yes: not approved.
bool confirmed(bool yes, QTextStream& out) {
    if (yes)
        return true;
    out.flush();
    auto terminal = Terminal::open();
    return terminal && terminal->confirm(QStringLiteral("Allow exactly this to run for this cluster?"));
}

} // namespace

int ApproveExecCommand::run(const WorkspaceContext& context, const QString& name, bool yes) {
    auto environment = context.environment(name);
    if (!environment)
        return failWith(environment.error().toString());
    auto connection = kube::ClusterConnection::resolve((*environment)->cluster, context.repository->workDir());
    if (!connection)
        return failWith(connection.error().toString());
    if (!connection->exec)
        return failWith(
            QStringLiteral("the cluster of %1 (context %2) uses no exec credential plugin").arg(name, connection->contextName));
    auto fingerprint = kube::ExecFingerprint::of(*connection->exec, connection->clusterKey());
    if (!fingerprint)
        return failWith(fingerprint.error().toString());

    kube::SettingsExecApprovals approvals;
    QTextStream out(stdout);
    out << "The exec credential plugin of " << name << " runs exactly this:\n" << indented(fingerprint->toText()) << '\n';
    if (approvals.isApproved(*fingerprint)) {
        out << "already approved: nothing changed\n";
        return Cli::Ok;
    }
    if (!confirmed(yes, out)) {
        out.flush();
        return failWith(yes || Terminal::interactive()
                            ? QStringLiteral("not approved: nothing changed")
                            : QStringLiteral("not approved: read the above, then run again with --yes to approve it"));
    }
    approvals.approve(*fingerprint);
    out << "approved: exactly this may now run to get credentials for this cluster; any change to it asks again\n";
    return Cli::Ok;
}

} // namespace syncline::app
