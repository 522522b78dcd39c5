#include "ObjectService.h"

#include "AppliedSchema.h"
#include "CustomResourceSchema.h"
#include "FieldSet.h"
#include "JsonText.h"
#include "JsonUtil.h"
#include "ManagedFields.h"
#include "ObjectNames.h"
#include "ObjectStore.h"
#include "ResourceCatalog.h"
#include "ServerSideApply.h"
#include "manifest/JsonPatch.h"
#include "manifest/StrategicMergePatch.h"
#include "manifest/YamlParser.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QUuid>

namespace syncline::devcluster {

namespace {

const std::string kNamespaces = "/namespaces";
const std::string kCrds = "apiextensions.k8s.io/customresourcedefinitions";

std::string s(const QString& text) { return text.toStdString(); }

// RFC 7386: mappings merge, null deletes, everything else replaces.
// kubectl's strategic patches (set image, edit) carry $setElementOrder/<list> directives,
// which only order a list's items; the shared patcher refuses them. The devcluster drops
// them and keeps the order the merge gives (the same items with the same values). The
// depth is bounded by parseBody's nesting limit.
Json withoutElementOrder(const Json& patch) {
    if (patch.is_array()) {
        Json out = Json::array();
        for (const Json& item : patch)
            out.push_back(withoutElementOrder(item));
        return out;
    }
    if (!patch.is_object())
        return patch;
    Json out = Json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it)
        if (!it.key().starts_with("$setElementOrder/"))
            out[it.key()] = withoutElementOrder(it.value());
    return out;
}

void mergePatch(Json& target, const Json& patch) {
    if (!patch.is_object()) {
        target = patch;
        return;
    }
    if (!target.is_object())
        target = Json::object();
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().is_null())
            target.erase(it.key());
        else
            mergePatch(target[it.key()], it.value());
    }
}

// What `generation` counts changes of: the object without metadata and status — or, for a
// custom resource without a status subresource, everything but metadata (so every status
// write of an Argo CD Application counts, as on the real server).
Json specPart(const ResourceType& type, const Json& object) {
    Json copy = object;
    copy.erase("metadata");
    if (!type.custom || type.hasStatus)
        copy.erase("status");
    return copy;
}

bool hasFinalizers(const Json& object) {
    const Json* meta = json::child(object, "metadata");
    const Json* finalizers = meta ? json::child(*meta, "finalizers") : nullptr;
    return finalizers && finalizers->is_array() && !finalizers->empty();
}

bool isMarkedDeleted(const Json& object) {
    const Json* meta = json::child(object, "metadata");
    return meta && json::child(*meta, "deletionTimestamp");
}

Json withoutVolatileMetadata(const Json& object) {
    Json copy = object;
    if (copy.contains("metadata") && copy["metadata"].is_object()) {
        copy["metadata"].erase("managedFields");
        copy["metadata"].erase("resourceVersion");
    }
    return copy;
}

QString mediaType(const QByteArray& contentType) {
    return QString::fromLatin1(contentType.split(';').value(0).trimmed().toLower());
}

QString randomSuffix() {
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString out;
    for (int i = 0; i < 5; ++i)
        out += QLatin1Char(alphabet[QRandomGenerator::global()->bounded(int(sizeof(alphabet) - 1))]);
    return out;
}

