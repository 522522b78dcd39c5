#pragma once

#include <nlohmann/json.hpp>

namespace syncline::fuzz {

// Equal as Kubernetes sees a value: mappings compared by key whatever their order,
// numbers by value (3 and 3.0 are the same), NaN equal to NaN.
// `overflowIsString`: a string in `a` that reads back as an infinite float in `b` counts
// as equal. The writer leaves "4e913" plain, as go-yaml (and so kubectl) does, because Go
// reads an out-of-range float as a string; Syncline's YAML 1.2 parser reads it as
// infinity, on purpose (tst_yamlparser). A known difference, not a finding.
bool sameValue(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b, bool overflowIsString = false);

} // namespace syncline::fuzz
