#pragma once

#include <nlohmann/json.hpp>

namespace syncline::fuzz {

// Equal as Kubernetes sees a value: mappings compared by key whatever their order,
// numbers by value (3 and 3.0 are the same), NaN equal to NaN.
bool sameValue(const nlohmann::ordered_json& a, const nlohmann::ordered_json& b);

} // namespace syncline::fuzz
