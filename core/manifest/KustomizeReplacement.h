#pragma once

#include "util/Result.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace syncline::manifest {

// Which objects a replacement reads from or writes to. Unlike a patch target, the
// identity fields are compared exactly (kustomize's ResId.IsSelectedBy): an empty field
// matches anything, a namespace "" equals "default". Label and annotation selectors
// apply to targets only.
struct ReplacementSelector {
    std::string group;
    std::string version;
    std::string kind;
    std::string name;
    std::string namespaceName;
    std::string labelSelector;
    std::string annotationSelector;

    bool identityEmpty() const {
        return group.empty() && version.empty() && kind.empty() && name.empty() && namespaceName.empty();
    }
    // kustomize's ResId.String(): "Kind.version.group/name.namespace" with [noKind]… for
    // what is unset, so errors read like kubectl's.
    std::string describe() const;
};

struct ReplacementOptions {
    std::string delimiter;
    int index = 0;
    bool create = false;
};

struct ReplacementSource {
    ReplacementSelector selector;
    std::string fieldPath; // empty: metadata.name
    ReplacementOptions options;
};

struct ReplacementTarget {
    std::optional<ReplacementSelector> select;
    std::vector<ReplacementSelector> reject;
    std::vector<std::string> fieldPaths; // empty: metadata.name
    ReplacementOptions options;
};

// One entry of `replacements:`: either a file (`path:`, read when the kustomization is
// built, holding one replacement or a list of them) or the replacement itself.
struct KustomizeReplacement {
    QString path;
    std::optional<ReplacementSource> source;
    std::optional<std::vector<ReplacementTarget>> targets; // absent differs from empty, as in kustomize

    // An entry of the kustomization's list. Keys outside kustomize's schema are
    // ErrorCode::Unsupported ("kustomize field replacements[].x is not built in"), so the
    // folder goes to the external kustomize, which names them.
    static util::Result<KustomizeReplacement> parse(const nlohmann::ordered_json& item, const QString& file);
    // The replacements a `path:` file holds: one mapping, or a list of them.
    static util::Result<std::vector<KustomizeReplacement>> parseFile(const nlohmann::ordered_json& document, const QString& file);
};

} // namespace syncline::manifest
