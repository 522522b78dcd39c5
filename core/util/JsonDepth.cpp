#include "util/JsonDepth.h"

namespace syncline::util {

bool jsonDepthExceeds(std::string_view text, int limit) {
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i; // the escaped character, a quote included, is part of the string
            else if (c == '"')
                inString = false;
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            break;
        case '[':
        case '{':
            if (++depth > limit)
                return true;
            break;
        case ']':
        case '}':
            // Unbalanced text is the parser's to refuse; the count only never goes negative.
            if (depth > 0)
                --depth;
            break;
        default:
            break;
        }
    }
    return false;
}

} // namespace syncline::util
