#include "ManagedFields.h"

#include "JsonUtil.h"

#include <algorithm>

namespace syncline::devcluster {

ManagedFields ManagedFields::read(const Json& object) {
    ManagedFields out;
    const Json* meta = json::child(object, "metadata");
    const Json* list = meta ? json::child(*meta, "managedFields") : nullptr;
    if (!list || !list->is_array())
        return out;
    for (const auto& item : *list) {
        if (!item.is_object())
            continue;
        Entry entry;
        entry.manager = json::text(item, "manager");
        entry.operation = json::text(item, "operation");
        entry.apiVersion = json::text(item, "apiVersion");
        entry.time = json::text(item, "time");
        entry.subresource = json::text(item, "subresource");
        if (const Json* fields = json::child(item, "fieldsV1"))
            entry.fields = FieldSet::fromFieldsV1(*fields);
        out.m_entries.push_back(std::move(entry));
    }
    return out;
}

Json ManagedFields::toJson() const {
    Json list = Json::array();
    for (const auto& entry : m_entries) {
        Json item = Json::object();
        item["manager"] = entry.manager;
        item["operation"] = entry.operation;
        item["apiVersion"] = entry.apiVersion;
        item["time"] = entry.time;
        item["fieldsType"] = "FieldsV1";
        item["fieldsV1"] = entry.fields.fieldsV1();
        if (!entry.subresource.empty())
            item["subresource"] = entry.subresource;
        list.push_back(std::move(item));
    }
    return list;
}

ManagedFields::Entry* ManagedFields::find(const std::string& manager, const std::string& operation,
                                          const std::string& subresource) {
    for (auto& entry : m_entries)
        if (entry.manager == manager && entry.operation == operation && entry.subresource == subresource)
            return &entry;
    return nullptr;
}

ManagedFields::Entry& ManagedFields::findOrAdd(const std::string& manager, const std::string& operation,
                                               const std::string& subresource) {
    if (Entry* entry = find(manager, operation, subresource))
        return *entry;
    m_entries.push_back(Entry{manager, operation, {}, {}, subresource, {}});
    return m_entries.back();
}

void ManagedFields::dropEmpty() {
    m_entries.erase(std::remove_if(m_entries.begin(), m_entries.end(), [](const Entry& entry) { return entry.fields.empty(); }),
                    m_entries.end());
}

bool ManagedFields::sameOwnership(const ManagedFields& other) const {
    if (m_entries.size() != other.m_entries.size())
        return false;
    for (size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& a = m_entries[i];
        const Entry& b = other.m_entries[i];
        if (a.manager != b.manager || a.operation != b.operation || a.subresource != b.subresource ||
            a.apiVersion != b.apiVersion || !(a.fields == b.fields))
            return false;
    }
    return true;
}

void ManagedFields::recordUpdate(const Json* before, const Json& after, const std::string& manager, const std::string& apiVersion,
                                 const std::string& subresource, bool keyedLists, const std::string& now) {
    const bool statusOnly = subresource == "status";
    const FieldSet afterSet = FieldSet::fromObject(after, keyedLists, statusOnly);
    std::vector<FieldSet::Path> changed;
    for (const auto& path : afterSet.leaves()) {
        const Json* was = before ? FieldSet::resolve(*before, path) : nullptr;
        if (!was) {
            changed.push_back(path);
            continue;
        }
        if (path.back() == ".")
            continue;
        const Json* is = FieldSet::resolve(after, path);
        if (!is || *is != *was)
            changed.push_back(path);
    }
    std::vector<FieldSet::Path> removed;
    if (before) {
        const FieldSet beforeSet = FieldSet::fromObject(*before, keyedLists, statusOnly);
        for (const auto& path : beforeSet.leaves())
            if (!afterSet.contains(path) && !FieldSet::resolve(after, path))
                removed.push_back(path);
    }
    if (changed.empty() && removed.empty())
        return;
    for (auto& entry : m_entries) {
        for (const auto& path : changed)
            entry.fields.remove(path);
        for (const auto& path : removed)
            entry.fields.remove(path);
    }
    if (!changed.empty()) {
        Entry& mine = findOrAdd(manager, "Update", subresource);
        for (const auto& path : changed)
            mine.fields.insert(path);
        mine.time = now;
        mine.apiVersion = apiVersion;
    }
    dropEmpty();
}

} // namespace syncline::devcluster
