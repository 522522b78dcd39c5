#include "SettingsCommand.h"

#include "Cli.h"
#include "CommandLine.h"
#include "workspace/UserDiffSettings.h"

#include <QSettings>
#include <QTextStream>

#include <nlohmann/json.hpp>

namespace syncline::app {

namespace {

nlohmann::ordered_json ruleJson(const workspace::IgnoreRule& rule) {
    nlohmann::ordered_json json{{"group", rule.group.toStdString()}, {"kind", rule.kind.toStdString()}};
    if (rule.name)
        json["name"] = rule.name->toStdString();
    if (rule.namespace_)
        json["namespace"] = rule.namespace_->toStdString();
    json["jsonPointers"] = nlohmann::ordered_json::array();
    for (const QString& pointer : rule.jsonPointers)
        json["jsonPointers"].push_back(pointer.toStdString());
    return json;
}

nlohmann::ordered_json settingsJson(const workspace::UserDiffSettings& diff, const QString& problem) {
    nlohmann::ordered_json rules = nlohmann::ordered_json::array();
    for (const workspace::IgnoreRule& rule : diff.ignoreRules)
        rules.push_back(ruleJson(rule));
    nlohmann::ordered_json json{{"file", QSettings().fileName().toStdString()},
                                {"diff", {{"hideUnchanged", diff.hideUnchanged}, {"ignoreRules", rules}}}};
    if (!problem.isEmpty())
        json["diff"]["ignoreRulesProblem"] = problem.toStdString();
    return json;
}

void printText(QTextStream& out, const workspace::UserDiffSettings& diff, const QString& problem) {
    out << "settings file: " << QSettings().fileName() << '\n';
    out << "hide unchanged: " << (diff.hideUnchanged ? "yes" : "no") << '\n';
    out << "ignore rules for every environment (" << diff.ignoreRules.size() << "):\n";
    if (!diff.ignoreRulesYaml.trimmed().isEmpty())
        for (const QString& line : diff.ignoreRulesYaml.split(QLatin1Char('\n')))
            out << "  " << line << '\n';
    if (!problem.isEmpty())
        out << "these rules are not applied until fixed (Settings ▸ Diff options):\n" << problem << '\n';
}

} // namespace

int SettingsCommand::run(const QStringList& args) {
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The options the command line shares with the window (Settings ▸ Diff options): ignore rules that "
                       "diff, status and compare apply to every environment on top of syncline.yaml's, and Hide unchanged."));
    parser.addHelpOption();
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print them as JSON."));
    parser.addOption(jsonOption);
    if (auto stop = parseCommandLine(parser, args, QStringLiteral("settings")))
        return *stop;
    const workspace::UserDiffSettings diff = workspace::UserDiffSettings::load();
    const auto parsed = workspace::UserDiffSettings::parseIgnoreRules(diff.ignoreRulesYaml);
    const QString problem = parsed ? QString() : parsed.error().message;
    QTextStream out(stdout);
    if (parser.isSet(jsonOption))
        out << QString::fromStdString(settingsJson(diff, problem).dump(2)) << '\n';
    else
        printText(out, diff, problem);
    return Cli::Ok;
}

} // namespace syncline::app
