#pragma once

#include <nlohmann/json.hpp>

namespace syncline::devcluster {

// Objects keep their keys in the order clients sent them (kubectl round-trips read nicely).
using Json = nlohmann::ordered_json;

} // namespace syncline::devcluster
