#pragma once

#include "ApiError.h"
#include "Json.h"
#include "ResourceType.h"

#include <QByteArray>
#include <QString>

#include <string>

namespace syncline::devcluster {

class ObjectStore;
class ResourceCatalog;

struct WriteOptions {
    bool dryRun = false;      // dryRun=All: validate and answer, store nothing
    std::string fieldManager; // ?fieldManager=, else derived from the User-Agent
    bool force = false;       // server-side apply: take over conflicting fields
};

enum class Propagation { Background, Foreground, Orphan };

// The API server's write semantics over the store: identity checks (422), admission of
// namespaced objects into existing namespaces, uid/creationTimestamp/generation/
// resourceVersion bookkeeping, optimistic concurrency (409), managedFields, status
// subresources, CRD registration, patches of every kind, and deletion with propagation.
class ObjectService {
public:
    ObjectService(ObjectStore& store, ResourceCatalog& catalog);

    // Creates the namespaces a fresh cluster has (default, kube-system, ...).
    void bootstrap();
    // Registers the CRDs found in the store (after a restart).
    void registerStoredDefinitions();

    ApiResult<Json> create(const ResourceType& type, const QString& ns, Json body, const WriteOptions& options);
    ApiResult<Json> update(const ResourceType& type, const QString& ns, const QString& name, Json body,
                           const WriteOptions& options, const QString& subresource);
    ApiResult<Json> patch(const ResourceType& type, const QString& ns, const QString& name, const QByteArray& contentType,
                          const QByteArray& body, const WriteOptions& options, const QString& subresource);
    ApiResult<Json> remove(const ResourceType& type, const QString& ns, const QString& name, Propagation propagation,
                           bool dryRun);

    // A status write by the simulated controllers (manager "devcluster-controller").
    void writeStatus(const ResourceType& type, const Json& object, const Json& status);

    static std::string now();
    static Json parseBody(const QByteArray& body, bool allowYaml, QString* error);

private:
    ApiResult<void> checkIdentity(const ResourceType& type, const QString& ns, const QString& urlName, Json& body,
                                  bool allowGenerateName) const;
    ApiResult<Json> commitCreate(const ResourceType& type, Json object, const WriteOptions& options, bool managedFieldsDone);
    ApiResult<Json> store(const ResourceType& type, Json object);
    ApiResult<Json> commitUpdate(const ResourceType& type, const Json& old, Json next, const WriteOptions& options,
                                 const QString& subresource, bool managedFieldsDone);
    ApiResult<Json> applyPatch(const ResourceType& type, const QString& ns, const QString& name, const QByteArray& body,
                               const WriteOptions& options, const QString& subresource);
    void cascadeDelete(const ResourceType& type, const Json& object, Propagation propagation);
    // An object its finalizers hold is only marked (deletionTimestamp); it goes when the
    // last finalizer is removed (finishDeletion), as on the real server.
    Json markDeleted(const ResourceType& type, Json object, Propagation propagation);
    void finishDeletion(const ResourceType& type, const Json& object, Propagation propagation);
    ApiError notFound(const ResourceType& type, const QString& name) const;

    ObjectStore& m_store;
    ResourceCatalog& m_catalog;
};

} // namespace syncline::devcluster
