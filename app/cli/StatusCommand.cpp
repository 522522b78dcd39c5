#include "StatusCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "EngineSession.h"
#include "SnapshotText.h"
#include "WorkspaceContext.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>

namespace syncline::app {

int StatusCommand::runStatus(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Sync status, health and deployed revision of each environment."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per environment and line."));
    const QCommandLineOption yesOption = trustOption();
    parser.addOptions({repoOption, jsonOption, yesOption});
    parser.addPositionalArgument(QStringLiteral("environment"), QStringLiteral("Only these environments."),
                                 QStringLiteral("[ENV...]"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("status")))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    EngineSession session(*context);
    if (auto trusted = session.ensureConsent(parser.positionalArguments(), parser.isSet(yesOption)); !trusted) {
        std::fprintf(stderr, "syncline status: %s\n", qPrintable(trusted.error().toString()));
        return Cli::Failure;
    }
    auto snapshots = session.refresh(parser.positionalArguments());
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
        if (parser.isSet(jsonOption)) {
            out << QString::fromStdString(SnapshotText::toJson(*snapshot, false).dump()) << '\n';
            continue;
        }
        out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                   .arg(snapshot->environment, -12)
                   .arg(snapshot->cluster.name.isEmpty() ? QStringLiteral("-") : snapshot->cluster.name, -16)
                   .arg(health::syncStatusName(snapshot->sync), -10)
                   .arg(health::healthName(snapshot->health.health), -12)
                   .arg(snapshot->commitsBehind < 0 ? QStringLiteral("-") : QString::number(snapshot->commitsBehind), -7)
                   .arg(SnapshotText::deployedText(*snapshot));
        if (snapshot->cluster.insecure)
            out << "    warning: TLS verification is off for this cluster\n";
        for (const QString& warning : snapshot->warnings)
            out << "    warning: " << warning << '\n';
        if (snapshot->error)
            out << "    error: " << snapshot->error->toString() << '\n';
    }
    return anyError ? Cli::Failure : Cli::Ok;
}

int StatusCommand::runDiff(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("What differs between Git (desired) and the cluster (live) for one environment."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("The snapshot as one JSON object."));
    const QCommandLineOption yesOption = trustOption();
    parser.addOptions({repoOption, jsonOption, yesOption});
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
    EngineSession session(*context);
    if (auto trusted = session.ensureConsent(parser.positionalArguments(), parser.isSet(yesOption)); !trusted) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(trusted.error().toString()));
        return Cli::DiffFailed;
    }
    auto snapshots = session.refresh(parser.positionalArguments());
    if (!snapshots) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(snapshots.error().toString()));
        return snapshots.error().code == util::ErrorCode::NotFound ? Cli::Usage : Cli::DiffFailed;
    }
    const auto& snapshot = *snapshots->front();
    if (snapshot.error) {
        std::fprintf(stderr, "syncline diff: %s\n", qPrintable(snapshot.error->toString()));
        return Cli::DiffFailed;
    }
    QTextStream out(stdout);
    bool different = false;
    if (parser.isSet(jsonOption))
        out << QString::fromStdString(SnapshotText::toJson(snapshot, true).dump()) << '\n';
    for (const auto& resource : snapshot.resources) {
        if (resource.diff.state == diff::ResourceState::Same)
            continue;
        if (resource.diff.state == diff::ResourceState::Extra && !resource.owned)
            continue;
        different = true;
        if (parser.isSet(jsonOption))
            continue;
        out << diff::stateName(resource.diff.state) << ' ' << resource.diff.key.toString() << '\n';
        if (!resource.diff.unifiedDiff.isEmpty())
            out << resource.diff.unifiedDiff << (resource.diff.unifiedDiff.endsWith(QLatin1Char('\n')) ? "" : "\n");
    }
    if (!parser.isSet(jsonOption))
        out << QStringLiteral("%1 Modified · %2 Missing · %3 Extra · %4 Same\n")
                   .arg(snapshot.count(diff::ResourceState::Modified))
                   .arg(snapshot.count(diff::ResourceState::Missing))
                   .arg(snapshot.count(diff::ResourceState::Extra))
                   .arg(snapshot.count(diff::ResourceState::Same));
    return different ? Cli::Differences : Cli::Ok;
}

} // namespace syncline::app
