#pragma once

#include "ApiError.h"
#include "Json.h"

#include <string>

namespace syncline::devcluster {

struct ApplyRequest {
    std::string manager;
    bool force = false;
    std::string apiVersion; // "apps/v1"
    bool keyedLists = true; // built-in kinds: lists with merge keys are sets
    std::string now;        // RFC 3339, for managedFields
};

// Server-side apply (application/apply-patch+yaml) as the API server does it: the applied
// configuration is merged into the live object; the manager owns exactly the fields it
// applied; fields it applied before and no longer does are removed unless another manager
// owns them; changing a value another manager owns is a conflict (409, reason Conflict,
// one FieldManagerConflict cause per field) unless `force` takes the field over.
class ServerSideApply {
public:
    // `live` is null when the object does not exist yet. Returns the new object, with
    // metadata.managedFields updated (identity metadata is left to the caller).
    static ApiResult<Json> apply(const Json* live, const Json& config, const ApplyRequest& request);

    // Merges `config` into `target`: mappings field by field, keyed lists item by item
    // (when `keyedLists`), everything else replaced. null removes a field.
    static void merge(Json& target, const Json& config, bool keyedLists, const std::string& fieldName = {});
};

} // namespace syncline::devcluster