// What kube-apiserver's decoder refuses with a 400 before anything else looks at the
// object: metadata fields of the wrong type. Stored, they would trip every later reader.
ApiResult<void> checkMetadataTypes(const Json& body) {
    const Json* meta = json::child(body, "metadata");
    if (!meta)
        return {};
    const auto wrong = [](const char* field, const char* want) {
        return apiFail(
            ApiError::badRequest(QStringLiteral("the object is not valid: metadata%1%2 must be %3")
                                     .arg(QLatin1String(*field ? "." : ""), QLatin1String(field), QLatin1String(want))));
    };
    if (!meta->is_object())
        return wrong("", "an object");
    for (const char* field :
         {"name", "namespace", "generateName", "resourceVersion", "uid", "creationTimestamp", "deletionTimestamp"})
        if (const Json* value = json::child(*meta, field); value && !value->is_string() && !value->is_null())
            return wrong(field, "a string");
    for (const char* field : {"labels", "annotations"}) {
        const Json* map = json::child(*meta, field);
        if (!map || map->is_null())
            continue;
        if (!map->is_object())
            return wrong(field, "a map of strings");
        for (const auto& value : *map)
            if (!value.is_string())
                return wrong(field, "a map of strings");
    }
    for (const char* field : {"finalizers", "ownerReferences", "managedFields"}) {
        const Json* list = json::child(*meta, field);
        if (!list || list->is_null())
            continue;
        const bool strings = std::string_view(field) == "finalizers";
        if (!list->is_array())
            return wrong(field, "a list");
        for (const auto& item : *list)
            if (strings ? !item.is_string() : !item.is_object())
                return wrong(field, strings ? "a list of strings" : "a list of objects");
    }
    if (const Json* generation = json::child(*meta, "generation");
        generation && !generation->is_number_integer() && !generation->is_null())
        return wrong("generation", "an integer");
    return {};
}

} // namespace

ObjectService::ObjectService(ObjectStore& store, ResourceCatalog& catalog) : m_store(store), m_catalog(catalog) {}

std::string ObjectService::now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString(); }

Json ObjectService::parseBody(const QByteArray& body, bool allowYaml, QString* error) {
    QString jsonError;
    Json parsed = json::parse(body, &jsonError);
    if (!parsed.is_discarded())
        return parsed;
    if (json::nestingExceeds(body)) { // not worth a second try as YAML
        if (error)
            *error = QStringLiteral("the request body nests deeper than %1 levels").arg(json::kMaxDepth);
        return Json(Json::value_t::discarded);
    }
    if (allowYaml) {
        manifest::YamlLimits limits;
        limits.maxDepth = json::kMaxDepth;
        auto docs = manifest::parseYamlStream(std::string_view(body.constData(), size_t(body.size())),
                                              QStringLiteral("request body"), limits);
        if (docs && docs->size() == 1)
            return (*docs)[0].value;
        if (error)
            *error = docs ? QStringLiteral("the body must hold exactly one YAML document") : docs.error().toString();
        return Json(Json::value_t::discarded);
    }
    if (error)
        *error = QStringLiteral("couldn't get version/kind; json parse error: the request body is not valid JSON");
    return Json(Json::value_t::discarded);
}

ApiError ObjectService::notFound(const ResourceType& type, const QString& name) const {
    return ApiError::notFound(type.qualifiedResource(), name, type.group, type.plural);
}

void ObjectService::bootstrap() {
    const Json* any = nullptr;
    if (const auto* bucket = m_store.bucket(kNamespaces); bucket && !bucket->empty())
        any = &bucket->begin()->second;
    if (any)
        return;
    const ResourceType* nsType = m_catalog.find(QString(), QStringLiteral("v1"), QStringLiteral("namespaces"));
    for (const char* name : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
        Json ns{{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}}};
        (void)create(*nsType, QString(), std::move(ns), WriteOptions{false, "devcluster", false});
    }
}

void ObjectService::registerStoredDefinitions() {
    if (const auto* bucket = m_store.bucket(kCrds))
        for (const auto& [key, crd] : *bucket)
            (void)m_catalog.registerDefinition(crd);
}

