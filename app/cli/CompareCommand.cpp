#include "CompareCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "WorkspaceContext.h"
#include "diff/ResourceState.h"
#include "workspace/EnvironmentComparison.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

const char* changeName(diff::FieldChangeKind kind) {
    switch (kind) {
    case diff::FieldChangeKind::Added:
        return "added";
    case diff::FieldChangeKind::Removed:
        return "removed";
    case diff::FieldChangeKind::Changed:
        break;
    }
    return "changed";
}

nlohmann::ordered_json sideJson(const EnvironmentAt& side, const workspace::RenderedEnvironment& rendered) {
    return {{"environment", side.environment.toStdString()},
            {"revision", side.revision.isEmpty() ? std::string("tip") : side.revision.toStdString()},
            {"commit", rendered.commit.toHex().toStdString()},
            {"objects", rendered.result.objects.size()},
            {"errors", rendered.result.errors.size()}};
}

void printJson(const diff::DiffResult& result, const nlohmann::ordered_json& left, const nlohmann::ordered_json& right,
               bool showSame) {
    nlohmann::ordered_json counts;
    for (int s = 0; s < diff::kResourceStateCount; ++s)
        counts[diff::stateName(diff::ResourceState(s)).toLower().toStdString()] = result.count(diff::ResourceState(s));
    nlohmann::ordered_json resources = nlohmann::ordered_json::array();
    for (const diff::ResourceDiff& resource : result.resources) {
        if (resource.state == diff::ResourceState::Same && !showSame)
            continue;
        nlohmann::ordered_json changes = nlohmann::ordered_json::array();
        for (const diff::FieldChange& change : resource.changes)
            changes.push_back({{"path", change.path.toStdString()},
                               {"change", changeName(change.kind)},
                               {"left", change.left.toStdString()},
                               {"right", change.right.toStdString()}});
        resources.push_back({{"resource", resource.key.toString().toStdString()},
                             {"group", resource.key.group.toStdString()},
                             {"kind", resource.key.kind.toStdString()},
                             {"namespace", resource.key.namespaceName.toStdString()},
                             {"name", resource.key.name.toStdString()},
                             {"state", diff::stateName(resource.state).toLower().toStdString()},
                             {"changes", changes}});
    }
    const nlohmann::ordered_json document = {{"left", left}, {"right", right}, {"counts", counts}, {"resources", resources}};
    const std::string text = document.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
}

void printText(const diff::DiffResult& result, const QString& leftName, const QString& rightName, bool showSame) {
    QTextStream out(stdout);
    out << leftName << " vs " << rightName << ": " << result.count(diff::ResourceState::Modified) << " modified, "
        << result.count(diff::ResourceState::Missing) << " only in " << leftName << ", "
        << result.count(diff::ResourceState::Extra) << " only in " << rightName << ", " << result.count(diff::ResourceState::Same)
        << " same\n";
    for (const diff::ResourceDiff& resource : result.resources) {
        if (resource.state == diff::ResourceState::Same && !showSame)
            continue;
        out << '\n' << diff::stateName(resource.state).leftJustified(9) << resource.key.toString() << '\n';
        for (const diff::FieldChange& change : resource.changes)
            out << "    " << change.path << "  " << (change.left.isEmpty() ? QStringLiteral("-") : change.left) << " | "
                << (change.right.isEmpty() ? QStringLiteral("-") : change.right) << '\n';
    }
    for (const QString& warning : result.warnings)
        out << "warning: " << warning << '\n';
}

// "staging/web" and "prod/web" (with the revisions asked for).
QStringList labelsOf(const UnitPair& pair, const EnvironmentAt& leftSide, const EnvironmentAt& rightSide) {
    auto label = [](const workspace::Environment& unit, const EnvironmentAt& side) -> QString {
        return unit.environmentName() + QLatin1Char('/') + unit.applicationName() +
               (side.revision.isEmpty() ? QString() : QLatin1Char('@') + side.revision);
    };
    return {label(*pair.left, leftSide), label(*pair.right, rightSide)};
}

// Renders and compares pairs with the same options, printing each result.
struct CompareRun {
    const WorkspaceContext& context;
    EnvironmentAt leftSide, rightSide;
    workspace::CompareOptions options;
    bool json = false;
    bool showSame = false;

