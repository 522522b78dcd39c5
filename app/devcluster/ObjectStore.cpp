#include "ObjectStore.h"

#include "JsonUtil.h"
#include "Persistence.h"

namespace syncline::devcluster {

namespace {
constexpr size_t kHistory = 20000;
}

ObjectStore::ObjectStore(Persistence* persistence, QObject* parent) : QObject(parent), m_persistence(persistence) {}

const Json* ObjectStore::find(const std::string& storeId, const std::string& ns, const std::string& name) const {
    auto b = m_buckets.find(storeId);
    if (b == m_buckets.end())
        return nullptr;
    auto it = b->second.find(key(ns, name));
    return it == b->second.end() ? nullptr : &it->second;
}

const ObjectStore::Bucket* ObjectStore::bucket(const std::string& storeId) const {
    auto b = m_buckets.find(storeId);
    return b == m_buckets.end() ? nullptr : &b->second;
}

std::vector<std::string> ObjectStore::storeIds() const {
    std::vector<std::string> out;
    for (const auto& [id, bucket] : m_buckets)
        if (!bucket.empty())
            out.push_back(id);
    return out;
}

const Json& ObjectStore::put(const std::string& storeId, Json object) {
    ++m_resourceVersion;
    object["metadata"]["resourceVersion"] = std::to_string(m_resourceVersion);
    if (m_persistence)
        m_persistence->recordPut(storeId, object);
    return keep(storeId, std::move(object));
}

const Json* ObjectStore::tryPut(const std::string& storeId, Json object, QString* error) {
    object["metadata"]["resourceVersion"] = std::to_string(m_resourceVersion + 1);
    if (m_persistence && !m_persistence->recordPut(storeId, object)) {
        if (error)
            *error = m_persistence->writeError();
        return nullptr;
    }
    ++m_resourceVersion;
    return &keep(storeId, std::move(object));
}

// In memory, and announced to watches.
const Json& ObjectStore::keep(const std::string& storeId, Json object) {
    const std::string k = key(json::metaText(object, "namespace"), json::metaText(object, "name"));
    Bucket& bucket = m_buckets[storeId];
    const bool existed = bucket.count(k) > 0;
    Json& stored = bucket[k];
    stored = std::move(object);
    remember(
        WatchEvent{existed ? QByteArrayLiteral("MODIFIED") : QByteArrayLiteral("ADDED"), storeId, stored, m_resourceVersion});
    return stored;
}

void ObjectStore::remove(const std::string& storeId, const std::string& ns, const std::string& name) {
    auto b = m_buckets.find(storeId);
    if (b == m_buckets.end())
        return;
    auto it = b->second.find(key(ns, name));
    if (it == b->second.end())
        return;
    ++m_resourceVersion;
    Json object = std::move(it->second);
    b->second.erase(it);
    object["metadata"]["resourceVersion"] = std::to_string(m_resourceVersion);
    if (m_persistence)
        m_persistence->recordDelete(storeId, key(ns, name), m_resourceVersion);
    remember(WatchEvent{QByteArrayLiteral("DELETED"), storeId, std::move(object), m_resourceVersion});
}

void ObjectStore::restore(const std::string& storeId, Json object) {
    const std::string k = key(json::metaText(object, "namespace"), json::metaText(object, "name"));
    m_buckets[storeId][k] = std::move(object);
}

void ObjectStore::restoreResourceVersion(quint64 resourceVersion) {
    m_resourceVersion = std::max(m_resourceVersion, resourceVersion);
}

std::vector<const WatchEvent*> ObjectStore::eventsSince(quint64 resourceVersion, bool* tooOld) const {
    std::vector<const WatchEvent*> out;
    *tooOld = false;
    if (resourceVersion >= m_resourceVersion)
        return out;
    if (m_history.empty() || m_history.front().resourceVersion > resourceVersion + 1) {
        *tooOld = true;
        return out;
    }
    for (const auto& event : m_history)
        if (event.resourceVersion > resourceVersion)
            out.push_back(&event);
    return out;
}

void ObjectStore::remember(WatchEvent event) {
    m_history.push_back(std::move(event));
    if (m_history.size() > kHistory)
        m_history.pop_front();
    Q_EMIT changed(m_history.back());
}

} // namespace syncline::devcluster
