#pragma once

#include "git/Repository.h"
#include "util/Result.h"
#include "workspace/WorkspaceLoader.h"

#include <QCommandLineOption>

#include <memory>
#include <vector>

namespace syncline::app {

// What the workspace commands (render, compare, environments) start from: the repository
// and its environment map, read from the branch tip like the window does.
struct WorkspaceContext {
    std::shared_ptr<const git::Repository> repository;
    workspace::Workspace workspace;

    static util::Result<WorkspaceContext> open(const QString& repositoryPath);
    // One application in one environment: `name` is a unit ("web-staging"), a version-1
    // environment, or an environment with `application` (or with one application only).
    // Errors list the ones there are and say to pick one with --app.
    util::Result<const workspace::Environment*> environment(const QString& name, const QString& application = {}) const;
    // Every application of environment `name` (only `application` when given); a unit's
    // or version-1 environment's name gives that one. Errors list the ones there are.
    util::Result<std::vector<const workspace::Environment*>> units(const QString& name, const QString& application = {}) const;
};

// --app APP: one application of the environments a command is given.
QCommandLineOption applicationOption();

// "prod" or "prod@HEAD~3": an environment and an optional revision.
struct EnvironmentAt {
    QString environment;
    QString revision;
    static EnvironmentAt parse(const QString& text);
};

} // namespace syncline::app
