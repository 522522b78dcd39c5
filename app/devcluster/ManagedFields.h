#pragma once

#include "FieldSet.h"
#include "Json.h"

#include <string>
#include <vector>

namespace syncline::devcluster {

// metadata.managedFields: which manager owns which fields, by operation (Apply/Update)
// and subresource, in the API server's format (fieldsType FieldsV1).
class ManagedFields {
public:
    struct Entry {
        std::string manager;
        std::string operation; // "Apply" or "Update"
        std::string apiVersion;
        std::string time;
        std::string subresource; // "", "status" or "scale"
        FieldSet fields;
    };

    static ManagedFields read(const Json& object);
    Json toJson() const;
    std::vector<Entry>& entries() { return m_entries; }
    const std::vector<Entry>& entries() const { return m_entries; }

    Entry* find(const std::string& manager, const std::string& operation, const std::string& subresource);
    Entry& findOrAdd(const std::string& manager, const std::string& operation, const std::string& subresource);
    void dropEmpty();
    // Same owners and fields (times aside).
    bool sameOwnership(const ManagedFields& other) const;

    // A non-apply write (create, update, patch) by `manager`: it takes the fields whose
    // values it changed (from every other manager) and fields it removed belong to no one.
    void recordUpdate(const Json* before, const Json& after, const std::string& manager, const std::string& apiVersion,
                      const std::string& subresource, bool keyedLists, const std::string& now);

private:
    std::vector<Entry> m_entries;
};

} // namespace syncline::devcluster
