#include "EnvironmentsCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "WorkspaceContext.h"
#include "kube/KubeconfigContexts.h"
#include "workspace/detect/DestinationContexts.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

// Which context an Argo CD destination is, asked on stdin (as the commit question is): a
// number from the list, or a context's name; empty keeps the current context.
std::optional<QString> askForContext(QTextStream& out, QTextStream& in, const workspace::Place& place, const QString& destination,
                                     const workspace::DestinationContexts::Match& match) {
    out << "Environment " << place.name << " deploys to the Argo CD destination " << destination << ": " << match.why << ".\n";
    for (qsizetype i = 0; i < match.candidates.size(); ++i)
        out << "  " << (i + 1) << ") " << match.candidates[i] << '\n';
    out << "Which kubeconfig context is it? [1-" << match.candidates.size() << ", empty: the current context] ";
    out.flush();
    const QString answer = in.readLine().trimmed();
    bool number = false;
    const int index = answer.toInt(&number);
    if (number && index >= 1 && index <= match.candidates.size())
        return match.candidates[index - 1];
    return answer.isEmpty() ? std::nullopt : std::optional<QString>(answer);
}

// Shows the file that would be committed, asks (unless --yes), then commits it on the
// branch it was detected from, without touching other files or uncommitted work. Argo CD
// destinations the kubeconfig does not pin to one context are asked about first (not with
// --yes: those keep the current context), so syncline.yaml names the context and the
// question never comes back.
int writeDetected(const WorkspaceContext& context, bool yes) {
    const auto& workspace = context.workspace;
    if (!workspace.detected) {
        std::fprintf(stderr, "syncline environments: %s already has a syncline.yaml; edit it instead\n",
                     qPrintable(workspace.branch));
        return Cli::Failure;
    }
    if (workspace.config.environments.empty()) {
        std::fprintf(stderr, "syncline environments: nothing was detected to write\n");
        return Cli::Failure;
    }
    QTextStream out(stdout);
    QTextStream in(stdin); // one reader for every answer: a second one would lose buffered lines
    workspace::EnvironmentDetection detection = workspace.detection;
    const QStringList undecided = workspace::DestinationContexts::resolve(
        detection, kube::KubeconfigContexts::read(),
        [&](const workspace::Place& place, const QString& destination, const workspace::DestinationContexts::Match& match) {
            return yes ? std::nullopt : askForContext(out, in, place, destination, match);
        });
    for (const QString& line : undecided)
        std::fprintf(stderr, "syncline environments: %s\n", qPrintable(line));
    const workspace::WorkspaceConfig config = detection.config();
    out << "# syncline.yaml to commit on " << workspace.branch << ":\n" << QString::fromUtf8(config.toYaml());
    out.flush();
    if (!yes) {
        out << "Commit it as \"" << workspace::WorkspaceLoader::commitMessage() << "\"? [y/N] ";
        out.flush();
        const QString answer = in.readLine().trimmed().toLower();
        if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
            out << "nothing written\n";
            return Cli::Failure;
        }
    }
    auto commit = workspace::WorkspaceLoader::writeDetectedConfig(*context.repository, workspace.branch, config, std::nullopt,
                                                                  workspace.tip);
    if (!commit) {
        std::fprintf(stderr, "syncline environments: %s\n", qPrintable(commit.error().toString()));
        return Cli::Failure;
    }
    out << "committed " << commit->shortHex() << " on " << workspace.branch << '\n';
    return Cli::Ok;
}

// Version 2: one line per environment (a place) with the applications that run there.
void printPlaces(QTextStream& out, const workspace::Workspace& workspace, bool json) {
    for (const workspace::Place& place : workspace.config.places) {
        QStringList applications;
        for (const workspace::Environment* unit : workspace.config.unitsOf(place.name))
            applications << unit->applicationName();
        if (json) {
            nlohmann::ordered_json names = nlohmann::ordered_json::array();
            for (const QString& name : applications)
                names.push_back(name.toStdString());
            const nlohmann::ordered_json line = {
                {"name", place.name.toStdString()},
                {"context", place.cluster.context.toStdString()},
                {"kubeconfig", place.cluster.kubeconfig.toStdString()},
                {"namespace", place.defaultNamespace.toStdString()},
                {"mode", workspace::modeName(place.mode).toStdString()},
                {"applications", names},
                {"detected", workspace.detected},
            };
            out << QString::fromStdString(line.dump()) << '\n';
            continue;
        }
        out << place.name.leftJustified(14) << ' '
            << (place.cluster.context.isEmpty() ? QStringLiteral("(current context)") : place.cluster.context).leftJustified(18)
            << ' ' << workspace::modeName(place.mode).leftJustified(7) << ' '
            << (applications.size() == 1 ? QStringLiteral("1 application")
                                         : QStringLiteral("%1 applications").arg(applications.size()))
            << ": " << applications.join(QStringLiteral(", ")) << '\n';
    }
}

} // namespace

int EnvironmentsCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the environments of a repository (syncline.yaml, or detected)."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON object per environment and line."));
    const QCommandLineOption writeOption(QStringLiteral("write"),
                                         QStringLiteral("Commit the detected environments as syncline.yaml (asks first)."));
    const QCommandLineOption yesOption(QStringLiteral("yes"), QStringLiteral("With --write: do not ask."));
    parser.addOptions({repoOption, jsonOption, writeOption, yesOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("environments")))
        return *stop;
    auto context = WorkspaceContext::open(parser.value(repoOption));
    if (!context) {
        std::fprintf(stderr, "syncline environments: %s\n", qPrintable(context.error().toString()));
        return Cli::Failure;
    }
    const auto& workspace = context->workspace;
    QTextStream out(stdout);
    if (parser.isSet(writeOption))
        return writeDetected(*context, parser.isSet(yesOption));
    if (!parser.isSet(jsonOption) && workspace.detected)
        out << "# no syncline.yaml on " << workspace.branch << ": environments detected\n";
    if (workspace.config.hasApplications())
        printPlaces(out, workspace, parser.isSet(jsonOption));
    for (const workspace::Environment& environment : workspace.config.environments) {
        if (workspace.config.hasApplications())
            break; // listed by environment above; `syncline apps` lists each application
        QString why;
        for (const auto& found : workspace.detection.environments)
            if (found.environment.name == environment.name)
                why = found.why;
        if (parser.isSet(jsonOption)) {
            const nlohmann::ordered_json line = {
                {"name", environment.name.toStdString()},
                {"branch", environment.branch.toStdString()},
                {"path", environment.path.toStdString()},
                {"renderer", workspace::rendererName(environment.renderer).toStdString()},
                {"namespace", environment.defaultNamespace.toStdString()},
                {"mode", workspace::modeName(environment.mode).toStdString()},
                {"detected", workspace.detected},
                {"why", why.toStdString()},
            };
            out << QString::fromStdString(line.dump()) << '\n';
        } else {
            out << environment.name.leftJustified(12) << ' '
                << (environment.path.isEmpty() ? QStringLiteral(".") : environment.path).leftJustified(28) << ' '
                << workspace::rendererName(environment.renderer).leftJustified(10) << ' '
                << workspace::modeName(environment.mode);
            if (!why.isEmpty())
                out << "   (" << why << ')';
            out << '\n';
        }
    }
    if (!parser.isSet(jsonOption) && !workspace.config.promotionOrder.isEmpty())
        out << "promotion: " << workspace.config.promotionOrder.join(QStringLiteral(" -> ")) << '\n';
    return Cli::Ok;
}

} // namespace syncline::app
