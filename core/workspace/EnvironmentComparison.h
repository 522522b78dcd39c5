#pragma once

#include "diff/DiffEngine.h"
#include "workspace/Environment.h"
#include "workspace/EnvironmentRenderer.h"

namespace syncline::workspace {

// What a Compare shows: environment vs environment, or one environment at two commits.
struct CompareOptions {
    // Environment vs environment: pair objects whatever their namespace so that only real
    // differences remain (image tags, replicas, config). Off for commit vs commit.
    bool ignoreNamespace = true;
    // Environment vs environment: a value that differs only by the environments' names
    // ("environment: dev" vs "environment: prod", "shop-dev" vs "shop-prod") is expected,
    // not a difference. Off for commit vs commit.
    bool ignoreEnvironmentNames = true;
    // kustomize namePrefix/nameSuffix of each side, stripped before pairing.
    QString leftNamePrefix, leftNameSuffix;
    QString rightNamePrefix, rightNameSuffix;
};

// The environment's ignore rules in the diff engine's terms.
std::vector<diff::IgnoreRule> ignoreRulesOf(const Environment& environment);

// Compares two rendered environments with the diff engine. Left is the target (the
// environment promoted from, or the newer commit), right the current one: "Missing"
// means only on the left, "Extra" only on the right.
diff::DiffResult compareRendered(const RenderedEnvironment& left, const Environment& leftEnvironment,
                                 const RenderedEnvironment& right, const Environment& rightEnvironment,
                                 const CompareOptions& options);

} // namespace syncline::workspace
