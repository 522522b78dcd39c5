#pragma once

#include <string_view>

namespace syncline::util {

// Kubernetes' JSON decoder (k8s.io/apimachinery, like Go's encoding/json) refuses documents
// nested deeper than this, so no API server can hold or serve a deeper object.
inline constexpr int kKubernetesJsonDepthLimit = 10000;

// True when `text` nests arrays and objects deeper than `limit`. A linear scan that skips
// strings and allocates nothing, for hostile text before a parser (and every walk over its
// result) meets it: those recurse, or allocate, per level.
bool jsonDepthExceeds(std::string_view text, int limit);

} // namespace syncline::util
