#include "StatusCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "EngineSession.h"
#include "SnapshotText.h"
#include "WorkspaceContext.h"
#include "workspace/UserDiffSettings.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>
#include <map>

namespace syncline::app {

namespace {

// "staging/web" for an application of a version-2 workspace, the name otherwise.
QString unitLabel(const workspace::WorkspaceConfig& config, const workspace::Environment& unit) {
    return config.hasApplications() ? unit.environmentName() + QLatin1Char('/') + unit.applicationName() : unit.name;
}

// The snapshot's JSON with the environment and application it is about ("name": the unit).
nlohmann::json unitJson(const workspace::Environment& unit, nlohmann::json json) {
    json["name"] = unit.name.toStdString();
    json["environment"] = unit.environmentName().toStdString();
    json["application"] = unit.applicationName().toStdString();
    return json;
}

// Each object that differs, with its unified diff, and the counts; true when any differs.
bool printDifferences(QTextStream& out, const reconcile::EnvironmentSnapshot& snapshot, bool asText) {
    bool different = false;
    for (const auto& resource : snapshot.resources) {
        if (resource.diff.state == diff::ResourceState::Same)
            continue;
        if (resource.diff.state == diff::ResourceState::Extra && !resource.owned)
            continue;
        different = true;
        if (!asText)
            continue;
        out << diff::stateName(resource.diff.state) << ' ' << resource.diff.key.toString() << '\n';
        if (!resource.diff.unifiedDiff.isEmpty())
            out << resource.diff.unifiedDiff << (resource.diff.unifiedDiff.endsWith(QLatin1Char('\n')) ? "" : "\n");
    }
    if (asText)
        out << QStringLiteral("%1 Modified · %2 Missing · %3 Extra · %4 Same\n")
                   .arg(snapshot.count(diff::ResourceState::Modified))
                   .arg(snapshot.count(diff::ResourceState::Missing))
                   .arg(snapshot.count(diff::ResourceState::Extra))
                   .arg(snapshot.count(diff::ResourceState::Same));
    return different;
}

// One status line: "staging/web  devcluster  Synced  Healthy  0  1a2b3c4 summary".
QString statusLine(const workspace::WorkspaceConfig& config, const reconcile::EnvironmentSnapshot& snapshot) {
    const workspace::Environment* unit = config.find(snapshot.environment);
    return QStringLiteral("%1 %2 %3 %4 %5 %6")
        .arg(unit ? unitLabel(config, *unit) : snapshot.environment, -12)
        .arg(snapshot.cluster.name.isEmpty() ? QStringLiteral("-") : snapshot.cluster.name, -16)
        .arg(health::syncStatusName(snapshot.sync), -10)
        .arg(health::healthName(snapshot.health.health), -12)
        .arg(snapshot.commitsBehind < 0 ? QStringLiteral("-") : QString::number(snapshot.commitsBehind), -7)
        .arg(SnapshotText::deployedText(snapshot));
}

// `status --watch`: the engine watches every application's objects (and reads everything
// again every 30 s, as the window does); a line is printed when what a user sees of an
// application changes — sync status, health, deployed revision, or an error — like
// `kubectl get -w`.
int watch(const WorkspaceContext& context, const QStringList& units, bool json, bool yes) {
    EngineSession session(context, 30'000, true);
    if (auto trusted = session.ensureConsent(units, yes); !trusted) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(trusted.error().toString()));
        return Cli::Failure;
    }
    const workspace::WorkspaceConfig& config = context.workspace.config;
    std::map<QString, QString> shown; // unit -> what its last line said
    QTextStream out(stdout);
    QObject::connect(&session.engine(), &reconcile::ReconcileEngine::snapshotReady, [&](const reconcile::SnapshotPtr& snapshot) {
        if (!units.isEmpty() && !units.contains(snapshot->environment))
            return;
        const QString state = QStringLiteral("%1 %2 %3 %4")
                                  .arg(health::syncStatusName(snapshot->sync), health::healthName(snapshot->health.health),
                                       snapshot->deployed ? snapshot->deployed->commit.toHex() : QString(),
                                       snapshot->error ? snapshot->error->toString() : QString());
        if (shown[snapshot->environment] == state)
            return;
        shown[snapshot->environment] = state;
        const workspace::Environment* unit = config.find(snapshot->environment);
        if (json)
            out << QString::fromStdString(unitJson(*unit, SnapshotText::toJson(*snapshot, false)).dump()) << '\n';
        else
            out << statusLine(config, *snapshot)
                << (snapshot->error ? QStringLiteral("  error: ") + snapshot->error->toString() : QString())
                << (SnapshotText::credentialsAdvice(*snapshot).isEmpty()
                        ? QString()
                        : QStringLiteral("  what to do: ") + SnapshotText::credentialsAdvice(*snapshot))
                << '\n';
        out.flush();
    });
    session.engine().start();
    return QCoreApplication::exec();
}

} // namespace

