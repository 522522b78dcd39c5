#pragma once

#include "Json.h"

#include <QString>

#include <string>
#include <vector>

namespace syncline::devcluster {

// A set of field paths in the API server's FieldsV1 form: a trie whose keys are path
// elements — "f:<field>", "k:<merge key JSON>" for an item of a keyed list, "." for the
// node itself — and whose leaves are empty objects.
class FieldSet {
public:
    using Path = std::vector<std::string>;

    FieldSet() = default;
    static FieldSet fromFieldsV1(const Json& fieldsV1);
    // The fields an object sets. `keyedLists`: lists with a merge key (containers by name,
    // ports by port, ...) are sets of items; otherwise every list is atomic. Identity and
    // server-owned metadata are left out; status only when `statusOnly`, and then only it.
    static FieldSet fromObject(const Json& object, bool keyedLists, bool statusOnly = false);

    const Json& fieldsV1() const { return m_root; }
    bool empty() const { return m_root.empty(); }
    std::vector<Path> leaves() const;
    bool contains(const Path& path) const;
    bool containsUnder(const Path& prefix) const; // a leaf at or below prefix
    void insert(const Path& path);
    void remove(const Path& path);
    bool operator==(const FieldSet& other) const { return m_root == other.m_root; }

    // ".spec.template.spec.containers[name=\"web\"].image", as conflict messages print it.
    static QString describe(const Path& path);
    // The value at `path` in a document, or nullptr.
    static const Json* resolve(const Json& document, const Path& path);
    // Removes the field (or list item, for a path ending in ".") from a document.
    static void erase(Json& document, const Path& path);
    // The merge key field of a list (containers -> "name"), or "" when the list is atomic.
    static std::string mergeKeyFor(const std::string& fieldName, const Json& list);

private:
    Json m_root = Json::object();
};

} // namespace syncline::devcluster
