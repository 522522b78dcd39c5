#pragma once

#include "workspace/DetectedApplication.h"
#include "workspace/EnvironmentDetection.h"

namespace syncline::workspace {

// Detected applications as applications × environments: each environment a detected
// application names becomes a place (split when its applications run on different
// clusters or agents), each application a unit "<application>-<environment>" there, both
// made DNS labels (they end up in inventory ConfigMap names). What was not understood
// becomes the detection's notes; the promotion order is guessed from stage names.
class ApplicationEnvironments {
public:
    static EnvironmentDetection fromApplications(const DetectionResult& result);

    // `text` as a DNS label (lower case, [a-z0-9-], at most 63 characters), never empty.
    static QString dnsLabel(const QString& text);
};

} // namespace syncline::workspace
