#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace syncline::diff {

struct UnifiedDiffOptions {
    int contextLines = 3;
    // Myers' search stops after this many inserted+deleted lines; what is left between the
    // common head and tail is then shown as one replaced block (a correct diff, just not a
    // minimal one). Bounds time to O((N+M)·D) and memory to O(D²).
    std::size_t maxEditDistance = 2000;
};

// Line diff of two texts in git's unified format:
//   --- a/<oldName>
//   +++ b/<newName>
//   @@ -3,7 +3,7 @@
//    context
//   -old line
//   +new line
// Empty when the texts are equal. Common leading and trailing lines are set aside before
// Myers' O((N+M)·D) algorithm runs, lines are compared by interned ids, so a 50,000-line
// document with a few changes costs a linear pass.
class UnifiedDiff {
public:
    static std::string make(std::string_view oldText, std::string_view newText, std::string_view oldName,
                            std::string_view newName, const UnifiedDiffOptions& options = {});
};

} // namespace syncline::diff
