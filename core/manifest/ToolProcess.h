#pragma once

#include "manifest/RenderBudget.h"
#include "util/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <chrono>
#include <utility>
#include <vector>

namespace syncline::manifest {

// One run of an external renderer (helm, kubectl kustomize) over files exported into a
// private folder. The tool sees a clean environment: PATH, and HOME plus whatever
// `environment` adds pointing into that folder — never the user's kubeconfig, Helm
// repositories, registry logins or plugins.
struct ToolRun {
    QString program; // absolute path
    QStringList arguments;
    QString workingDirectory;
    std::vector<std::pair<QString, QString>> environment; // added to PATH and HOME
    QString home;                                         // HOME (and the working directory when that is empty)
    std::chrono::milliseconds timeout = std::chrono::seconds(60);
    std::uint64_t maxOutputBytes = 64ull * 1024 * 1024; // stdout
    // Replaced in stderr by the repository-relative text, so messages name the
    // repository's files and not the private folder ("/tmp/x/repo/" -> "").
    std::vector<std::pair<QString, QString>> rewrites;
    QString name; // "helm", for messages
};

struct ToolOutput {
    QByteArray standardOutput;
};

// Runs the tool to its end, its deadline, the render budget's deadline or cancellation,
// whichever comes first; more output than allowed stops it. A non-zero exit is an error
// whose message is the tool's stderr (bounded, first lines). Errors name `where`.
util::Result<ToolOutput> runTool(const ToolRun& run, RenderBudget& budget, const QString& where);

// The executable `name` on PATH, or `explicitPath` when given; empty when not found.
QString findTool(const QString& name, const QString& explicitPath = {});

} // namespace syncline::manifest