    int compare(const UnitPair& pair, const QStringList& labels) const {
        workspace::EnvironmentRenderer renderer(context.repository);
        auto left = renderer.render(*pair.left, leftSide.revision);
        auto right = renderer.render(*pair.right, rightSide.revision);
        for (const auto* result : {&left, &right})
            if (!*result) {
                std::fprintf(stderr, "syncline compare: %s\n", qPrintable(result->error().toString()));
                return result->error().code == util::ErrorCode::NotFound ? Cli::Usage : Cli::DiffFailed;
            }
        bool renderErrors = false;
        for (const auto* rendered : {&*left, &*right})
            for (const util::Error& error : rendered->result.errors) {
                std::fprintf(stderr, "syncline compare: %s: %s\n", qPrintable(rendered->environment),
                             qPrintable(error.toString()));
                renderErrors = true;
            }
        const diff::DiffResult result = workspace::compareRendered(*left, *pair.left, *right, *pair.right, options);
        if (json)
            printJson(result, sideJson(leftSide, *left), sideJson(rightSide, *right), showSame);
        else
            printText(result, labels.at(0), labels.at(1), showSame);
        if (renderErrors)
            return Cli::DiffFailed;
        const int differing = result.count(diff::ResourceState::Modified) + result.count(diff::ResourceState::Missing) +
                              result.count(diff::ResourceState::Extra);
        return differing > 0 ? Cli::Differences : Cli::Ok;
    }
};

} // namespace

int CompareCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Compare the rendered manifests of two environments, or of one environment at two revisions.\n"
                       "A and B are ENV or ENV@REVISION. Exit code: 0 same, 1 different, 2 bad input, 3 failure."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print one JSON document."));
    const QCommandLineOption keepNamespaceOption(
        QStringLiteral("keep-namespace"),
        QStringLiteral("Pair objects by namespace too (default for one environment at two revisions)."));
    const QCommandLineOption keepNamesOption(
        QStringLiteral("keep-env-names"),
        QStringLiteral("Report values that differ only by the environments' names (\"dev\" vs \"prod\")."));
    const QCommandLineOption sameOption(QStringLiteral("show-same"), QStringLiteral("List unchanged resources as well."));
    const QCommandLineOption appOption = applicationOption();
    parser.addOptions({repoOption, jsonOption, keepNamespaceOption, keepNamesOption, sameOption, appOption});
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("ENV[@REVISION], the target side"));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("ENV[@REVISION], the current side"));
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("compare")))
        return *stop;
    if (parser.positionalArguments().size() != 2) {
        std::fprintf(
            stderr,
            "syncline compare: give two sides, e.g. 'syncline compare staging prod' or 'syncline compare prod prod@HEAD~1'\n");
        return Cli::Usage;
    }
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline compare: %s\n", qPrintable(context.error().toString()));
        return Cli::Usage;
    }
    const EnvironmentAt leftSide = EnvironmentAt::parse(parser.positionalArguments().at(0));
    const EnvironmentAt rightSide = EnvironmentAt::parse(parser.positionalArguments().at(1));
    auto pairs = context->pairs(leftSide.environment, rightSide.environment, parser.value(appOption));
    if (!pairs) {
        std::fprintf(stderr, "syncline compare: %s\n", qPrintable(pairs.error().toString()));
        return Cli::Usage;
    }
    for (const QString& note : pairs->notes)
        std::fprintf(stderr, "syncline compare: %s\n", qPrintable(note));
    CompareRun run{*context, leftSide, rightSide};
    // Two environments differ in namespace and name by design, so pairing ignores both
    // unless asked; the same environment at two revisions keeps them.
    const bool twoEnvironments = leftSide.environment != rightSide.environment;
    run.options.ignoreNamespace = !parser.isSet(keepNamespaceOption) && twoEnvironments;
    run.options.ignoreEnvironmentNames = twoEnvironments && !parser.isSet(keepNamesOption);
    run.json = parser.isSet(jsonOption);
    run.showSame = parser.isSet(sameOption);
    int worst = Cli::Ok;
    for (const UnitPair& pair : pairs->pairs) {
        const bool applications = pairs->pairs.size() > 1 || context->workspace.config.hasApplications();
        const QStringList labels = applications
                                       ? labelsOf(pair, leftSide, rightSide)
                                       : QStringList{parser.positionalArguments().at(0), parser.positionalArguments().at(1)};
        const int code = run.compare(pair, labels);
        if (code == Cli::Usage)
            return code;
        worst = std::max(worst, code);
    }
    return worst;
}

} // namespace syncline::app
