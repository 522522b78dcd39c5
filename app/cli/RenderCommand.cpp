#include "RenderCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "WorkspaceContext.h"
#include "manifest/Hooks.h"
#include "manifest/YamlWriter.h"
#include "workspace/EnvironmentRenderer.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>

namespace syncline::app {

namespace {

// Prints one application's objects on stdout and what else rendering said on stderr; true
// when it rendered without errors.
bool printRendered(const workspace::RenderedEnvironment& rendered, const QString& label) {
    std::vector<nlohmann::ordered_json> bodies;
    bodies.reserve(rendered.result.objects.size());
    for (const auto& object : rendered.result.objects)
        bodies.push_back(object.body);
    if (!label.isEmpty())
        std::printf("# %s\n", qPrintable(label));
    const std::string yaml = manifest::writeYamlStream(bodies);
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
    std::fflush(stdout);
    const QString prefix =
        label.isEmpty() ? QStringLiteral("syncline render: ") : QStringLiteral("syncline render: %1: ").arg(label);
    for (const QString& warning : rendered.result.warnings)
        std::fprintf(stderr, "%swarning: %s\n", qPrintable(prefix), qPrintable(warning));
    // Hooks are not desired state: named here, left out of what is printed and compared.
    for (const manifest::ManifestObject& hook : rendered.result.hooks)
        std::fprintf(stderr, "%shook %s %s/%s (%s): run by Argo CD around a sync; not compared, not pruned\n", qPrintable(prefix),
                     qPrintable(manifest::hookPhases(hook.body)), qPrintable(hook.key.kind), qPrintable(hook.key.name),
                     qPrintable(hook.source.toString()));
    // Rendering is partial by design: what rendered is printed, each broken file named.
    for (const util::Error& error : rendered.result.errors)
        std::fprintf(stderr, "%s%s\n", qPrintable(prefix), qPrintable(error.toString()));
    return rendered.result.errors.empty();
}

} // namespace

int RenderCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print the rendered manifests of an environment's applications."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption envOption(QStringLiteral("env"), QStringLiteral("The environment to render."),
                                       QStringLiteral("ENV"));
    const QCommandLineOption revOption(QStringLiteral("rev"),
                                       QStringLiteral("Render at this revision (default: the tip of the environment's branch)."),
                                       QStringLiteral("REV"));
    const QCommandLineOption appOption = applicationOption();
    parser.addOptions({repoOption, envOption, revOption, appOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("render")))
        return *stop;
    if (!parser.isSet(envOption)) {
        std::fprintf(stderr, "syncline render: --env ENV is required\n");
        return Cli::Usage;
    }
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline render: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    auto units = context->units(parser.value(envOption), parser.value(appOption));
    if (!units) {
        std::fprintf(stderr, "syncline render: %s\n", qPrintable(units.error().toString()));
        return Cli::Usage;
    }
    // The applications render in parallel (helm at most once per distinct input), printed in order.
    workspace::EnvironmentRenderer renderer(context->repository);
    std::vector<workspace::Environment> wanted;
    for (const workspace::Environment* unit : *units)
        wanted.push_back(*unit);
    auto results = renderer.renderAll(wanted, parser.value(revOption));
    bool clean = true;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const workspace::Environment* unit = &wanted[i];
        const QString label =
            wanted.size() > 1 ? unit->environmentName() + QLatin1Char('/') + unit->applicationName() : QString();
        const auto& rendered = results[i];
        if (!rendered) {
            std::fprintf(stderr, "syncline render: %s%s\n", qPrintable(label.isEmpty() ? label : label + QStringLiteral(": ")),
                         qPrintable(rendered.error().toString()));
            clean = false;
            continue;
        }
        clean = printRendered(*rendered, label) && clean;
    }
    return clean ? Cli::Ok : Cli::Failure;
}

} // namespace syncline::app
