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

int RenderCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Print an environment's rendered manifests."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption envOption(QStringLiteral("env"), QStringLiteral("The environment to render."),
                                       QStringLiteral("ENV"));
    const QCommandLineOption revOption(QStringLiteral("rev"),
                                       QStringLiteral("Render at this revision (default: the tip of the environment's branch)."),
                                       QStringLiteral("REV"));
    parser.addOptions({repoOption, envOption, revOption});
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
    auto environment = context->environment(parser.value(envOption));
    if (!environment) {
        std::fprintf(stderr, "syncline render: %s\n", qPrintable(environment.error().toString()));
        return Cli::Usage;
    }
    workspace::EnvironmentRenderer renderer(context->repository);
    auto rendered = renderer.render(**environment, parser.value(revOption));
    if (!rendered) {
        std::fprintf(stderr, "syncline render: %s\n", qPrintable(rendered.error().toString()));
        return Cli::Failure;
    }
    std::vector<nlohmann::ordered_json> bodies;
    bodies.reserve(rendered->result.objects.size());
    for (const auto& object : rendered->result.objects)
        bodies.push_back(object.body);
    const std::string yaml = manifest::writeYamlStream(bodies);
    std::fwrite(yaml.data(), 1, yaml.size(), stdout);
    std::fflush(stdout);
    for (const QString& warning : rendered->result.warnings)
        std::fprintf(stderr, "syncline render: warning: %s\n", qPrintable(warning));
    // Hooks are not desired state: named here, left out of what is printed and compared.
    for (const manifest::ManifestObject& hook : rendered->result.hooks)
        std::fprintf(stderr, "syncline render: hook %s %s/%s (%s): run by Argo CD around a sync; not compared, not pruned\n",
                     qPrintable(manifest::hookPhases(hook.body)), qPrintable(hook.key.kind), qPrintable(hook.key.name),
                     qPrintable(hook.source.toString()));
    // Rendering is partial by design: what rendered is printed, each broken file named.
    for (const util::Error& error : rendered->result.errors)
        std::fprintf(stderr, "syncline render: %s\n", qPrintable(error.toString()));
    return rendered->result.errors.empty() ? Cli::Ok : Cli::Failure;
}

} // namespace syncline::app
