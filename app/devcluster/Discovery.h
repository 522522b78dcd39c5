#pragma once

#include "Json.h"

#include <QString>

namespace syncline::devcluster {

class ResourceCatalog;

// The discovery documents kubectl and client-go read: /version, /api, /api/v1, /apis and
// /apis/<group>/<version>, built from the catalog (so CRDs appear the moment they are
// created). Served as plain application/json: clients that ask for aggregated discovery
// (apidiscovery.k8s.io/v2) see the Content-Type and fall back to these documents.
class Discovery {
public:
    explicit Discovery(const ResourceCatalog& catalog) : m_catalog(catalog) {}

    Json version() const;
    Json coreVersions(const QString& serverAddress) const;
    Json groupList() const;
    // Null when the group/version is unknown.
    Json resourceList(const QString& group, const QString& version) const;
    Json group(const QString& group) const;

private:
    const ResourceCatalog& m_catalog;
};

} // namespace syncline::devcluster
