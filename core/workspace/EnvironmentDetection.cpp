#include "workspace/EnvironmentDetection.h"

namespace syncline::workspace {

WorkspaceConfig EnvironmentDetection::config() const {
    WorkspaceConfig config;
    for (const DetectedEnvironment& detected : environments)
        config.environments.push_back(detected.environment);
    config.places = places;
    config.promotionOrder = promotionOrder;
    config.arrangeApplications();
    return config;
}

} // namespace syncline::workspace