int StatusCommand::runStatus(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sync status, health and deployed revision of each environment."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per environment and line."));
    const QCommandLineOption yesOption = trustOption();
    const QCommandLineOption appOption = applicationOption();
    const QCommandLineOption watchOption(
        QStringLiteral("watch"),
        QStringLiteral("Keep reading the clusters and print a line each time an application's sync status, health or "
                       "deployed revision changes, until interrupted."));
    parser.addOptions({repoOption, jsonOption, yesOption, appOption, watchOption});
    parser.addPositionalArgument(QStringLiteral("environment"), QStringLiteral("Only these environments."),
                                 QStringLiteral("[ENV...]"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("status")))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    auto units = context->unitNames(parser.positionalArguments(), parser.value(appOption));
    if (!units) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(units.error().toString()));
        return Cli::Usage;
    }
    if (parser.isSet(watchOption))
        return watch(*context, *units, parser.isSet(jsonOption), parser.isSet(yesOption));
    EngineSession session(*context);
    if (auto trusted = session.ensureConsent(*units, parser.isSet(yesOption)); !trusted) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(trusted.error().toString()));
        return Cli::Failure;
    }
    auto snapshots = session.refresh(*units);
    if (!snapshots) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(snapshots.error().toString()));
        return snapshots.error().code == util::ErrorCode::NotFound ? Cli::Usage : Cli::Failure;
    }
    QTextStream out(stdout);
    bool anyError = false;
    if (!parser.isSet(jsonOption))
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(QStringLiteral("ENVIRONMENT"), -12)
                   .arg(QStringLiteral("CLUSTER"), -16)
                   .arg(QStringLiteral("SYNC"), -10)
                   .arg(QStringLiteral("HEALTH"), -12)
                   .arg(QStringLiteral("BEHIND"), -7)
                   .arg(QStringLiteral("DEPLOYED"));
    for (const auto& snapshot : *snapshots) {
        anyError = anyError || snapshot->error.has_value();
        const workspace::Environment* unit = context->workspace.config.find(snapshot->environment);
        if (parser.isSet(jsonOption)) {
            out << QString::fromStdString(unitJson(*unit, SnapshotText::toJson(*snapshot, false)).dump()) << '\n';
            continue;
        }
        out << statusLine(context->workspace.config, *snapshot) << '\n';
        if (snapshot->cluster.insecure)
            out << "    warning: TLS verification is off for this cluster\n";
        for (const QString& warning : snapshot->warnings)
            out << "    warning: " << warning << '\n';
        if (snapshot->error)
            out << "    error: " << snapshot->error->toString() << '\n';
        if (const QString advice = SnapshotText::credentialsAdvice(*snapshot); !advice.isEmpty())
            out << "    what to do: " << advice << '\n';
    }
    return anyError ? Cli::Failure : Cli::Ok;
}

int StatusCommand::runDiff(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "What differs between Git (desired) and the cluster (live) for one environment (each of its applications)."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("The snapshot as one JSON object per application."));
    const QCommandLineOption yesOption = trustOption();
    const QCommandLineOption appOption = applicationOption();
    parser.addOptions({repoOption, jsonOption, yesOption, appOption});
    parser.addPositionalArgument(QStringLiteral("environment"), QStringLiteral("The environment."), QStringLiteral("ENV"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("diff")))
        return *stop;
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "syncline diff: name one environment\n");
        return Cli::Usage;
    }
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(context.error().toString()));
        return Cli::DiffFailed;
    }
    // A difference the user's own rules hide should not be a mystery: say they apply.
    if (const std::size_t own = workspace::UserDiffSettings::load().ignoreRules.size(); own > 0)
        std::fprintf(stderr, "syncline diff: %zu ignore rule(s) of your own apply too (`syncline settings` lists them)\n", own);
    auto units = context->unitNames(parser.positionalArguments(), parser.value(appOption));
    if (!units) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(units.error().toString()));
        return Cli::Usage;
    }
    EngineSession session(*context);
    if (auto trusted = session.ensureConsent(*units, parser.isSet(yesOption)); !trusted) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(trusted.error().toString()));
        return Cli::DiffFailed;
    }
    auto snapshots = session.refresh(*units);
    if (!snapshots) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(snapshots.error().toString()));
        return snapshots.error().code == util::ErrorCode::NotFound ? Cli::Usage : Cli::DiffFailed;
    }
    QTextStream out(stdout);
    bool different = false;
    for (const auto& snapshot : *snapshots) {
        if (snapshot->error) {
            std::fprintf(stderr, "syncline diff: %s: %s\n", qPrintable(snapshot->environment),
                         qPrintable(snapshot->error->toString()));
            return Cli::DiffFailed;
        }
        const workspace::Environment* unit = context->workspace.config.find(snapshot->environment);
        if (parser.isSet(jsonOption))
            out << QString::fromStdString(unitJson(*unit, SnapshotText::toJson(*snapshot, true)).dump()) << '\n';
        else if (snapshots->size() > 1)
            out << "# " << unitLabel(context->workspace.config, *unit) << '\n';
        different = printDifferences(out, *snapshot, !parser.isSet(jsonOption)) || different;
    }
    return different ? Cli::Differences : Cli::Ok;
}

} // namespace syncline::app
