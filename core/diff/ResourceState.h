#pragma once

#include <QString>

namespace syncline::diff {

// How one resource compares. Ordered: the worst first is not implied; the order is the
// display order of the pending-diff view (Same, Modified, Missing, Extra).
// In desired-vs-live terms (DiffEngine::compare(desired, live)):
//   Missing: desired, not live (sync would create it)
//   Extra:   live, not desired (a prune candidate)
enum class ResourceState { Same, Modified, Missing, Extra };

inline constexpr int kResourceStateCount = 4;

inline QString stateName(ResourceState state) {
    switch (state) {
    case ResourceState::Same:
        return QStringLiteral("Same");
    case ResourceState::Modified:
        return QStringLiteral("Modified");
    case ResourceState::Missing:
        return QStringLiteral("Missing");
    case ResourceState::Extra:
        return QStringLiteral("Extra");
    }
    return {};
}

} // namespace syncline::diff
