#include "WorkspaceContext.h"

#include "workspace/UserDiffSettings.h"

#include <QStringList>

#include <algorithm>

namespace syncline::app {

util::Result<WorkspaceContext> WorkspaceContext::open(const QString& repositoryPath) {
    auto repository = git::Repository::open(repositoryPath);
    if (!repository)
        return util::fail(repository.error());
    auto shared = std::make_shared<const git::Repository>(std::move(*repository));
    auto workspace = workspace::WorkspaceLoader::open(shared);
    if (!workspace)
        return util::fail(workspace.error());
    // The user's own ignore rules (Settings ▸ Diff options): the command line diffs as the window does.
    workspace::UserDiffSettings::load().applyTo(workspace->config);
    return WorkspaceContext{shared, std::move(*workspace)};
}

util::Result<std::vector<const workspace::Environment*>> WorkspaceContext::units(const QString& name,
                                                                                 const QString& application) const {
    const workspace::WorkspaceConfig& config = workspace.config;
    if (config.environments.empty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no environments are defined or detected in this repository"),
                          name);
    if (const workspace::Environment* unit = config.find(name); unit && !config.findPlace(name)) {
        if (!application.isEmpty() && unit->applicationName() != application)
            return util::fail(
                util::ErrorCode::NotFound,
                QStringLiteral("'%1' is application '%2', not '%3'").arg(name, unit->applicationName(), application), name);
        return std::vector<const workspace::Environment*>{unit};
    }
    if (!config.environmentNames().contains(name))
        return util::fail(
            util::ErrorCode::NotFound,
            QStringLiteral("no such environment (there are: %1)").arg(config.environmentNames().join(QStringLiteral(", "))),
            name);
    auto found = config.unitsOf(name, application);
    if (found.empty()) {
        QStringList there;
        for (const workspace::Environment* unit : config.unitsOf(name))
            there << unit->applicationName();
        return util::fail(util::ErrorCode::NotFound,
                          QStringLiteral("environment '%1' has no application '%2' (it has: %3)")
                              .arg(name, application, there.join(QStringLiteral(", "))),
                          name);
    }
    return found;
}

util::Result<const workspace::Environment*> WorkspaceContext::environment(const QString& name, const QString& application) const {
    auto found = units(name, application);
    if (!found)
        return util::fail(found.error());
    if (found->size() == 1)
        return found->front();
    QStringList applications;
    for (const workspace::Environment* unit : *found)
        applications << unit->applicationName();
    return util::fail(util::ErrorCode::InvalidArgument,
                      QStringLiteral("environment '%1' has %2 applications (%3): pick one with --app")
                          .arg(name)
                          .arg(found->size())
                          .arg(applications.join(QStringLiteral(", "))),
                      name);
}

util::Result<QStringList> WorkspaceContext::unitNames(const QStringList& names, const QString& application) const {
    QStringList wanted = names;
    if (wanted.isEmpty() && !application.isEmpty())
        wanted = workspace.config.environmentNames();
    QStringList out;
    for (const QString& name : wanted) {
        auto found = units(name, application);
        if (!found && !(names.isEmpty() && found.error().code == util::ErrorCode::NotFound))
            return util::fail(found.error());
        for (const workspace::Environment* unit : found ? *found : std::vector<const workspace::Environment*>{})
            if (!out.contains(unit->name))
                out << unit->name;
    }
    if (!wanted.isEmpty() && out.isEmpty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no environment runs application '%1'").arg(application),
                          application);
    return out;
}

util::Result<UnitPairs> WorkspaceContext::pairs(const QString& left, const QString& right, const QString& application) const {
    auto lefts = units(left, application);
    if (!lefts)
        return util::fail(lefts.error());
    auto rights = units(right, application);
    if (!rights)
        return util::fail(rights.error());
    if (lefts->size() == 1 && rights->size() == 1)
        return UnitPairs{{{lefts->front(), rights->front()}}, {}};
    auto find = [](const std::vector<const workspace::Environment*>& side, const QString& name) {
        auto it = std::find_if(side.begin(), side.end(),
                               [&](const workspace::Environment* unit) { return unit->applicationName() == name; });
        return it == side.end() ? nullptr : *it;
    };
    UnitPairs out;
    for (const workspace::Environment* unit : *lefts) {
        if (const workspace::Environment* match = find(*rights, unit->applicationName()))
            out.pairs.push_back({unit, match});
        else
            out.notes << QStringLiteral("%1 runs only in %2").arg(unit->applicationName(), left);
    }
    for (const workspace::Environment* unit : *rights)
        if (!find(*lefts, unit->applicationName()))
            out.notes << QStringLiteral("%1 runs only in %2").arg(unit->applicationName(), right);
    if (out.pairs.empty())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("%1 and %2 run no application in common").arg(left, right),
                          left);
    return out;
}

QStringList WorkspaceContext::environmentsInPromotionOrder() const {
    QStringList order = workspace.config.promotionOrder;
    for (const QString& name : workspace.config.environmentNames())
        if (!order.contains(name))
            order.append(name);
    return order;
}

QCommandLineOption applicationOption() {
    return QCommandLineOption(QStringLiteral("app"),
                              QStringLiteral("Only this application of the environment (default: all of them)."),
                              QStringLiteral("APP"));
}

EnvironmentAt EnvironmentAt::parse(const QString& text) {
    const auto at = text.indexOf(QLatin1Char('@'));
    if (at < 0)
        return {text, {}};
    return {text.left(at), text.mid(at + 1)};
}

} // namespace syncline::app
