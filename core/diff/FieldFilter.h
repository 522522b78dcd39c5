#pragma once

#include "diff/IgnoreRule.h"
#include "manifest/ResourceKey.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace syncline::diff {

// The fields left out of a comparison, as a tree of path segments walked alongside the
// objects: the server-owned fields every comparison drops (status, metadata.managedFields,
// resourceVersion, uid, generation, creationTimestamp, selfLink and the
// kubectl.kubernetes.io/last-applied-configuration annotation) plus the JSON pointers of
// the ignore rules that apply to one object. Lookups never allocate; a null node means
// "nothing filtered below here".
class FieldFilter {
public:
    struct Node;

    // The server-owned fields only (shared, built once).
    FieldFilter();
    // The server-owned fields plus the pointers of every rule that matches any of `keys`.
    static FieldFilter forKeys(const std::vector<IgnoreRule>& rules, std::initializer_list<const manifest::ResourceKey*> keys);

    const Node* root() const { return m_root.get(); }

    static const Node* childForKey(const Node* node, std::string_view key);
    // The item at `index` of a list; segments `<key>=<value>` match by the item's content.
    static const Node* childForItem(const Node* node, std::size_t index, const nlohmann::ordered_json& item);
    static bool isDropped(const Node* node);

private:
    explicit FieldFilter(std::shared_ptr<const Node> root) : m_root(std::move(root)) {}

    std::shared_ptr<const Node> m_root;
};

// A parsed path segment of FieldChange/IgnoreRule notation.
struct PathSegment {
    std::string text;                 // unescaped; a map key
    std::optional<std::size_t> index; // text is all digits
    std::string itemKey;              // text is "<itemKey>=<itemValue>"
    std::string itemValue;
    bool keyed = false;

    bool matchesItem(std::size_t position, const nlohmann::ordered_json& item) const;
};

// "/a/b~1c/name=api/0" → segments; nullopt when the pointer does not start with "/"
// (the empty pointer, "the whole document", is not accepted as an ignore rule).
std::optional<std::vector<PathSegment>> parsePointer(std::string_view pointer);

// Appends "/<key>" with RFC 6901 escaping.
void appendPathKey(std::string& path, std::string_view key);
// The text of a merge-key value in a path: strings as they are, numbers and bools as JSON.
void appendScalarText(std::string& out, const nlohmann::ordered_json& value);

} // namespace syncline::diff
