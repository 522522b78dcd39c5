#pragma once

#include "kube/ApiResource.h"
#include "util/Result.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace syncline::kube {

// Pieces of the discovery documents (/api, /apis, /api/v1, /apis/<group>/<version>).
struct GroupVersionRef {
    QString group;   // "" for the core group
    QString version; // preferred version
    QString path;    // "/api/v1", "/apis/apps/v1"
};

// /api (APIVersions) → the core group's versions; the first is taken as preferred.
std::vector<GroupVersionRef> parseCoreVersions(const nlohmann::json& document);
// /apis (APIGroupList) → each group's preferred version.
std::vector<GroupVersionRef> parseGroups(const nlohmann::json& document);
// An APIResourceList → its resource types, subresources ("deployments/status") skipped.
std::vector<ApiResource> parseResourceList(const nlohmann::json& document, const GroupVersionRef& groupVersion);

// "apps/v1" → {"apps", "v1"}; "v1" → {"", "v1"}.
std::pair<QString, QString> splitApiVersion(const QString& apiVersion);

} // namespace syncline::kube
