#include "WorkspaceContext.h"

#include <QStringList>

namespace syncline::app {

util::Result<WorkspaceContext> WorkspaceContext::open(const QString& repositoryPath) {
    auto repository = git::Repository::open(repositoryPath);
    if (!repository)
        return util::fail(repository.error());
    auto shared = std::make_shared<const git::Repository>(std::move(*repository));
    auto workspace = workspace::WorkspaceLoader::open(shared);
    if (!workspace)
        return util::fail(workspace.error());
    return WorkspaceContext{shared, std::move(*workspace)};
}

util::Result<const workspace::Environment*> WorkspaceContext::environment(const QString& name) const {
    QStringList names;
    for (const workspace::Environment& environment : workspace.config.environments) {
        if (environment.name == name)
            return &environment;
        names << environment.name;
    }
    return util::fail(util::ErrorCode::NotFound,
                      names.isEmpty()
                          ? QStringLiteral("no environments are defined or detected in this repository")
                          : QStringLiteral("no such environment (there are: %1)").arg(names.join(QStringLiteral(", "))),
                      name);
}

EnvironmentAt EnvironmentAt::parse(const QString& text) {
    const auto at = text.indexOf(QLatin1Char('@'));
    if (at < 0)
        return {text, {}};
    return {text.left(at), text.mid(at + 1)};
}

} // namespace syncline::app
