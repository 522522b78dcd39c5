#include "diff/Normalizer.h"

namespace syncline::diff {

namespace {

using Json = nlohmann::ordered_json;
using Node = FieldFilter::Node;

Json copyFiltered(const Json& value, const Node* node, const RenameMap* renames) {
    if (value.is_object()) {
        if (!node && !renames)
            return value;
        Json out = Json::object();
        for (const auto& [key, child] : value.items()) {
            const Node* childNode = FieldFilter::childForKey(node, key);
            if (FieldFilter::isDropped(childNode))
                continue;
            Json copied = copyFiltered(child, childNode, renames);
            // A map that held only filtered fields is not kept as an empty map.
            if (copied.is_object() && copied.empty() && !child.empty())
                continue;
            appendMember(out, key, std::move(copied));
        }
        return out;
    }
    if (value.is_array()) {
        if (!node && !renames)
            return value;
        Json out = Json::array();
        for (std::size_t i = 0; i < value.size(); ++i) {
            const Node* childNode = FieldFilter::childForItem(node, i, value[i]);
            if (FieldFilter::isDropped(childNode))
                continue;
            out.push_back(copyFiltered(value[i], childNode, renames));
        }
        return out;
    }
    if (renames && value.is_string()) {
        if (auto it = renames->find(value.get_ref<const std::string&>()); it != renames->end())
            return it->second;
    }
    return value;
}

} // namespace

Json Normalizer::normalize(const Json& body, const NormalizeContext& context) {
    static const FieldFilter serverOwned;
    const FieldFilter& filter = context.filter ? *context.filter : serverOwned;
    Json out = copyFiltered(body, filter.root(), context.renames);
    if (!out.is_object())
        return out;
    if (context.name || context.namespaceName || context.dropNamespace) {
        Json& metadata = out["metadata"];
        if (!metadata.is_object())
            metadata = Json::object();
        if (context.name)
            metadata["name"] = *context.name;
        if (context.dropNamespace)
            metadata.erase("namespace");
        else if (context.namespaceName)
            metadata["namespace"] = *context.namespaceName;
    }
    if (context.masker)
        context.masker->mask(out);
    return out;
}

} // namespace syncline::diff
