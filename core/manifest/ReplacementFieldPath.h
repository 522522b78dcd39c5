#pragma once

#include "util/Result.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace syncline::manifest {

// A replacement's `fieldPath` as kustomize reads it (kyaml's SmarterPathSplitter): parts
// split at ".", except "\." and inside "[...]". A part is a field name, a list index
// ("0"), every element of a list ("*"), or the list elements whose field matches a Go
// regular expression, unanchored ("[name=web]" also matches "web-sidecar"; "[=value]"
// for lists of scalars).
//
// What kustomize does differently from what a JSON tree can show is refused with
// ErrorCode::Unsupported (the folder then goes to the external kustomize): list patterns
// with anchors or quotes (kustomize matches them against the value as YAML writes it,
// quotes included), wildcards and scalar-list patterns in a source, creating under a
// null. Bad paths and wrong node kinds are errors like kustomize's.
class ReplacementFieldPath {
public:
    using Json = nlohmann::ordered_json;
    // Called for every field a target path reaches; `created` when it did not exist
    // (a new scalar takes the type its text reads as, not the old field's).
    using Visitor = std::function<util::Result<void>(Json& field, bool created)>;

    static ReplacementFieldPath parse(std::string_view text);

    const std::string& text() const { return m_text; }
    const std::vector<std::string>& parts() const { return m_parts; }

    // The source value (kyaml's PathGetter): nullptr when a field is missing.
    util::Result<const Json*> lookup(const Json& root) const;

    // Every field the path reaches in a target (kyaml's PathMatcher), in document order;
    // with `create`, missing fields, list elements matching "[k=v]" and the element at
    // index == size are created, the last one of `createKind`. Returns how many fields
    // were visited.
    util::Result<int> visit(Json& root, bool create, Json::value_t createKind, const Visitor& visitor) const;

private:
    struct Walk;

    std::string m_text;
    std::vector<std::string> m_parts;
};

} // namespace syncline::manifest
