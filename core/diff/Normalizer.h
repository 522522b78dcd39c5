#pragma once

#include "diff/FieldFilter.h"
#include "diff/SecretMasker.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>

namespace syncline::diff {

// Full object names to the names that pair (kustomize prefix/suffix stripped):
// "dev-api" → "api". Strings equal to a key are references to that object.
using RenameMap = std::unordered_map<std::string, std::string>;

// Appends a member to a map known not to hold `key` yet, without ordered_json's linear
// duplicate search (operator[] on an ordered_json is O(size)).
inline void appendMember(nlohmann::ordered_json& object, const std::string& key, nlohmann::ordered_json value) {
    using Container = nlohmann::ordered_json::object_t::Container;
    static_cast<Container&>(object.get_ref<nlohmann::ordered_json::object_t&>()).emplace_back(key, std::move(value));
}

struct NormalizeContext {
    const FieldFilter* filter = nullptr;      // null: server-owned fields only
    std::optional<std::string> name;          // write metadata.name (the stripped name)
    std::optional<std::string> namespaceName; // write metadata.namespace (defaulted)
    bool dropNamespace = false;               // erase metadata.namespace (cluster-scoped, ignoreNamespace)
    const RenameMap* renames = nullptr;       // rewrite references to renamed objects
    const SecretMasker* masker = nullptr;     // mask the object as a Secret
};

// Makes the object that is compared and shown: a copy without the filtered fields (maps
// left empty by the filtering go too), identity written as the pairing sees it, references
// to renamed objects rewritten, Secret values masked. ObjectComparer walks raw objects
// with the same FieldFilter, so both agree on what is compared.
class Normalizer {
public:
    static nlohmann::ordered_json normalize(const nlohmann::ordered_json& body, const NormalizeContext& context);
};

} // namespace syncline::diff
