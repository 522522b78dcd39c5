#include "DetectCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "git/Repository.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "workspace/detect/ApplicationDetector.h"
#include "workspace/detect/HelmChartRendering.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

using Json = nlohmann::ordered_json;

struct Detected {
    QString branch;
    workspace::DetectionResult result;
};

util::Result<Detected> detectAtHead(const QString& repositoryPath) {
    auto opened = git::Repository::open(repositoryPath);
    if (!opened)
        return util::fail(opened.error());
    auto repository = std::make_shared<const git::Repository>(std::move(*opened));
    auto head = repository->head();
    if (!head)
        return util::fail(head.error());
    if (head->detached || head->unborn)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("HEAD is not on a branch with commits"),
                          repository->workDir());
    auto tip = repository->resolveCommit(QStringLiteral("refs/heads/") + head->branch);
    if (!tip)
        return util::fail(tip.error());
    auto snapshot = git::TreeSnapshot::atCommit(repository, *tip);
    if (!snapshot)
        return util::fail(snapshot.error());
    const manifest::GitTreeFileSource files(std::move(*snapshot));
    return Detected{head->branch, workspace::ApplicationDetector::detect(
                                      files, workspace::DetectorOptions{.currentBranch = head->branch,
                                                                        .renderChart = workspace::helmChartRenderer()})};
}

Json helmJson(const manifest::HelmSource& helm) {
    Json parameters = Json::array();
    for (const auto& [name, value] : helm.parameters)
        parameters.push_back({{"name", name.toStdString()}, {"value", value.toStdString()}});
    Json valueFiles = Json::array();
    for (const QString& file : helm.valueFiles)
        valueFiles.push_back(file.toStdString());
    Json json = {{"chartPath", helm.chartPath.toStdString()},  {"releaseName", helm.releaseName.toStdString()},
                 {"namespace", helm.namespace_.toStdString()}, {"valueFiles", valueFiles},
                 {"values", helm.values.toStdString()},        {"parameters", parameters}};
    if (helm.remoteChart) // a chart from a Helm or OCI repository, pulled once the user allows its host
        json["chartRepository"] = {{"url", helm.remoteChart->repositoryUrl.toStdString()},
                                   {"chart", helm.remoteChart->chart.toStdString()},
                                   {"version", helm.remoteChart->version.toStdString()}};
    return json;
}

Json applicationJson(const workspace::DetectedApplication& app) {
    Json dependsOn = Json::array();
    for (const QString& name : app.dependsOn)
        dependsOn.push_back(name.toStdString());
    Json substitutions = Json::object();
    for (const auto& [key, value] : app.substitutions)
        substitutions[key.toStdString()] = value.toStdString();
    const QString agent = app.mode == workspace::Mode::ArgoCD ? app.argocd.application
                          : app.mode == workspace::Mode::Flux ? app.flux.kustomization
                                                              : QString();
    return {{"application", app.application.toStdString()},
            {"environment", app.environment.toStdString()},
            {"branch", app.branch.toStdString()},
            {"path", app.path.toStdString()},
            {"renderer", workspace::rendererName(app.renderer).toStdString()},
            {"helm", app.helm ? helmJson(*app.helm) : Json()},
            {"namespace", app.defaultNamespace.toStdString()},
            {"mode", workspace::modeName(app.mode).toStdString()},
            {"agent", agent.toStdString()},
            {"cluster", app.clusterHint.toStdString()},
            {"dependsOn", dependsOn},
            {"substitutions", substitutions},
            {"sync", {{"auto", app.sync.autoSync}, {"prune", app.sync.prune}, {"selfHeal", app.sync.selfHeal}}},
            {"why", app.reason.toStdString()}};
}

void printJson(const Detected& detected, QTextStream& out) {
    Json applications = Json::array();
    for (const workspace::DetectedApplication& app : detected.result.applications)
        applications.push_back(applicationJson(app));
    Json unrecognized = Json::array();
    for (const workspace::UnrecognizedSource& source : detected.result.unrecognized)
        unrecognized.push_back({{"what", source.what.toStdString()},
                                {"where", source.where.toStdString()},
                                {"reason", source.reason.toStdString()}});
    const Json document = {
        {"branch", detected.branch.toStdString()}, {"applications", applications}, {"unrecognized", unrecognized}};
    out << QString::fromStdString(document.dump(2)) << '\n';
}

void printTable(const Detected& detected, QTextStream& out) {
    const auto& apps = detected.result.applications;
    qsizetype widthApp = 11, widthEnv = 11, widthPath = 4;
    for (const workspace::DetectedApplication& app : apps) {
        widthApp = std::max(widthApp, app.application.size());
        widthEnv = std::max(widthEnv, app.environment.size());
        widthPath = std::max(widthPath, app.path.size());
    }
    out << "# applications on " << detected.branch << " as Argo CD and Flux read them\n";
    out << QStringLiteral("APPLICATION").leftJustified(widthApp) << "  " << QStringLiteral("ENVIRONMENT").leftJustified(widthEnv)
        << "  " << QStringLiteral("PATH").leftJustified(widthPath) << "  RENDERER   MODE    WHY\n";
    for (const workspace::DetectedApplication& app : apps)
        out << app.application.leftJustified(widthApp) << "  " << app.environment.leftJustified(widthEnv) << "  "
            << (app.path.isEmpty() ? QStringLiteral(".") : app.path).leftJustified(widthPath) << "  "
            << workspace::rendererName(app.renderer).leftJustified(9) << "  " << workspace::modeName(app.mode).leftJustified(6)
            << "  " << app.reason << '\n';
    if (apps.empty())
        out << "(no applications found)\n";
    if (!detected.result.unrecognized.empty()) {
        out << "\nnot understood (" << detected.result.unrecognized.size() << "):\n";
        for (const workspace::UnrecognizedSource& source : detected.result.unrecognized)
            out << "  " << source.where << ": " << source.what << ": " << source.reason << '\n';
    }
}

} // namespace

int DetectCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the applications Argo CD and Flux would find in the repository."));
    parser.addHelpOption();
    const QCommandLineOption repoOption = repositoryOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("One JSON document: applications, unrecognized."));
    parser.addOptions({repoOption, jsonOption});
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("detect")))
        return *stop;
    auto detected = detectAtHead(parser.value(repoOption));
    if (!detected) {
        std::fprintf(stderr, "syncline detect: %s\n", qPrintable(detected.error().toString()));
        return Cli::Failure;
    }
    QTextStream out(stdout);
    if (parser.isSet(jsonOption))
        printJson(*detected, out);
    else
        printTable(*detected, out);
    return Cli::Ok;
}

} // namespace syncline::app
