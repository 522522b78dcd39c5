#pragma once

#include "ApiError.h"
#include "Json.h"
#include "ResourceType.h"

#include <QString>

namespace syncline::devcluster {

// The name rules the real API server applies on create, with its messages: most kinds
// take an RFC 1123 subdomain, Namespaces an RFC 1123 label, Services an RFC 1035 label,
// RBAC kinds any path segment ("system:controller:x"); and label values.
class ObjectNames {
public:
    static ApiResult<void> validate(const ResourceType& type, const QString& name);
    // A generateName as kube-apiserver uses it: cut to 58 characters, then the suffix.
    static QString generatedName(const QString& generateName, const QString& suffix);
    // The generateName (a trailing '-' allowed) and the name made from it, with the real
    // server's 422 naming both fields when both are wrong.
    static ApiResult<void> validateGenerated(const ResourceType& type, const QString& generateName, const QString& name);
    // Label values (at most 63 characters of alphanumerics, '-', '_', '.'), as on create and
    // update, with the real server's 422 message.
    static ApiResult<void> validateLabels(const ResourceType& type, const QString& name, const Json& object);
};

} // namespace syncline::devcluster
