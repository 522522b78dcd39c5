#pragma once

#include "ApiError.h"
#include "Json.h"
#include "ResourceType.h"

#include <QString>

namespace syncline::devcluster {

// What the real API server does with a custom resource's structural schema (a CRD version's
// openAPIV3Schema) on every write, in the order it does it: prune the fields the schema does
// not declare (unless x-kubernetes-preserve-unknown-fields), fill in `default`s, then check
// `required` and `enum` (422 Invalid naming every field, and that CEL rules were not
// evaluated when the schema has any). A server-side apply instead refuses
// an undeclared field (500 "failed to create typed patch object": AppliedSchema says it).
// Not imitated: type, format, pattern and length checks, CEL rules (x-kubernetes-validations), and
// the "unknown field" warnings the real server sends with a pruning write.
class CustomResourceSchema {
public:
    // Prunes, defaults and validates `object` in place; an Invalid error names what failed.
    static ApiResult<void> conform(const ResourceType& type, Json& object);
    // ".spec.bogus" for the first field of an applied configuration the schema does not
    // declare; empty when every field is declared (or the type has no schema).
    static QString firstUndeclaredField(const ResourceType& type, const Json& applied);
};

} // namespace syncline::devcluster
