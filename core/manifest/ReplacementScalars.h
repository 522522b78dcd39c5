#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

// How kustomize's replacements turn a value into text and text back into a value. A
// replacement copies only the text of a scalar into an existing scalar, which keeps its
// YAML tag (a string stays a string, an int must read as an int); a field it creates has
// no tag, so its text resolves as YAML 1.2 (go-yaml v3) reads a plain scalar.
namespace syncline::manifest::replacement {

enum class ScalarTag { Null, Bool, Int, Float, Str };

struct Resolved {
    ScalarTag tag = ScalarTag::Str;
    nlohmann::ordered_json value;
};

// The plain scalar `text` as go-yaml v3 resolves it: null (~, null, empty), true/false
// (any case kustomize accepts), decimal ints and floats, else a string. nullopt for the
// forms Syncline does not reproduce (0x/0o/0b, leading zeros, "_", .inf/.nan, ints
// beyond 64 bits).
std::optional<Resolved> resolvePlain(std::string_view text);

// "!!int", as go-yaml's messages write the tag.
const char* tagName(ScalarTag tag);

// The text of a scalar value as kustomize copies it; nullopt for a float (its original
// spelling, "1.50", is not kept) or a mapping/list.
std::optional<std::string> scalarText(const nlohmann::ordered_json& value);

// The tag an existing scalar field carries.
ScalarTag tagOf(const nlohmann::ordered_json& value);

} // namespace syncline::manifest::replacement
