#include "ClustersCommand.h"

#include "ApproveExecCommand.h"
#include "Cli.h"
#include "CommandLine.h"
#include "WorkspaceContext.h"
#include "activity/ActivityLog.h"
#include "kube/ExecApprovals.h"
#include "kube/HttpKubeClient.h"
#include "reconcile/ClusterConsentStore.h"
#include "reconcile/ReconcileActivity.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <nlohmann/json.hpp>

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

// Whether the user trusts an environment's cluster for this repository (ClusterConsent).
struct ConsentReport {
    QString state; // trusted | not-trusted | changed | unknown (the kubeconfig cannot be read)
    std::optional<reconcile::ClusterConsent> current;
    std::optional<reconcile::ClusterConsent> recorded;
    QString message; // how to trust it, when it is not
};

ConsentReport consentOf(const workspace::Environment& environment, const QString& root, const QString& repository,
                        const reconcile::ClusterConsentStore& store) {
    ConsentReport report;
    report.recorded = store.recorded(repository, environment.name);
    auto current = reconcile::ClusterConsent::resolve(environment.cluster, root);
    if (!current) {
        report.state = QStringLiteral("unknown");
        return report;
    }
    report.current = *current;
    if (report.recorded && report.recorded->sameCluster(*current)) {
        report.state = QStringLiteral("trusted");
        return report;
    }
    report.state = report.recorded ? QStringLiteral("changed") : QStringLiteral("not-trusted");
    report.message = reconcile::ClusterConsent::required(environment.name, *current, report.recorded).message;
    return report;
}

// Prints exactly what is trusted for one application, then records it.
int trustOne(const WorkspaceContext& context, const workspace::Environment* unit, bool autoSync, bool prune) {
    const workspace::Environment& environment = *unit;
    const QString& name = unit->name;
    const QString root = context.repository->workDir();
    const QString repository = reconcile::ClusterConsentStore::repositoryKeyOf(root);
    reconcile::ClusterConsentStore store;
    auto consent = store.trust(repository, environment, root, autoSync, prune);
    if (!consent) {
        std::fprintf(stderr, "syncline clusters: %s\n", qPrintable(consent.error().toString()));
        return Cli::Failure;
    }
    activity::ActivityLog::record(reconcile::ReconcileActivity::consent(root, name, *consent));
    QTextStream out(stdout);
    out << "repository: " << repository << '\n' << "environment: " << name << '\n';
    for (const QString& line : consent->lines())
        out << line << '\n';
    const auto& policy = environment.sync;
    out << "auto-sync:  " << (autoSync ? "allowed" : "not allowed") << (policy.autoSync ? " (syncline.yaml asks for it)" : "")
        << '\n'
        << "prune:      " << (prune ? "allowed" : "not allowed") << (policy.prune ? " (syncline.yaml asks for it)" : "") << '\n'
        << "trusted: Syncline may now contact this cluster for this repository\n";
    return Cli::Ok;
}

// `syncline clusters trust ENV [--app APP] [--auto-sync] [--prune]`: each application of the
// environment (consent is kept per application, as its sync policy is).
int trust(const WorkspaceContext& context, const QString& name, const QString& application, bool autoSync, bool prune) {
    auto units = context.units(name, application);
    if (!units) {
        std::fprintf(stderr, "syncline clusters: %s\n", qPrintable(units.error().toString()));
        return Cli::Failure;
    }
    for (const workspace::Environment* unit : *units)
        if (const int exit = trustOne(context, unit, autoSync, prune); exit != Cli::Ok)
            return exit;
    return Cli::Ok;
}

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

// What `clusters` says of one environment: an untrusted cluster is described from the
// kubeconfig, never contacted.
ClusterReport reportOf(const workspace::Environment& environment, const QString& root, const ConsentReport& consent,
                       const std::shared_ptr<kube::ExecApprovals>& approvals, int timeoutMs) {
    if (consent.state == QLatin1String("trusted") || !consent.current)
        return check(environment, root, approvals, timeoutMs);
    ClusterReport report;
    report.environment = environment.name;
    report.context = consent.current->context;
    report.server = consent.current->server;
    report.status = QStringLiteral("untrusted");
    report.message = consent.message;
    return report;
}

// --json: one object per environment and line.
void printJson(QTextStream& out, const workspace::Environment& environment, const ClusterReport& report,
               const ConsentReport& consent) {
    const reconcile::ClusterConsent shown = consent.current.value_or(reconcile::ClusterConsent{});
    const bool trusted = consent.state == QLatin1String("trusted");
    const nlohmann::ordered_json consentFields = {
        {"consent", consent.state.toStdString()},
        {"kubeconfig", shown.kubeconfigFile.toStdString()},
        {"caFingerprint", shown.caFingerprint.toStdString()},
        {"allowAutoSync", trusted && consent.recorded->allowAutoSync},
        {"allowPrune", trusted && consent.recorded->allowPrune},
        {"autoSyncWanted", environment.sync.autoSync},
        {"pruneWanted", environment.sync.autoSync && environment.sync.prune},
    };
    nlohmann::ordered_json fields = {
        {"name", report.environment.toStdString()},        {"context", report.context.toStdString()},
        {"server", report.server.toStdString()},           {"status", report.status.toStdString()},
        {"message", report.message.toStdString()},         {"resourceTypes", report.resourceTypes},
        {"insecure", !report.insecureWarning.isEmpty()},   {"insecureWarning", report.insecureWarning.toStdString()},
        {"execCommand", report.execCommand.toStdString()}, {"execApproved", report.execApproved},
    };
    fields.update(consentFields);
    out << QString::fromStdString(fields.dump()) << '\n';
}

