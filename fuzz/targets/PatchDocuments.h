#pragma once

#include "FuzzInput.h"
#include "manifest/YamlParser.h"

#include <optional>

namespace syncline::fuzz {

// The object and the patch of a patch target: the input's two parts (split at a "%%%"
// line), each read as the first YAML document of its part, as kustomize reads them.
struct PatchDocuments {
    nlohmann::ordered_json target;
    nlohmann::ordered_json patch;
};

inline std::optional<PatchDocuments> patchDocuments(std::string_view input) {
    const auto parts = splitParts(input, 2);
    if (parts.size() != 2)
        return std::nullopt;
    auto target = manifest::parseYamlStream(parts[0], QStringLiteral("target.yaml"));
    auto patch = manifest::parseYamlStream(parts[1], QStringLiteral("patch.yaml"));
    if (!target || !patch || target->empty() || patch->empty())
        return std::nullopt;
    return PatchDocuments{std::move(target->front().value), std::move(patch->front().value)};
}

} // namespace syncline::fuzz
