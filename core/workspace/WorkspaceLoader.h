#pragma once

#include "git/CommitInfo.h"
#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"
#include "workspace/DetectedApplication.h"
#include "workspace/EnvironmentDetection.h"
#include "workspace/WorkspaceConfig.h"

#include <QString>

#include <memory>
#include <optional>

namespace syncline::workspace {

// A workspace as opened: its environment map and where it came from.
struct Workspace {
    WorkspaceConfig config;
    QString branch;    // the branch syncline.yaml (or the detection) was read from
    git::ObjectId tip; // the commit it was read at; pass it back to writeDetectedConfig
    // No syncline.yaml at `tip`: the environments were detected, and `detection` says
    // why each one was found. The UI offers to write them as a commit.
    // Detection finds applications (ApplicationDetector); until workspaces hold
    // applications × environments, each one is opened as an environment (`detection`).
    bool detected = false;
    DetectionResult applications;
    EnvironmentDetection detection;
};

// Opens the environment map of a repository from the tip of a branch, reading the Git
// objects (never the working tree, so uncommitted edits to syncline.yaml do not count).
// Without a syncline.yaml, the applications are detected (ApplicationDetector) and each
// becomes an environment (ApplicationEnvironments).
class WorkspaceLoader {
public:
    static QString commitMessage() { return QStringLiteral("syncline: describe environments in syncline.yaml"); }

    // `branch` empty: the branch HEAD is on. A syncline.yaml that does not parse is an
    // error listing every problem with its line and column; detection is not a fallback
    // for a broken file.
    static util::Result<Workspace> open(std::shared_ptr<const git::Repository> repository, const QString& branch = {});

    // Commits `config` as syncline.yaml on `branch` through git::CommitWriter (tree built
    // in memory, branch moved compare-and-swap from `expectedTip` when given). Refuses
    // when the branch already has a syncline.yaml, or when the branch is checked out and
    // the working tree has an uncommitted syncline.yaml. When the branch is checked out,
    // the new file is then brought into the working tree and index like a fast-forward,
    // so `git status` reads as before; no other file is touched.
    static util::Result<git::ObjectId> writeDetectedConfig(const git::Repository& repository, const QString& branch,
                                                           const WorkspaceConfig& config,
                                                           const std::optional<git::Signature>& author = std::nullopt,
                                                           const std::optional<git::ObjectId>& expectedTip = std::nullopt);
};

} // namespace syncline::workspace
