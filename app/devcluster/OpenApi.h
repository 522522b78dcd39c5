#pragma once

#include "Json.h"

#include <QString>

namespace syncline::devcluster {

class ResourceCatalog;

// The smallest honest OpenAPI v3 the server can publish: /openapi/v3 (the index of
// group-versions) and one document per group-version listing each resource's paths and
// operations with their query parameters — no schemas, since the devcluster has none.
//
// Why it exists: kubectl (apply, diff) validates with --validate=strict by default. It
// asks OpenAPI v3 whether the server accepts the `fieldValidation` parameter on PATCH for
// the object's kind; if so it leaves validation to the server, otherwise it downloads the
// full v2 schema to validate client-side and fails without one. The devcluster accepts
// `fieldValidation` (it stores unknown fields as given, like a CRD that preserves unknown
// fields), so it says so here and kubectl works with its default flags.
class OpenApi {
public:
    explicit OpenApi(const ResourceCatalog& catalog) : m_catalog(catalog) {}

    Json index() const;
    // `gvPath` like "api/v1" or "apis/apps/v1"; null when unknown.
    Json document(const QString& gvPath) const;

private:
    QString hashOf(const QString& gvPath) const;

    const ResourceCatalog& m_catalog;
};

} // namespace syncline::devcluster