ApiResult<void> ObjectService::checkIdentity(const ResourceType& type, const QString& ns, const QString& urlName, Json& body,
                                             bool allowGenerateName) const {
    if (!body.is_object())
        return apiFail(ApiError::badRequest(QStringLiteral("the body of the request must be a JSON or YAML object")));
    const QString name = json::metaQText(body, "name");
    const QString shownName = name.isEmpty() ? urlName : name;
    // A body of another type, a name or namespace that differs from the URL's: the real
    // server refuses the request itself (400), before any validation of the object (422).
    const QString kind = json::qtext(body, "kind");
    const QString apiVersion = json::qtext(body, "apiVersion");
    if ((body.contains("kind") && kind != type.kind) || (body.contains("apiVersion") && apiVersion != type.groupVersion()))
        return apiFail(ApiError::badRequest(QStringLiteral("%1 in version \"%2\" cannot be handled as a %3")
                                                .arg(kind, apiVersion.section(QLatin1Char('/'), -1), type.kind)));
    if (auto ok = checkMetadataTypes(body); !ok)
        return ok;
    body["apiVersion"] = s(type.groupVersion());
    body["kind"] = s(type.kind);
    if (!body.contains("metadata"))
        body["metadata"] = Json::object();
    Json& meta = body["metadata"];
    if (name.isEmpty() && !(allowGenerateName && !json::text(meta, "generateName").empty()))
        return apiFail(ApiError::invalid(type.qualifiedKind(), QString(), QStringLiteral("metadata.name"),
                                         QStringLiteral("FieldValueRequired"),
                                         QStringLiteral("Required value: name or generateName is required")));
    if (!urlName.isEmpty() && name != urlName)
        return apiFail(ApiError::badRequest(
            QStringLiteral("the name of the object (%1) does not match the name on the URL (%2)").arg(name, urlName)));
    if (!name.isEmpty())
        if (auto ok = ObjectNames::validate(type, name); !ok)
            return ok;
    if (auto ok = ObjectNames::validateLabels(type, shownName, body); !ok)
        return ok;
    if (type.namespaced) {
        const QString bodyNs = json::metaQText(body, "namespace");
        if (bodyNs.isEmpty())
            meta["namespace"] = s(ns);
        else if (bodyNs != ns)
            return apiFail(ApiError::badRequest(
                QStringLiteral("the namespace of the provided object does not match the namespace sent on the request")));
    } else {
        meta.erase("namespace");
    }
    if (type.storeId() == kCrds)
        if (auto ok = ResourceCatalog::validateDefinition(body); !ok)
            return ok;
    return {};
}

ApiResult<Json> ObjectService::create(const ResourceType& type, const QString& ns, Json body, const WriteOptions& options) {
    if (auto ok = checkIdentity(type, ns, QString(), body, true); !ok)
        return apiFail(ok.error());
    Json& meta = body["metadata"];
    if (json::text(meta, "name").empty()) {
        const QString prefix = QString::fromStdString(json::text(meta, "generateName"));
        const QString name = ObjectNames::generatedName(prefix, randomSuffix());
        if (auto ok = ObjectNames::validateGenerated(type, prefix, name); !ok)
            return apiFail(ok.error());
        meta["name"] = s(name);
    }
    ManagedFields managed;
    if (type.hasStatus)
        body.erase("status");
    if (auto conforming = CustomResourceSchema::conform(type, body); !conforming)
        return apiFail(conforming.error());
    managed.recordUpdate(nullptr, body, options.fieldManager, s(type.groupVersion()), "", !type.custom, now());
    body["metadata"]["managedFields"] = managed.toJson();
    return commitCreate(type, std::move(body), options, true);
}

