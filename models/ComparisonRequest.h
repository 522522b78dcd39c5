#pragma once

#include <QString>

namespace syncline::models {

// What the Compare view asks for: two environments (or one twice) at two revisions.
// An empty revision means the environment's branch tip.
struct ComparisonRequest {
    QString leftEnvironment;
    QString leftRevision;
    QString rightEnvironment;
    QString rightRevision;
    bool ignoreNamespace = true;

    bool operator==(const ComparisonRequest&) const = default;
};

} // namespace syncline::models
