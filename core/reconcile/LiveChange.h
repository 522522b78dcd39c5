#pragma once

#include "manifest/ResourceKey.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace syncline::reconcile {

// What a watch said about one object: its new state, or gone.
struct LiveChange {
    manifest::ResourceKey key;
    std::optional<nlohmann::json> object; // nullopt: deleted
};

} // namespace syncline::reconcile
