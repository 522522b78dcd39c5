#pragma once

#include "diff/IgnoreRule.h"
#include "manifest/ResourceKey.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <vector>

namespace syncline::diff {

// How one side's objects are named: the namespace given to namespaced objects that
// carry none (an environment's default namespace), and a name prefix/suffix to strip
// before pairing (kustomize namePrefix/nameSuffix, for environment vs environment).
struct DiffSideOptions {
    QString defaultNamespace;
    QString namePrefix;
    QString nameSuffix;
};

// Typed options of DiffEngine::compare. Presets:
//   desired vs live:      DiffOptions{.left = {.defaultNamespace = env.namespace}, .ignoreRules = env.ignore}
//   env vs env:           DiffOptions{.left = {...dev}, .right = {...prod}, .compareOnlyDesiredFields =
//   false,
//                                     .ignoreNamespace = true}
//   commit vs commit:     DiffOptions{.left = {...}, .right = {...same env}, .compareOnlyDesiredFields =
//   false}
struct DiffOptions {
    DiffSideOptions left;  // the desired / target side
    DiffSideOptions right; // the live / current side
    std::vector<IgnoreRule> ignoreRules;

    // true (desired vs live): only the fields the left side sets are compared; fields the
    // right side adds (server defaults) are not differences. false: both sides in full.
    bool compareOnlyDesiredFields = true;

    // Pair objects whatever their namespace, and leave metadata.namespace out of the
    // comparison (environment vs environment).
    bool ignoreNamespace = false;

    // Cluster-scoped kinds get no default namespace and pair without one. Empty: the
    // built-in list (DiffEngine::isBuiltinClusterScoped), which a caller with API discovery
    // should replace.
    std::function<bool(const manifest::ResourceKey&)> isClusterScoped;

    // Unified diffs (YAML of both normalized sides) for Modified resources. Without them
    // DiffEngine::unifiedDiff can make one later.
    bool withUnifiedDiff = true;
    int contextLines = 3;

    // Secret values are replaced by a short salted hash before comparing; equal values give
    // equal tokens within one salt. Empty: a random salt per compare() call.
    QByteArray secretSalt;
};

} // namespace syncline::diff
