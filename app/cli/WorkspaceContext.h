#pragma once

#include "git/Repository.h"
#include "util/Result.h"
#include "workspace/WorkspaceLoader.h"

#include <memory>

namespace syncline::app {

// What the workspace commands (render, compare, environments) start from: the repository
// and its environment map, read from the branch tip like the window does.
struct WorkspaceContext {
    std::shared_ptr<const git::Repository> repository;
    workspace::Workspace workspace;

    static util::Result<WorkspaceContext> open(const QString& repositoryPath);
    // The environment called `name`, or an error listing the ones there are.
    util::Result<const workspace::Environment*> environment(const QString& name) const;
};

// "prod" or "prod@HEAD~3": an environment and an optional revision.
struct EnvironmentAt {
    QString environment;
    QString revision;
    static EnvironmentAt parse(const QString& text);
};

} // namespace syncline::app
