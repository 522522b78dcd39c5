#include "SyncCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "EngineSession.h"
#include "SnapshotText.h"
#include "WorkspaceContext.h"
#include "reconcile/SyncResultText.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>

namespace syncline::app {

namespace {

// "apps/Deployment shop-dev/api", "Namespace shop-dev" or "ConfigMap shop-dev/web-flags".
std::optional<manifest::ResourceKey> parseKey(const QString& text) {
    const QStringList parts = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (parts.size() != 2)
        return std::nullopt;
    manifest::ResourceKey key;
    const qsizetype slash = parts[0].lastIndexOf(QLatin1Char('/'));
    key.group = slash < 0 ? QString() : parts[0].left(slash);
    key.kind = slash < 0 ? parts[0] : parts[0].mid(slash + 1);
    const QStringList where = parts[1].split(QLatin1Char('/'));
    if (where.size() == 2) {
        key.namespaceName = where[0];
        key.name = where[1];
    } else {
        key.name = where[0];
    }
    return key;
}

} // namespace

int SyncCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Apply an environment's desired state to its cluster."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption revisionOption(QStringLiteral("revision"),
                                            QStringLiteral("Deploy this revision instead of the target."), QStringLiteral("REV"));
    const QCommandLineOption pruneOption(QStringLiteral("prune"),
                                         QStringLiteral("Delete owned objects that are no longer desired."));
    const QCommandLineOption forceOption(QStringLiteral("force"), QStringLiteral("Take over fields other field managers own."));
    const QCommandLineOption onlyOption(QStringLiteral("only"),
                                        QStringLiteral("Only this object, as \"apps/Deployment shop-dev/api\" (repeatable)."),
                                        QStringLiteral("KEY"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          QStringLiteral("Let the server check everything and list the Argo CD hooks that would "
                                                         "run; change nothing."));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("The result as one JSON object."));
    const QCommandLineOption yesOption = trustOption();
    const QCommandLineOption appOption = applicationOption();
    parser.addOptions(
        {repoOption, revisionOption, pruneOption, forceOption, onlyOption, dryRunOption, jsonOption, yesOption, appOption});
    parser.addPositionalArgument(QStringLiteral("environment"), QStringLiteral("The environment."), QStringLiteral("ENV"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("sync")))
        return *stop;
    if (parser.positionalArguments().size() != 1) {
        std::fprintf(stderr, "syncline sync: name one environment\n");
        return Cli::Usage;
    }
    reconcile::SyncRequest request;
    request.environment = parser.positionalArguments().front();
    request.revision = parser.value(revisionOption);
    request.prune = parser.isSet(pruneOption);
    request.force = parser.isSet(forceOption);
    request.dryRun = parser.isSet(dryRunOption);
    for (const QString& text : parser.values(onlyOption)) {
        auto key = parseKey(text);
        if (!key) {
            std::fprintf(stderr, "syncline sync: --only wants \"[group/]Kind [namespace/]name\", not \"%s\"\n", qPrintable(text));
            return Cli::Usage;
        }
        request.only.push_back(*key);
    }
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline sync: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    auto units = context->unitNames({request.environment}, parser.value(appOption));
    if (!units) {
        std::fprintf(stderr, "syncline sync: %s\n", qPrintable(units.error().toString()));
        return Cli::Usage;
    }
    EngineSession session(*context);
    if (auto trusted = session.ensureConsent(*units, parser.isSet(yesOption)); !trusted) {
        std::fprintf(stderr, "syncline sync: %s\n", qPrintable(trusted.error().toString()));
        return Cli::Failure;
    }
    // Every application of the environment, those it depends on first; one stops the rest.
    QTextStream out(stdout);
    for (const QString& unit : context->workspace.config.dependencyOrder(*units)) {
        request.environment = unit;
        const reconcile::SyncResult result = session.sync(request);
        if (parser.isSet(jsonOption))
            out << QString::fromStdString(SnapshotText::toJson(result).dump()) << '\n';
        else
            out << reconcile::SyncResultText::report(result);
        out.flush();
        if (!result.succeeded())
            return Cli::Failure;
    }
    return Cli::Ok;
}

} // namespace syncline::app
