#include "manifest/JsonPatch.h"

#include <QString>

#include <charconv>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

// Values all copy operations of one patch may add together (JsonPatch::apply). Kubernetes
// stores objects of at most 1.5 MiB, far fewer values than this; a million let a 700-byte
// patch of doubling copies take a second of CPU (found by fuzzing).
constexpr std::size_t kMaxCopiedValues = 200'000;

util::Unexpected patchError(const std::string& operation, const std::string& problem) {
    return util::fail(
        util::ErrorCode::InvalidArgument,
        QStringLiteral("JSON patch %1: %2").arg(QString::fromStdString(operation), QString::fromStdString(problem)));
}

util::Result<std::vector<std::string>> parsePointer(const std::string& pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty())
        return tokens;
    if (pointer.front() != '/')
        return patchError(pointer, "a path must start with '/'");
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
            continue;
        }
        if (pointer[i] == '~') {
            if (i + 1 >= pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))
                return patchError(pointer, "'~' must be followed by 0 or 1");
            token += pointer[i + 1] == '0' ? '~' : '/';
            ++i;
            continue;
        }
        token += pointer[i];
    }
    return tokens;
}

std::optional<std::size_t> arrayIndex(const std::string& token, std::size_t size, bool allowEnd) {
    if (allowEnd && token == "-")
        return size;
    if (token.empty() || (token.size() > 1 && token[0] == '0'))
        return std::nullopt;
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
    if (ec != std::errc() || end != token.data() + token.size())
        return std::nullopt;
    if (index > size || (!allowEnd && index == size))
        return std::nullopt;
    return index;
}

// The container holding the last token of `path`.
Json* parentOf(Json& document, const std::vector<std::string>& path) {
    Json* node = &document;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        if (node->is_object()) {
            auto it = node->find(path[i]);
            if (it == node->end())
                return nullptr;
            node = &*it;
        } else if (node->is_array()) {
            auto index = arrayIndex(path[i], node->size(), false);
            if (!index)
                return nullptr;
            node = &(*node)[*index];
        } else {
            return nullptr;
        }
    }
    return node;
}

const Json* find(const Json& document, const std::vector<std::string>& path) {
    const Json* node = &document;
    for (const std::string& token : path) {
        if (node->is_object()) {
            auto it = node->find(token);
            if (it == node->end())
                return nullptr;
            node = &*it;
        } else if (node->is_array()) {
            auto index = arrayIndex(token, node->size(), false);
            if (!index)
                return nullptr;
            node = &(*node)[*index];
        } else {
            return nullptr;
        }
    }
    return node;
}

bool add(Json& document, const std::vector<std::string>& path, Json value) {
    if (path.empty()) {
        document = std::move(value);
        return true;
    }
    Json* parent = parentOf(document, path);
    if (!parent)
        return false;
    if (parent->is_object()) {
        (*parent)[path.back()] = std::move(value);
        return true;
    }
    if (parent->is_array()) {
        auto index = arrayIndex(path.back(), parent->size(), true);
        if (!index)
            return false;
        parent->insert(parent->begin() + std::ptrdiff_t(*index), std::move(value));
        return true;
    }
    return false;
}

std::optional<Json> remove(Json& document, const std::vector<std::string>& path) {
    if (path.empty())
        return std::nullopt;
    Json* parent = parentOf(document, path);
    if (!parent)
        return std::nullopt;
    if (parent->is_object()) {
        auto it = parent->find(path.back());
        if (it == parent->end())
            return std::nullopt;
        Json removed = std::move(*it);
        parent->erase(it);
        return removed;
    }
    if (parent->is_array()) {
        auto index = arrayIndex(path.back(), parent->size(), false);
        if (!index)
            return std::nullopt;
        Json removed = std::move((*parent)[*index]);
        parent->erase(parent->begin() + std::ptrdiff_t(*index));
        return removed;
    }
    return std::nullopt;
}

// Values (scalars and collections) in `value`, counting stopped past `limit`.
std::size_t countValues(const Json& value, std::size_t limit) {
    std::size_t count = 0;
    std::vector<const Json*> pending{&value};
    while (!pending.empty() && count <= limit) {
        const Json* node = pending.back();
        pending.pop_back();
        ++count;
        if (node->is_structured()) {
            for (const Json& child : *node)
                pending.push_back(&child);
        }
    }
    return count;
}

} // namespace

util::Result<JsonPatch> JsonPatch::parse(const nlohmann::ordered_json& operations) {
    if (!operations.is_array())
        return patchError("", "expected a list of operations");
    JsonPatch patch;
    for (const Json& item : operations) {
        if (!item.is_object())
            return patchError("", "each operation must be a mapping");
        Operation operation;
        auto op = item.find("op");
        auto path = item.find("path");
        if (op == item.end() || !op->is_string() || path == item.end() || !path->is_string())
            return patchError(item.dump(), "needs `op` and `path`");
        operation.op = op->get<std::string>();
        operation.text = operation.op + " " + path->get<std::string>();
        auto pointer = parsePointer(path->get<std::string>());
        if (!pointer)
            return util::fail(pointer.error());
        operation.path = std::move(*pointer);
        if (operation.op == "move" || operation.op == "copy") {
            auto from = item.find("from");
            if (from == item.end() || !from->is_string())
                return patchError(operation.text, "needs `from`");
            auto fromPointer = parsePointer(from->get<std::string>());
            if (!fromPointer)
                return util::fail(fromPointer.error());
            operation.from = std::move(*fromPointer);
        } else if (operation.op == "add" || operation.op == "replace" || operation.op == "test") {
            auto value = item.find("value");
            if (value == item.end())
                return patchError(operation.text, "needs `value`");
            operation.value = *value;
        } else if (operation.op != "remove") {
            return patchError(operation.text, "unknown operation");
        }
        patch.m_operations.push_back(std::move(operation));
    }
    return patch;
}

util::Result<void> JsonPatch::apply(nlohmann::ordered_json& document) const {
    Json result = document;
    std::size_t copiedValues = 0;
    for (const Operation& operation : m_operations) {
        bool ok = true;
        if (operation.op == "add") {
            ok = add(result, operation.path, operation.value);
        } else if (operation.op == "remove") {
            ok = remove(result, operation.path).has_value();
        } else if (operation.op == "replace") {
            ok = remove(result, operation.path).has_value() && add(result, operation.path, operation.value);
        } else if (operation.op == "move") {
            auto value = remove(result, operation.from);
            ok = value && add(result, operation.path, std::move(*value));
        } else if (operation.op == "copy") {
            const Json* value = find(result, operation.from);
            // Each copy of the root doubles the document: 40 of them in a 1 KB patch would
            // never finish. No object Kubernetes can store gets anywhere near the limit.
            if (value && (copiedValues += countValues(*value, kMaxCopiedValues)) > kMaxCopiedValues)
                return patchError(operation.text,
                                  "the patch copies more than " + std::to_string(kMaxCopiedValues) + " values; refused");
            ok = value && add(result, operation.path, Json(*value));
        } else if (operation.op == "test") {
            const Json* value = find(result, operation.path);
            if (!value || *value != operation.value)
                return patchError(operation.text, "test failed");
        }
        if (!ok)
            return patchError(operation.text, "path not found");
    }
    document = std::move(result);
    return {};
}

} // namespace syncline::manifest
