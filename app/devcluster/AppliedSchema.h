#pragma once

#include "ApiError.h"
#include "Json.h"
#include "ResourceType.h"

namespace syncline::devcluster {

// The part of the real API server's schema check on a server-side apply that the
// devcluster imitates: ConfigMaps and Secrets, whose whole schema is small (their known
// fields, string values in their data maps), and custom resources whose CRD has a schema
// (no undeclared field: CustomResourceSchema). The real server answers such a mismatch 500
// "failed to create typed patch object (...)" — so does this. Other built-in kinds are not
// checked (the devcluster has no OpenAPI schemas for them): their fields are stored as given.
class AppliedSchema {
public:
    static ApiResult<void> check(const ResourceType& type, const Json& applied);
};

} // namespace syncline::devcluster
