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
// One application on two sides (compare, promote).
struct UnitPair {
    const workspace::Environment* left = nullptr;
    const workspace::Environment* right = nullptr;
};

struct UnitPairs {
    std::vector<UnitPair> pairs;
    QStringList notes; // "api runs only in staging"
};

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
    // The unit names of `names` (environments or units; none: every environment) with
    // --app `application`, in workspace order, each once; empty when both are empty (all).
    util::Result<QStringList> unitNames(const QStringList& names, const QString& application) const;
    // Environment names, those in the promotion order first (in that order), then the rest
    // in display order: the columns of `apps` and `matrix`.
    QStringList environmentsInPromotionOrder() const;
    // What `left` and `right` pair: one unit each, or each application both environments
    // run (by application name; the others are noted). None in common is an error.
    util::Result<UnitPairs> pairs(const QString& left, const QString& right, const QString& application) const;
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
