#include "diff/FieldFilter.h"

#include <algorithm>

namespace syncline::diff {

struct FieldFilter::Node {
    PathSegment segment;
    bool dropped = false;
    std::vector<std::unique_ptr<Node>> children;

    Node* child(const PathSegment& s) {
        for (auto& c : children)
            if (c->segment.text == s.text)
                return c.get();
        children.push_back(std::make_unique<Node>());
        children.back()->segment = s;
        return children.back().get();
    }

    void insert(const std::vector<PathSegment>& path) {
        Node* node = this;
        for (const auto& s : path) {
            if (node->dropped)
                return; // an ancestor is dropped already
            node = node->child(s);
        }
        node->dropped = true;
        node->children.clear();
    }
};

namespace {

void addBuiltins(FieldFilter::Node& root) {
    static const char* const pointers[] = {
        "/status",
        "/metadata/managedFields",
        "/metadata/resourceVersion",
        "/metadata/uid",
        "/metadata/generation",
        "/metadata/creationTimestamp",
        "/metadata/selfLink",
        "/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration",
    };
    for (const char* pointer : pointers)
        root.insert(*parsePointer(pointer));
}

const std::shared_ptr<const FieldFilter::Node>& builtinRoot() {
    static const std::shared_ptr<const FieldFilter::Node> root = [] {
        auto node = std::make_shared<FieldFilter::Node>();
        addBuiltins(*node);
        return std::shared_ptr<const FieldFilter::Node>(std::move(node));
    }();
    return root;
}

bool allDigits(std::string_view s) {
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

FieldFilter::FieldFilter() : m_root(builtinRoot()) {}

FieldFilter FieldFilter::forKeys(const std::vector<IgnoreRule>& rules, std::initializer_list<const manifest::ResourceKey*> keys) {
    std::shared_ptr<Node> root;
    for (const auto& rule : rules) {
        const bool applies =
            std::any_of(keys.begin(), keys.end(), [&](const manifest::ResourceKey* k) { return k && rule.matches(*k); });
        if (!applies)
            continue;
        if (!root) {
            root = std::make_shared<Node>();
            addBuiltins(*root);
        }
        for (const auto& pointer : rule.jsonPointers)
            if (auto path = parsePointer(pointer))
                root->insert(*path);
    }
    return root ? FieldFilter(std::move(root)) : FieldFilter();
}

const FieldFilter::Node* FieldFilter::childForKey(const Node* node, std::string_view key) {
    if (!node)
        return nullptr;
    for (const auto& c : node->children)
        if (c->segment.text == key)
            return c.get();
    return nullptr;
}

const FieldFilter::Node* FieldFilter::childForItem(const Node* node, std::size_t index, const nlohmann::ordered_json& item) {
    if (!node)
        return nullptr;
    const Node* found = nullptr;
    for (const auto& c : node->children) {
        if (c->segment.matchesItem(index, item)) {
            if (c->dropped)
                return c.get();
            if (!found)
                found = c.get();
        }
    }
    return found;
}

bool FieldFilter::isDropped(const Node* node) { return node && node->dropped; }

bool PathSegment::matchesItem(std::size_t position, const nlohmann::ordered_json& item) const {
    if (index)
        return *index == position;
    if (!keyed || !item.is_object())
        return false;
    auto it = item.find(itemKey);
    if (it == item.end())
        return false;
    if (it->is_string())
        return it->get_ref<const std::string&>() == itemValue;
    std::string text;
    appendScalarText(text, *it);
    return text == itemValue;
}

std::optional<std::vector<PathSegment>> parsePointer(std::string_view pointer) {
    if (pointer.empty() || pointer.front() != '/')
        return std::nullopt;
    std::vector<PathSegment> segments;
    std::size_t pos = 1;
    while (true) {
        const std::size_t end = std::min(pointer.find('/', pos), pointer.size());
        PathSegment segment;
        for (std::size_t i = pos; i < end; ++i) {
            if (pointer[i] == '~' && i + 1 < end && (pointer[i + 1] == '0' || pointer[i + 1] == '1')) {
                segment.text += pointer[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                segment.text += pointer[i];
            }
        }
        if (allDigits(segment.text)) {
            segment.index = std::stoul(segment.text);
        } else if (auto eq = segment.text.find('='); eq != std::string::npos && eq > 0) {
            segment.keyed = true;
            segment.itemKey = segment.text.substr(0, eq);
            segment.itemValue = segment.text.substr(eq + 1);
        }
        segments.push_back(std::move(segment));
        if (end == pointer.size())
            break;
        pos = end + 1;
    }
    return segments;
}

void appendPathKey(std::string& path, std::string_view key) {
    path += '/';
    for (char c : key) {
        if (c == '~')
            path += "~0";
        else if (c == '/')
            path += "~1";
        else
            path += c;
    }
}

void appendScalarText(std::string& out, const nlohmann::ordered_json& value) {
    if (value.is_string()) {
        for (char c : value.get_ref<const std::string&>()) {
            if (c == '~')
                out += "~0";
            else if (c == '/')
                out += "~1";
            else
                out += c;
        }
    } else {
        out += value.dump();
    }
}

} // namespace syncline::diff
