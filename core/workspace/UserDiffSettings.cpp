#include "UserDiffSettings.h"

#include "workspace/WorkspaceConfig.h"

#include <QSettings>
#include <QStringList>

#include <algorithm>

namespace syncline::workspace {

namespace {

const QString kRulesKey = QStringLiteral("diff/ignoreRules");
const QString kHideUnchangedKey = QStringLiteral("diff/hideUnchanged");

// The rules are parsed as the `ignore:` of a one-environment syncline.yaml, so they follow
// exactly the file's rules and checks; these lines come before the user's text.
const QString kWrapperHead = QStringLiteral("version: 1\nenvironments:\n  - name: user\n    path: .\n    ignore:\n");
constexpr int kWrapperLines = 5;
constexpr int kIndent = 6;

QString wrapped(const QString& yaml) {
    QStringList lines = yaml.split(QLatin1Char('\n'));
    for (QString& line : lines)
        line.prepend(QString(kIndent, QLatin1Char(' ')));
    return kWrapperHead + lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

// A problem's place in the user's text, not in the wrapper.
QString located(const ConfigProblem& problem) {
    const int line = std::max(1, problem.line - kWrapperLines);
    const int column = std::max(1, problem.column - kIndent);
    return QStringLiteral("%1:%2: %3").arg(line).arg(column).arg(problem.message);
}

} // namespace

util::Result<std::vector<IgnoreRule>> UserDiffSettings::parseIgnoreRules(const QString& yaml) {
    if (yaml.trimmed().isEmpty())
        return std::vector<IgnoreRule>{};
    const QString where = QStringLiteral("diff ignore rules");
    if (yaml.size() > kMaxRulesBytes)
        return util::fail(util::ErrorCode::InvalidArgument,
                          QStringLiteral("the rules are %1 characters; at most %2 are read").arg(yaml.size()).arg(kMaxRulesBytes),
                          where);
    std::vector<ConfigProblem> problems;
    auto config = WorkspaceConfig::parse(wrapped(yaml).toStdString(), where, &problems);
    if (!config) {
        QStringList lines;
        for (const ConfigProblem& problem : problems)
            lines << located(problem);
        return util::fail(util::ErrorCode::InvalidArgument, lines.join(QLatin1Char('\n')), where);
    }
    return config->environments.front().ignore;
}

UserDiffSettings UserDiffSettings::load() {
    const QSettings settings;
    UserDiffSettings loaded;
    loaded.ignoreRulesYaml = settings.value(kRulesKey).toString().left(kMaxRulesBytes);
    loaded.hideUnchanged = settings.value(kHideUnchangedKey, loaded.hideUnchanged).toBool();
    if (auto rules = parseIgnoreRules(loaded.ignoreRulesYaml))
        loaded.ignoreRules = std::move(*rules);
    return loaded;
}

void UserDiffSettings::save() const {
    QSettings settings;
    settings.setValue(kRulesKey, ignoreRulesYaml);
    settings.setValue(kHideUnchangedKey, hideUnchanged);
}

void UserDiffSettings::applyTo(WorkspaceConfig& config) const {
    for (Environment& environment : config.environments)
        environment.ignore.insert(environment.ignore.end(), ignoreRules.begin(), ignoreRules.end());
}

} // namespace syncline::workspace
