#pragma once

#include <QString>

namespace syncline::workspace {

// The promotion order that well-known stage names tell, for detection to order
// environments and guess the promotion order.
class StageOrder {
public:
    // dev 0 < test < qa < staging < preprod < prod/production 5 (any case); -1 when the
    // name tells nothing.
    static int rank(const QString& environmentName);
};

} // namespace syncline::workspace
