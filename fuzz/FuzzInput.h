#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace syncline::fuzz {

// The input as text (any bytes; the code under test gets them as they are).
inline std::string_view asText(const std::uint8_t* data, std::size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// Splits the input at lines that hold only "%%%" into at most `maxParts` parts (the last
// part keeps any further separators), so one input can describe several files or a
// document and its patch. Seeds are written the same way by hand.
std::vector<std::string_view> splitParts(std::string_view text, std::size_t maxParts);

} // namespace syncline::fuzz
