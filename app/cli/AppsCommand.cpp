#include "AppsCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "WorkspaceContext.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

QString why(const workspace::Workspace& workspace, const workspace::Environment& unit) {
    for (const auto& found : workspace.detection.environments)
        if (found.environment.name == unit.name)
            return found.why;
    return {};
}

nlohmann::ordered_json unitJson(const workspace::Workspace& workspace, const workspace::Environment& unit) {
    nlohmann::ordered_json dependsOn = nlohmann::ordered_json::array();
    for (const QString& name : unit.dependsOn)
        dependsOn.push_back(name.toStdString());
    return {
        {"environment", unit.environmentName().toStdString()},
        {"name", unit.name.toStdString()},
        {"branch", unit.branch.toStdString()},
        {"path", unit.path.toStdString()},
        {"renderer", workspace::rendererName(unit.renderer).toStdString()},
        {"namespace", unit.defaultNamespace.toStdString()},
        {"mode", workspace::modeName(unit.mode).toStdString()},
        {"dependsOn", dependsOn},
        {"why", why(workspace, unit).toStdString()},
    };
}

void printText(QTextStream& out, const workspace::Workspace& workspace, const QStringList& order) {
    out << QStringLiteral("APPLICATION").leftJustified(20) << ' ' << QStringLiteral("ENVIRONMENT").leftJustified(14) << ' '
        << QStringLiteral("PATH").leftJustified(34) << ' ' << QStringLiteral("RENDERER").leftJustified(10) << " MODE\n";
    for (const QString& application : workspace.config.applicationNames())
        for (const QString& environment : order)
            for (const workspace::Environment* unit : workspace.config.unitsOf(environment, application))
                out << application.leftJustified(20) << ' ' << environment.leftJustified(14) << ' '
                    << (unit->path.isEmpty() ? QStringLiteral(".") : unit->path).leftJustified(34) << ' '
                    << workspace::rendererName(unit->renderer).leftJustified(10) << ' ' << workspace::modeName(unit->mode)
                    << '\n';
}

} // namespace

int AppsCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the applications of a repository and the environments each runs in."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per application and line."));
    parser.addOptions({repoOption, jsonOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("apps")))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline apps: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    const workspace::Workspace& workspace = context->workspace;
    const QStringList order = context->environmentsInPromotionOrder();
    QTextStream out(stdout);
    if (!parser.isSet(jsonOption)) {
        if (workspace.detected)
            out << "# no syncline.yaml on " << workspace.branch << ": applications detected\n";
        printText(out, workspace, order);
        return Cli::Ok;
    }
    for (const QString& application : workspace.config.applicationNames()) {
        nlohmann::ordered_json environments = nlohmann::ordered_json::array();
        for (const QString& environment : order)
            for (const workspace::Environment* unit : workspace.config.unitsOf(environment, application))
                environments.push_back(unitJson(workspace, *unit));
        const nlohmann::ordered_json line = {
            {"application", application.toStdString()}, {"detected", workspace.detected}, {"environments", environments}};
        out << QString::fromStdString(line.dump()) << '\n';
    }
    return Cli::Ok;
}

} // namespace syncline::app