ApiResult<Json> ObjectService::commitCreate(const ResourceType& type, Json object, const WriteOptions& options,
                                            bool managedFieldsDone) {
    Q_UNUSED(managedFieldsDone);
    const std::string ns = json::metaText(object, "namespace");
    const std::string name = json::metaText(object, "name");
    if (type.namespaced && !m_store.find(kNamespaces, "", ns))
        return apiFail(ApiError::notFound(QStringLiteral("namespaces"), QString::fromStdString(ns), QString(),
                                          QStringLiteral("namespaces")));
    if (m_store.find(type.storeId(), ns, name))
        return apiFail(ApiError::alreadyExists(type.qualifiedResource(), QString::fromStdString(name), type.group, type.plural));
    Json& meta = object["metadata"];
    meta.erase("resourceVersion");
    meta.erase("deletionTimestamp");
    meta["uid"] = s(QUuid::createUuid().toString(QUuid::WithoutBraces));
    meta["creationTimestamp"] = now();
    if (type.tracksGeneration())
        meta["generation"] = 1;
    else
        meta.erase("generation");
    if (type.hasStatus)
        object.erase("status");
    // The real server starts every Pod Pending, until a kubelet says otherwise.
    if (type.group.isEmpty() && type.kind == QLatin1String("Pod"))
        object["status"] = Json{{"phase", "Pending"}};
    if (auto conforming = CustomResourceSchema::conform(type, object); !conforming)
        return apiFail(conforming.error());
    if (type.storeId() == kNamespaces) {
        object["spec"] = Json{{"finalizers", Json::array({"kubernetes"})}};
        object["status"] = Json{{"phase", "Active"}};
        // The real server labels every namespace with its name (for namespace selectors).
        object["metadata"]["labels"]["kubernetes.io/metadata.name"] = name; // `meta` dangles once spec and status are added
    }
    if (type.storeId() == kCrds) {
        const Json& spec = object["spec"];
        Json stored = Json::array();
        for (const auto& version : spec["versions"])
            if (const Json* storage = json::child(version, "storage"); storage && *storage == true)
                stored.push_back(json::text(version, "name"));
        object["status"] = Json{
            {"conditions",
             Json::array(
                 {Json{{"type", "NamesAccepted"}, {"status", "True"}, {"reason", "NoConflicts"}, {"lastTransitionTime", now()}},
                  Json{{"type", "Established"},
                       {"status", "True"},
                       {"reason", "InitialNamesAccepted"},
                       {"lastTransitionTime", now()}}})},
            {"acceptedNames", spec["names"]},
            {"storedVersions", stored}};
    }
    if (options.dryRun)
        return object;
    if (type.storeId() == kCrds)
        if (auto ok = m_catalog.registerDefinition(object); !ok)
            return apiFail(ok.error());
    return store(type, std::move(object));
}

ApiResult<Json> ObjectService::update(const ResourceType& type, const QString& ns, const QString& name, Json body,
                                      const WriteOptions& options, const QString& subresource) {
    if (auto ok = checkIdentity(type, ns, name, body, false); !ok)
        return apiFail(ok.error());
    const Json* live = m_store.find(type.storeId(), s(ns), s(name));
    if (!live)
        return apiFail(notFound(type, name));
    const std::string wantVersion = json::metaText(body, "resourceVersion");
    if (!wantVersion.empty() && wantVersion != json::metaText(*live, "resourceVersion"))
        return apiFail(ApiError::conflict(type.qualifiedResource(), name,
                                          QStringLiteral("the object has been modified; please apply your changes to "
                                                         "the latest version and try again")));
    return commitUpdate(type, *live, std::move(body), options, subresource, false);
}

