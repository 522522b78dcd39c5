#include "FuzzInput.h"

namespace syncline::fuzz {

std::vector<std::string_view> splitParts(std::string_view text, std::size_t maxParts) {
    constexpr std::string_view separator = "\n%%%\n";
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < maxParts) {
        const std::size_t at = text.find(separator);
        if (at == std::string_view::npos)
            break;
        parts.push_back(text.substr(0, at + 1)); // keeps the line's own newline
        text.remove_prefix(at + separator.size());
    }
    parts.push_back(text);
    return parts;
}

} // namespace syncline::fuzz
