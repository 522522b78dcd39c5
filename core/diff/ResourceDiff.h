#pragma once

#include "diff/FieldChange.h"
#include "diff/ResourceState.h"
#include "manifest/ResourceKey.h"

#include <QString>

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace syncline::diff {

// The comparison of one resource. `key` is the pairing key (namespace defaulted; for
// env-vs-env without the stripped name prefix/suffix and, with ignoreNamespace, without
// namespace); leftKey/rightKey are the keys as each side has them.
//
// left/right are the normalized objects (server-owned fields and ignored fields dropped,
// Secret values masked), kept for Modified, Missing and Extra, not for Same. When only the
// desired fields are compared, `right` is the live object seen through the desired one:
// the fields desired does not set are left out, keyed list items follow desired's order,
// and values equal to desired's (1 and 1.0, "500m" and 0.5) are written as desired writes
// them — so the unified diff shows only the real differences.
//
// unifiedDiff reads from the right (current, "--- a/") to the left (target, "+++ b/"), as
// `kubectl diff` and Argo CD show live → desired.
struct ResourceDiff {
    manifest::ResourceKey key;
    ResourceState state = ResourceState::Same;
    std::optional<manifest::ResourceKey> leftKey;
    std::optional<manifest::ResourceKey> rightKey;
    std::optional<nlohmann::ordered_json> left;
    std::optional<nlohmann::ordered_json> right;
    std::vector<FieldChange> changes; // in document order of the left side
    bool changesTruncated = false;    // more than DiffEngine::kMaxChangesPerResource
    QString unifiedDiff;              // Modified only (and only with DiffOptions::withUnifiedDiff)
};

struct DiffResult {
    std::vector<ResourceDiff> resources; // sorted by key
    std::array<std::size_t, kResourceStateCount> counts{};
    std::vector<QString> warnings; // e.g. two objects with the same key on one side

    std::size_t count(ResourceState state) const { return counts[static_cast<std::size_t>(state)]; }
};

} // namespace syncline::diff
