#pragma once

#include "ApiError.h"
#include "ResourceType.h"

#include <QString>

namespace syncline::devcluster {

// The name rules the real API server applies on create, with its messages: most kinds
// take an RFC 1123 subdomain, Namespaces an RFC 1123 label, Services an RFC 1035 label,
// RBAC kinds any path segment ("system:controller:x").
class ObjectNames {
public:
    static ApiResult<void> validate(const ResourceType& type, const QString& name);
};

} // namespace syncline::devcluster