ApiResult<Json> ObjectService::commitUpdate(const ResourceType& type, const Json& old, Json next, const WriteOptions& options,
                                            const QString& subresource, bool managedFieldsDone) {
    const bool statusWrite = subresource == QLatin1String("status");
    if (statusWrite) {
        Json status = next.contains("status") ? next["status"] : Json();
        const Json managedFields = next["metadata"].value("managedFields", Json());
        next = old;
        if (status.is_null())
            next.erase("status");
        else
            next["status"] = std::move(status);
        if (managedFieldsDone)
            next["metadata"]["managedFields"] = managedFields;
    } else if (type.hasStatus) {
        if (old.contains("status"))
            next["status"] = old["status"];
        else
            next.erase("status");
    }
    // Before the generation and managedFields see them: the schema's pruning and defaults.
    if (auto conforming = CustomResourceSchema::conform(type, next); !conforming)
        return apiFail(conforming.error());
    Json& meta = next["metadata"];
    const Json& oldMeta = old["metadata"];
    for (const char* key :
         {"uid", "creationTimestamp", "generation", "name", "namespace", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
        if (oldMeta.contains(key))
            meta[key] = oldMeta[key];
        else
            meta.erase(key);
    }
    meta["resourceVersion"] = oldMeta.value("resourceVersion", std::string());
    if (type.storeId() == kNamespaces) // kept on every update, as the real server does
        meta["labels"]["kubernetes.io/metadata.name"] = oldMeta.value("name", std::string());
    if (!statusWrite && type.tracksGeneration() && specPart(type, old) != specPart(type, next))
        meta["generation"] = oldMeta.value("generation", 1) + 1;
    if (!managedFieldsDone) {
        ManagedFields managed = ManagedFields::read(old);
        managed.recordUpdate(&old, next, options.fieldManager, s(type.groupVersion()), s(subresource), !type.custom, now());
        meta["managedFields"] = managed.toJson();
        if (meta["managedFields"].empty())
            meta.erase("managedFields");
    }
    // Nothing changed: the API server answers with the object as it is and writes nothing.
    if (withoutVolatileMetadata(old) == withoutVolatileMetadata(next) &&
        ManagedFields::read(old).sameOwnership(ManagedFields::read(next)))
        return old;
    if (type.storeId() == kCrds) {
        if (auto ok = ResourceCatalog::validateDefinition(next); !ok)
            return apiFail(ok.error());
    }
    if (options.dryRun)
        return next;
    if (isMarkedDeleted(next) && !hasFinalizers(next)) {
        // The last finalizer went: the deletion the object waited for happens now.
        finishDeletion(type, next, Propagation::Background);
        return next;
    }
    if (type.storeId() == kCrds)
        (void)m_catalog.registerDefinition(next);
    return store(type, std::move(next));
}

// A create or update the data directory cannot take (full disk) fails naming the object;
// what was stored before stays, and reads go on.
ApiResult<Json> ObjectService::store(const ResourceType& type, Json object) {
    const QString name = QString::fromStdString(json::metaText(object, "name"));
    QString error;
    if (const Json* stored = m_store.tryPut(type.storeId(), std::move(object), &error))
        return *stored;
    return apiFail(ApiError::internalError(QStringLiteral("%1 \"%2\" was not stored: the data directory could not take it (%3)")
                                               .arg(type.qualifiedResource(), name, error)));
}

ApiResult<Json> ObjectService::patch(const ResourceType& type, const QString& ns, const QString& name,
                                     const QByteArray& contentType, const QByteArray& body, const WriteOptions& options,
                                     const QString& subresource) {
    const QString media = mediaType(contentType);
    if (media == QLatin1String("application/apply-patch+yaml") || media == QLatin1String("application/apply-patch+cbor"))
        return applyPatch(type, ns, name, body, options, subresource);
    const bool merge = media == QLatin1String("application/merge-patch+json");
    const bool strategic = media == QLatin1String("application/strategic-merge-patch+json");
    const bool jsonPatch = media == QLatin1String("application/json-patch+json");
    if (!merge && !strategic && !jsonPatch)
        return apiFail(ApiError::unsupportedMediaType(media));
    if (strategic && type.custom)
        return apiFail(ApiError::unsupportedMediaType(media));
    QString parseError;
    const Json patchBody = parseBody(body, false, &parseError);
    if (patchBody.is_discarded())
        return apiFail(ApiError::badRequest(parseError));
    const Json* live = m_store.find(type.storeId(), s(ns), s(name));
    if (!live)
        return apiFail(notFound(type, name));
    Json target = *live;
    if (merge) {
        if (!patchBody.is_object())
            return apiFail(ApiError::badRequest(QStringLiteral("a merge patch must be a JSON object")));
        mergePatch(target, patchBody);
    } else if (strategic) {
        if (auto ok = manifest::StrategicMergePatch::apply(target, withoutElementOrder(patchBody)); !ok)
            return apiFail(ApiError{422, QStringLiteral("Invalid"), ok.error().toString()});
    } else {
        auto parsed = manifest::JsonPatch::parse(patchBody);
        if (!parsed)
            return apiFail(ApiError::badRequest(parsed.error().toString()));
        // The real server names no operation or path here (a failed "test" included).
        if (auto ok = parsed->apply(target); !ok)
            return apiFail(ApiError{422, QStringLiteral("Invalid"),
                                    QStringLiteral("the server rejected our request due to an error in our request")});
    }
    if (auto ok = checkIdentity(type, ns, name, target, false); !ok)
        return apiFail(ok.error());
    const std::string wantVersion = json::metaText(target, "resourceVersion");
    if (!wantVersion.empty() && wantVersion != json::metaText(*live, "resourceVersion"))
        return apiFail(ApiError::conflict(type.qualifiedResource(), name,
                                          QStringLiteral("the object has been modified; please apply your changes to "
                                                         "the latest version and try again")));
    return commitUpdate(type, *live, std::move(target), options, subresource, false);
}

ApiResult<Json> ObjectService::applyPatch(const ResourceType& type, const QString& ns, const QString& name,
                                          const QByteArray& body, const WriteOptions& options, const QString& subresource) {
    if (options.fieldManager.empty()) {
        ApiError missing = ApiError::invalid(QStringLiteral("PatchOptions.meta.k8s.io"), QString(),
                                             QStringLiteral("fieldManager"), QStringLiteral("FieldValueRequired"),
                                             QStringLiteral("Required value: is required for apply patch"));
        missing.details.erase("name");
        return apiFail(missing);
    }
    QString parseError;
    Json config = parseBody(body, true, &parseError);
    if (config.is_discarded())
        return apiFail(ApiError::badRequest(parseError));
    if (!config.is_object())
        return apiFail(ApiError::badRequest(QStringLiteral("the applied configuration must be an object")));
    if (!config.contains("apiVersion") || !config.contains("kind"))
        return apiFail(ApiError::badRequest(QStringLiteral("apiVersion and kind must be set in an applied configuration")));
    // An applied configuration of another type (checkIdentity words it for create/update).
    const QString kind = json::qtext(config, "kind");
    const QString apiVersion = json::qtext(config, "apiVersion");
    if (kind != type.kind || apiVersion != type.groupVersion()) {
        const QString version = apiVersion.contains(QLatin1Char('/')) ? apiVersion : QLatin1Char('/') + apiVersion;
        return apiFail(ApiError::badRequest(QStringLiteral("invalid object type: %1, Kind=%2").arg(version, kind)));
    }
    if (auto typed = AppliedSchema::check(type, config); !typed)
        return apiFail(typed.error());
    if (auto ok = checkIdentity(type, ns, name, config, false); !ok)
        return apiFail(ok.error());
    const Json* live = m_store.find(type.storeId(), s(ns), s(name));
    Json& meta = config["metadata"];
    const std::string wantVersion = json::text(meta, "resourceVersion");
    if (!wantVersion.empty() && (!live || wantVersion != json::metaText(*live, "resourceVersion")))
        return apiFail(ApiError::conflict(type.qualifiedResource(), name,
                                          QStringLiteral("the object has been modified; please apply your changes to "
                                                         "the latest version and try again")));
    for (const char* key : {"resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "selfLink"})
        meta.erase(key);
    const bool statusWrite = subresource == QLatin1String("status");
    if (statusWrite) {
        if (!live)
            return apiFail(notFound(type, name));
        Json statusOnly = Json{{"apiVersion", config["apiVersion"]}, {"kind", config["kind"]}, {"metadata", meta}};
        if (config.contains("status"))
            statusOnly["status"] = config["status"];
        config = std::move(statusOnly);
    } else if (type.hasStatus) {
        config.erase("status");
    }
    ApplyRequest request{options.fieldManager, options.force, s(type.groupVersion()), !type.custom, now()};
    auto merged = ServerSideApply::apply(live, config, request);
    if (!merged)
        return apiFail(merged.error());
    if (!live)
        return commitCreate(type, std::move(*merged), options, true);
    return commitUpdate(type, *live, std::move(*merged), options, statusWrite ? QStringLiteral("status") : QString(), true);
}

ApiResult<Json> ObjectService::remove(const ResourceType& type, const QString& ns, const QString& name, Propagation propagation,
                                      bool dryRun) {
    const Json* live = m_store.find(type.storeId(), s(ns), s(name));
    if (!live)
        return apiFail(notFound(type, name));
    if (type.storeId() == kNamespaces &&
        (name == QLatin1String("default") || name == QLatin1String("kube-system") || name == QLatin1String("kube-public")))
        return apiFail(ApiError{403, QStringLiteral("Forbidden"),
                                QStringLiteral("namespaces \"%1\" is forbidden: this namespace may not be deleted").arg(name)});
    Json object = *live;
    if (dryRun)
        return object;
    if (hasFinalizers(object))
        return markDeleted(type, std::move(object), propagation);
    finishDeletion(type, object, propagation);
    return object;
}

Json ObjectService::markDeleted(const ResourceType& type, Json object, Propagation propagation) {
    if (isMarkedDeleted(object))
        return object; // deleted again while it waits: nothing changes
    // Foreground collects the dependents first and Orphan frees them now; Background leaves
    // them to the owner's actual removal.
    if (propagation != Propagation::Background)
        cascadeDelete(type, object, propagation);
    object["metadata"]["deletionTimestamp"] = now();
    object["metadata"]["deletionGracePeriodSeconds"] = 0;
    return m_store.put(type.storeId(), std::move(object));
}

void ObjectService::finishDeletion(const ResourceType& type, const Json& object, Propagation propagation) {
    cascadeDelete(type, object, propagation);
    m_store.remove(type.storeId(), json::metaText(object, "namespace"), json::metaText(object, "name"));
    if (type.storeId() == kCrds)
        m_catalog.unregisterDefinition(QString::fromStdString(json::metaText(object, "name")));
}

void ObjectService::cascadeDelete(const ResourceType& type, const Json& object, Propagation propagation) {
    const std::string uid = json::metaText(object, "uid");
    const std::string name = json::metaText(object, "name");
    std::vector<std::pair<std::string, std::string>> doomed; // storeId, key
    std::vector<std::pair<std::string, Json>> orphans;
    const bool isNamespace = type.storeId() == kNamespaces;
    std::string crdStore;
    if (type.storeId() == kCrds) {
        const Json& spec = object["spec"];
        crdStore = spec.value("group", std::string()) + '/' + spec["names"].value("plural", std::string());
    }
    for (const std::string& storeId : m_store.storeIds()) {
        for (const auto& [key, candidate] : *m_store.bucket(storeId)) {
            if ((isNamespace && json::metaText(candidate, "namespace") == name) || storeId == crdStore) {
                doomed.emplace_back(storeId, key);
                continue;
            }
            const Json* meta = json::child(candidate, "metadata");
            const Json* owners = meta ? json::child(*meta, "ownerReferences") : nullptr;
            if (!owners || !owners->is_array())
                continue;
            for (const auto& ref : *owners) {
                if (json::text(ref, "uid") != uid)
                    continue;
                if (propagation == Propagation::Orphan)
                    orphans.emplace_back(storeId, candidate);
                else
                    doomed.emplace_back(storeId, key);
                break;
            }
        }
    }
    for (auto& [storeId, orphan] : orphans) {
        Json& refs = orphan["metadata"]["ownerReferences"];
        Json kept = Json::array();
        for (const auto& ref : refs)
            if (json::text(ref, "uid") != uid)
                kept.push_back(ref);
        if (kept.empty())
            orphan["metadata"].erase("ownerReferences");
        else
            refs = kept;
        m_store.put(storeId, std::move(orphan));
    }
    for (const auto& [storeId, key] : doomed) {
        const auto slash = key.find('/');
        const std::string ns = key.substr(0, slash);
        const std::string depName = key.substr(slash + 1);
        const Json* dependent = m_store.find(storeId, ns, depName);
        if (!dependent)
            continue; // already gone with an earlier dependent
        const ResourceType* depType = m_catalog.findStoreId(storeId);
        // A dependent its finalizers hold waits, marked. (A deleted namespace's contents go
        // regardless: the devcluster finishes a namespace's deletion at once.)
        if (depType && !isNamespace && hasFinalizers(*dependent)) {
            markDeleted(*depType, *dependent, propagation);
            continue;
        }
        if (depType) {
            Json copy = *dependent;
            cascadeDelete(*depType, copy, propagation);
        }
        m_store.remove(storeId, ns, depName);
    }
}

void ObjectService::writeStatus(const ResourceType& type, const Json& object, const Json& status) {
    Json next = object;
    next["status"] = status;
    (void)commitUpdate(type, object, std::move(next), WriteOptions{false, "devcluster-controller", false},
                       QStringLiteral("status"), false);
}

} // namespace syncline::devcluster