// A line per environment, then indented notes (why not reachable, warnings, consent).
void printText(QTextStream& out, const ClusterReport& report, const ConsentReport& consent) {
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
    if (consent.state == QLatin1String("trusted"))
        out << "    trusted for this repository; auto-sync " << (consent.recorded->allowAutoSync ? "allowed" : "not allowed")
            << ", prune " << (consent.recorded->allowPrune ? "allowed" : "not allowed") << '\n';
}

// `syncline clusters [--json]`: every environment's cluster. Exit 0 when all are reachable.
int listClusters(const WorkspaceContext& context, int timeoutMs, bool json) {
    auto approvals = std::make_shared<kube::SettingsExecApprovals>();
    const QString root = context.repository->workDir();
    QTextStream out(stdout);
    bool allReachable = true;
    const QString repository = reconcile::ClusterConsentStore::repositoryKeyOf(root);
    const reconcile::ClusterConsentStore store;
    for (const workspace::Environment& environment : context.workspace.config.environments) {
        const ConsentReport consent = consentOf(environment, root, repository, store);
        const ClusterReport report = reportOf(environment, root, consent, approvals, timeoutMs);
        allReachable = allReachable && report.status == QLatin1String("reachable");
        if (json)
            printJson(out, environment, report, consent);
        else
            printText(out, report, consent);
    }
    return allReachable ? Cli::Ok : Cli::Failure;
}

} // namespace

int ClustersCommand::run(const QStringList& args) {
    QCoreApplication::setOrganizationName(QStringLiteral("Syncline")); // the window's settings
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Each environment's cluster: context, server, reachable/auth status, insecure warnings, exec "
        "plugins waiting for approval. 'clusters approve-exec ENV' shows exactly what an exec plugin runs and "
        "approves it (asked on a terminal, or --yes). 'clusters trust ENV' records your consent for this repository to "
        "use the environment's cluster (kubeconfig, context, server, CA), with --auto-sync/--prune for the "
        "automation syncline.yaml asks for."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per environment and line."));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"), QStringLiteral("Per-cluster timeout in ms (default 5000)."),
                                           QStringLiteral("MS"), QStringLiteral("5000"));
    const QCommandLineOption yesOption(QStringLiteral("yes"),
                                       QStringLiteral("approve-exec: approve what is shown without asking."));
    const QCommandLineOption autoSyncOption(QStringLiteral("auto-sync"),
                                            QStringLiteral("With trust: also allow the auto-sync syncline.yaml asks for."));
    const QCommandLineOption pruneOption(QStringLiteral("prune"),
                                         QStringLiteral("With trust: also allow the prune syncline.yaml asks for."));
    const QCommandLineOption appOption = applicationOption();
    parser.addOptions({repoOption, jsonOption, timeoutOption, yesOption, autoSyncOption, pruneOption, appOption});
    parser.addPositionalArgument(QStringLiteral("approve-exec"), QStringLiteral("approve-exec ENV"),
                                 QStringLiteral("[approve-exec ENV]"));
    parser.addPositionalArgument(QStringLiteral("trust"), QStringLiteral("trust ENV [--auto-sync] [--prune]"),
                                 QStringLiteral("[trust ENV]"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("clusters")))
        return *stop;
    const QStringList positional = parser.positionalArguments();
    const bool trusting = !positional.isEmpty() && positional.first() == QLatin1String("trust");
    if (!positional.isEmpty() && ((positional.first() != QLatin1String("approve-exec") && !trusting) || positional.size() != 2)) {
        std::fprintf(stderr,
                     "syncline clusters: usage: syncline clusters [--json] | syncline clusters approve-exec ENV [--yes] | "
                     "syncline clusters trust ENV [--auto-sync] [--prune]\n");
        return Cli::Usage;
    }
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline clusters: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    if (trusting)
        return trust(*context, positional.at(1), parser.value(appOption), parser.isSet(autoSyncOption),
                     parser.isSet(pruneOption));
    if (!positional.isEmpty())
        return ApproveExecCommand::run(*context, positional.at(1), parser.isSet(yesOption));

    const int timeoutMs = std::max(100, parser.value(timeoutOption).toInt());
    return listClusters(*context, timeoutMs, parser.isSet(jsonOption));
}

} // namespace syncline::app
