#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace syncline::manifest {

// Writes a value as YAML, byte for byte as `kubectl kustomize` prints it. kubectl turns
// each object into JSON and back through go-yaml v2 (sigs.k8s.io/yaml JSONToYAML), so this
// follows that path: map keys in go-yaml's natural order (item9 before item10), 2-space
// indent, lists under a key at the key's indentation, strings quoted only when go-yaml
// would read them back as something else ('yes', "3", "2001-12-14", '*x'), multi-line
// strings as | block scalars, long plain and quoted strings folded at column 80, numbers
// as Go prints them (1e+06 style floats), empty collections as {} and [].
// Keys of ordered_json are sorted like any other: kubectl does not keep source order.
std::string writeYaml(const nlohmann::ordered_json& document);
std::string writeYaml(const nlohmann::json& document);

// Documents joined with "---\n", as kubectl prints a multi-object stream.
std::string writeYamlStream(const std::vector<nlohmann::ordered_json>& documents);

} // namespace syncline::manifest
