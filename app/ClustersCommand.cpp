#include "ClustersCommand.h"

#include "ApproveExecCommand.h"
#include "Cli.h"
#include "CommandLine.h"
#include "WorkspaceContext.h"

#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace syncline::app {

namespace {

struct ClusterReport {
    QString environment;
    QString context;
    QString server;
    QString status; // reachable | unreachable | unauthorized | forbidden | timeout | needs-approval | config-error
    QString message;
    int resourceTypes = 0;
    QString insecureWarning;
    QString execCommand;
    bool execApproved = false;
};

QString statusFor(util::ErrorCode code) {
    switch (code) {
    case util::ErrorCode::Auth:
        return QStringLiteral("unauthorized");
    case util::ErrorCode::Forbidden:
        return QStringLiteral("forbidden");
    case util::ErrorCode::Timeout:
        return QStringLiteral("timeout");
    default:
        break;
    }
    return QStringLiteral("unreachable");
}

ClusterReport check(const workspace::Environment& environment, const QString& root,
                    const std::shared_ptr<kube::ExecApprovals>& approvals, int timeoutMs) {
    ClusterReport report;
    report.environment = environment.name;
    auto connection = kube::ClusterConnection::resolve(environment.cluster, root);
    if (!connection) {
        report.context = environment.cluster.context;
        report.status = QStringLiteral("config-error");
        report.message = connection.error().toString();
        return report;
    }
    report.context = connection->contextName;
    report.server = connection->server.toString();
    kube::HttpClientOptions options;
    options.requestTimeout = std::chrono::milliseconds(timeoutMs);
    options.maxAttempts = 1;
    kube::HttpKubeClient client(*connection, approvals, options);
    report.insecureWarning = client.insecureWarning();
    if (connection->exec) {
        report.execCommand = connection->exec->commandLine();
        report.execApproved = client.execCommandNeedingApproval().isEmpty();
        if (!report.execApproved) {
            report.status = QStringLiteral("needs-approval");
            report.message = QStringLiteral("exec credential plugin not approved; run: syncline clusters approve-exec %1")
                                 .arg(environment.name);
            return report;
        }
    }
    auto resources = client.discover({});
    if (!resources) {
        report.status = statusFor(resources.error().code);
        report.message = resources.error().message;
        return report;
    }
    report.status = QStringLiteral("reachable");
    report.resourceTypes = int(resources->size());
    return report;
}

} // namespace

int ClustersCommand::run(const QStringList& args) {
    QCoreApplication::setOrganizationName(QStringLiteral("Syncline")); // the window's settings
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Each environment's cluster: context, server, reachable/auth status, insecure warnings, exec "
                       "plugins waiting for approval. 'clusters approve-exec ENV' shows exactly what an exec plugin runs and "
                       "approves it (asked on a terminal, or --yes)."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per environment and line."));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"), QStringLiteral("Per-cluster timeout in ms (default 5000)."),
                                           QStringLiteral("MS"), QStringLiteral("5000"));
    const QCommandLineOption yesOption(QStringLiteral("yes"),
                                       QStringLiteral("approve-exec: approve what is shown without asking."));
    parser.addOptions({repoOption, jsonOption, timeoutOption, yesOption});
    parser.addPositionalArgument(QStringLiteral("approve-exec"), QStringLiteral("approve-exec ENV"), QStringLiteral("[approve-exec ENV]"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("clusters")))
        return *stop;
    const QStringList positional = parser.positionalArguments();
    if (!positional.isEmpty() && (positional.first() != QLatin1String("approve-exec") || positional.size() != 2)) {
        std::fprintf(stderr, "syncline clusters: usage: syncline clusters [--json] | syncline clusters approve-exec ENV [--yes]\n");
        return Cli::Usage;
    }
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline clusters: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    if (!positional.isEmpty())
        return ApproveExecCommand::run(*context, positional.at(1), parser.isSet(yesOption));

    const int timeoutMs = std::max(100, parser.value(timeoutOption).toInt());
    auto approvals = std::make_shared<kube::SettingsExecApprovals>();
    const QString root = context->repository->workDir();
    QTextStream out(stdout);
    bool allReachable = true;
    for (const workspace::Environment& environment : context->workspace.config.environments) {
        const ClusterReport report = check(environment, root, approvals, timeoutMs);
        allReachable = allReachable && report.status == QLatin1String("reachable");
        if (parser.isSet(jsonOption)) {
            nlohmann::ordered_json line = {
                {"name", report.environment.toStdString()},
                {"context", report.context.toStdString()},
                {"server", report.server.toStdString()},
                {"status", report.status.toStdString()},
                {"message", report.message.toStdString()},
                {"resourceTypes", report.resourceTypes},
                {"insecure", !report.insecureWarning.isEmpty()},
                {"insecureWarning", report.insecureWarning.toStdString()},
                {"execCommand", report.execCommand.toStdString()},
                {"execApproved", report.execApproved},
            };
            out << QString::fromStdString(line.dump()) << '\n';
            continue;
        }
        out << report.environment.leftJustified(12) << ' ' << report.context.leftJustified(16) << ' '
            << report.server.leftJustified(30) << ' ' << report.status;
        if (report.status == QLatin1String("reachable"))
            out << " (" << report.resourceTypes << " resource types)";
        out << '\n';
        if (!report.message.isEmpty())
            out << "    " << report.message << '\n';
        if (!report.insecureWarning.isEmpty())
            out << "    WARNING: " << report.insecureWarning << '\n';
        if (!report.execCommand.isEmpty() && !report.execApproved)
            out << "    exec plugin awaiting approval: " << report.execCommand << '\n';
    }
    return allReachable ? Cli::Ok : Cli::Failure;
}

} // namespace syncline::app
