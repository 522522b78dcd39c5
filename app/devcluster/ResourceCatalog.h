#pragma once

#include "ApiError.h"
#include "Json.h"
#include "ResourceType.h"

#include <QString>
#include <QStringList>

#include <list>
#include <vector>

namespace syncline::devcluster {

// The resource types the server knows: the built-in kinds plus the ones
// CustomResourceDefinitions register at run time.
class ResourceCatalog {
public:
    ResourceCatalog();

    const ResourceType* find(const QString& group, const QString& version, const QString& plural) const;
    const ResourceType* findKind(const QString& group, const QString& version, const QString& kind) const;
    const ResourceType* findStoreId(const std::string& storeId) const;

    // Groups in discovery order ("" first), and each group's versions (preferred first).
    QStringList groups() const;
    QStringList versions(const QString& group) const;
    std::vector<const ResourceType*> resources(const QString& group, const QString& version) const;
    const std::list<ResourceType>& all() const { return m_types; }

    // Registers (or replaces) what a CustomResourceDefinition object describes.
    ApiResult<void> registerDefinition(const Json& crd);
    void unregisterDefinition(const QString& crdName);
    // A counter that moves whenever the set of types changes (OpenAPI hashes use it).
    quint64 revision() const { return m_revision; }

    // Checks a CRD body before it is stored (names, group, versions, scope).
    static ApiResult<void> validateDefinition(const Json& crd);

private:
    static ApiResult<void> validateVersions(const QString& kindName, const QString& name, const Json& versions);
    void addBuiltin(const char* group, const char* version, const char* kind, const char* plural, bool namespaced,
                    QStringList shortNames = {}, bool hasStatus = false, QStringList categories = {});

    std::list<ResourceType> m_types; // a list: pointers handed out stay valid while CRDs come and go
    quint64 m_revision = 1;
};

} // namespace syncline::devcluster
