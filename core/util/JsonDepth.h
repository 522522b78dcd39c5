#pragma once

#include <string_view>

namespace syncline::util {

// Kubernetes' JSON decoder (k8s.io/apimachinery, like Go's encoding/json) refuses documents
// nested deeper than 10000 levels. Syncline reads far less: a parsed value is copied,
// compared, converted and printed by functions that recurse once per level (nlohmann's
// dump, copy and ordered_json conversion: 110-190 bytes of stack a level in a release
// build, up to 2.9 KB with AddressSanitizer). At 10000 levels that is up to 1.9 MB, or
// 29 MB under ASan, while a thread gets glibc's default stack: 8 MB, or 2 MB when
// `ulimit -s` is unlimited. 256 levels take at most 50 KB (750 KB under ASan) per call,
// a wide margin on 2 MB; no real object comes near (the YAML parser stops at 200).
inline constexpr int kServerJsonDepthLimit = 256;

// True when `text` nests arrays and objects deeper than `limit`. A linear scan that skips
// strings and allocates nothing, for hostile text before a parser (and every walk over its
// result) meets it: those recurse, or allocate, per level.
bool jsonDepthExceeds(std::string_view text, int limit);

} // namespace syncline::util
