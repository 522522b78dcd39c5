#pragma once

#include "util/Result.h"

#include <QString>

namespace syncline::workspace {

// The demo GitOps workspace: a kustomize base with three services and dev/staging/prod
// overlays, a few weeks of realistic history (image bumps, a config change, a feature
// branch merged, a bad change and its revert, promotions, a release tag, and a last bad
// commit to revert: the worker's memory cut to 16Mi), a bare
// "origin" it tracks, one unpushed commit and one uncommitted edit.
//
// Layout under `root`: origin.git/ (bare) and workspace/ (the clone users open).
class DemoRepository {
public:
    // Creates the demo under `root`, or reuses it when it is already there. Returns the
    // workspace folder.
    static util::Result<QString> ensure(const QString& root);
    static QString workspacePath(const QString& root);
};

} // namespace syncline::workspace
