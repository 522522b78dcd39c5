#pragma once

#include "workspace/DetectedApplication.h"
#include "workspace/EnvironmentDetector.h"

namespace syncline::workspace {

// Until workspaces hold applications × environments, each detected application is opened
// as one environment: named `<environment>` when it is the only application there, else
// `<application>-<environment>`, made a DNS label (the name ends up in inventory ConfigMap
// names) and unique. What was not understood becomes the detection's notes; the promotion
// order is guessed from stage names when every environment is a lone application.
class ApplicationEnvironments {
public:
    static EnvironmentDetection fromApplications(const DetectionResult& result);

    // `text` as a DNS label (lower case, [a-z0-9-], at most 63 characters), never empty.
    static QString dnsLabel(const QString& text);
};

} // namespace syncline::workspace
