#include "manifest/ReplacementFieldPath.h"

#include "manifest/ReplacementScalars.h"

#include <charconv>
#include <memory>
#include <re2/re2.h>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::size_t kMaxPatternLength = 4096;
// Deeper than any Kubernetes object; bounds the recursion a created path could cause.
constexpr std::size_t kMaxParts = 64;

bool isListIndex(const std::string& part) { return part.size() >= 2 && part.front() == '[' && part.back() == ']'; }

// kyaml's IsIdxNumber: a non-negative integer.
std::optional<std::size_t> indexNumber(const std::string& part) {
    std::size_t value = 0;
    if (part.empty())
        return std::nullopt;
    auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size())
        return std::nullopt;
    return value;
}

// The kind a created field takes from the part after it (kyaml's getPathPartKind).
Json::value_t kindBefore(const std::vector<std::string>& parts, std::size_t next, Json::value_t last) {
    if (next >= parts.size())
        return last;
    const std::string& part = parts[next];
    if (isListIndex(part) || indexNumber(part))
        return Json::value_t::array;
    return Json::value_t::object;
}

Json emptyOf(Json::value_t kind) {
    if (kind == Json::value_t::object)
        return Json::object();
    if (kind == Json::value_t::array)
        return Json::array();
    return Json();
}

util::Unexpected invalid(const QString& message) { return util::fail(util::ErrorCode::InvalidArgument, message); }

util::Unexpected notBuiltIn(const QString& what) {
    return util::fail(util::ErrorCode::Unsupported, what); // the transformer says where and that it is not built in
}

util::Unexpected wrongKind(const std::string& part, const char* expected, const Json& node) {
    return invalid(QStringLiteral("wrong node kind at %1: expected %2 but got %3")
                       .arg(QString::fromStdString(part), QLatin1String(expected), QLatin1String(node.type_name())));
}

// "[name=value]" split at its first "=".
util::Result<std::pair<std::string, std::string>> splitListIndex(const std::string& part) {
    const std::string inner = part.substr(1, part.size() - 2);
    const auto equals = inner.find('=');
    if (equals == std::string::npos)
        return invalid(QStringLiteral("list path element must contain fieldName=fieldValue for element to match"));
    return std::make_pair(inner.substr(0, equals), inner.substr(equals + 1));
}

} // namespace

// One target walk: the path, whether to create, and the visitor.
struct ReplacementFieldPath::Walk {
    const std::vector<std::string>& parts;
    bool create;
    Json::value_t createKind;
    const Visitor& visitor;
    int visited = 0;

    util::Result<void> at(Json& node, std::size_t i, bool created) {
        if (i == parts.size()) {
            ++visited;
            return visitor(node, created);
        }
        const std::string& part = parts[i];
        if (node.is_null() && !created && create)
            return notBuiltIn(QStringLiteral("creating fields under a null value (%1)").arg(QString::fromStdString(part)));
        if (indexNumber(part))
            return index(node, i, *indexNumber(part));
        if (isListIndex(part))
            return list(node, i);
        if (part == "*")
            return every(node, i);
        return field(node, i);
    }

    util::Result<void> field(Json& node, std::size_t i) {
        const std::string& part = parts[i];
        if (node.is_null())
            return {};
        if (!node.is_object())
            return wrongKind(part, "a mapping", node);
        if (auto it = node.find(part); it != node.end())
            return at(*it, i + 1, false);
        if (!create)
            return {};
        node[part] = emptyOf(kindBefore(parts, i + 1, createKind));
        return at(node[part], i + 1, true);
    }

    util::Result<void> index(Json& node, std::size_t i, std::size_t position) {
        if (!node.is_array() && !node.is_null())
            return wrongKind(parts[i], "a list", node);
        const std::size_t size = node.is_array() ? node.size() : 0;
        if (position == size && create && node.is_array()) {
            node.push_back(emptyOf(kindBefore(parts, i + 1, createKind)));
            return at(node.back(), i + 1, true);
        }
        if (position >= size)
            return invalid(QStringLiteral("index %1 specified but only %2 elements found").arg(position).arg(size));
        return at(node[position], i + 1, false);
    }

    util::Result<void> every(Json& node, std::size_t i) {
        if (node.is_null())
            return {};
        if (!node.is_array())
            return wrongKind(parts[i], "a list", node);
        for (Json& element : node) {
            if (auto ok = at(element, i + 1, false); !ok)
                return ok;
        }
        return {};
    }

    util::Result<void> list(Json& node, std::size_t i) {
        auto split = splitListIndex(parts[i]);
        if (!split)
            return util::fail(split.error());
        const auto& [key, pattern] = *split;
        // kustomize matches the value as YAML prints it, quotes included: only patterns
        // that cannot tell the difference are matched natively.
        if (pattern.find_first_of("^$\"'") != std::string::npos || pattern.find("\\A") != std::string::npos ||
            pattern.find("\\z") != std::string::npos)
            return notBuiltIn(QStringLiteral("the list selector %1 (anchors or quotes)").arg(QString::fromStdString(parts[i])));
        if (pattern.size() > kMaxPatternLength)
            return invalid(QStringLiteral("list selector %1 is longer than %2 characters")
                               .arg(QString::fromStdString(parts[i].substr(0, 40)))
                               .arg(kMaxPatternLength));
        if (key.empty() && i + 1 != parts.size())
            return notBuiltIn(QStringLiteral("a path after %1").arg(QString::fromStdString(parts[i])));
        RE2::Options options;
        options.set_log_errors(false);
        const RE2 regex(pattern, options);
        if (!regex.ok())
            return invalid(QStringLiteral("error parsing regexp in %1: %2")
                               .arg(QString::fromStdString(parts[i]), QString::fromStdString(regex.error())));
        if (node.is_null())
            return {};
        if (!node.is_array())
            return wrongKind(parts[i], "a list", node);
        auto matched = matchElements(node, i, key, regex);
        if (!matched || *matched || !create)
            return matched ? util::Result<void>() : util::fail(matched.error());
        auto created = elementFor(key, pattern);
        if (!created)
            return util::fail(created.error());
        node.push_back(std::move(*created));
        matched = matchElements(node, i, key, regex);
        if (matched && !*matched)
            return notBuiltIn(
                QStringLiteral("a created element %1 its own pattern does not match").arg(QString::fromStdString(parts[i])));
        return matched ? util::Result<void>() : util::fail(matched.error());
    }

    // Visits the elements whose `key` (or, for "[=v]", the element itself) matches.
    util::Result<bool> matchElements(Json& node, std::size_t i, const std::string& key, const RE2& regex) {
        bool any = false;
        for (Json& element : node) {
            const Json* value = &element;
            if (!key.empty()) {
                if (!element.is_object() || !element.contains(key))
                    continue;
                value = &element[key];
            }
            std::optional<std::string> text =
                value->is_null() ? std::optional<std::string>("null") : replacement::scalarText(*value);
            if (!text)
                return notBuiltIn(
                    QStringLiteral("matching %1 against a mapping, a list or a float").arg(QString::fromStdString(parts[i])));
            if (!RE2::PartialMatch(*text, regex))
                continue;
            any = true;
            if (auto ok = at(element, i + 1, false); !ok)
                return util::fail(ok.error());
        }
        return any;
    }

    static util::Result<Json> elementFor(const std::string& key, const std::string& pattern) {
        auto value = replacement::resolvePlain(pattern);
        if (!value)
            return notBuiltIn(QStringLiteral("creating a list element with the value %1").arg(QString::fromStdString(pattern)));
        if (key.empty())
            return value->value;
        Json element = Json::object();
        element[key] = value->value;
        return element;
    }
};

ReplacementFieldPath ReplacementFieldPath::parse(std::string_view text) {
    ReplacementFieldPath path;
    path.m_text = std::string(text);
    // kyaml's PathSplitter: "\." does not split.
    std::vector<std::string> pieces;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        std::string piece(text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (!pieces.empty() && !pieces.back().empty() && pieces.back().back() == '\\') {
            pieces.back().back() = '.';
            pieces.back() += piece;
        } else {
            pieces.push_back(std::move(piece));
        }
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    // SmarterPathSplitter: "[a.b=c]" stays one part.
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        std::string part = pieces[i];
        if (!part.empty() && part.front() == '[' && part.back() != ']') {
            while (i + 1 < pieces.size()) {
                part += "." + pieces[++i];
                if (!part.empty() && part.back() == ']')
                    break;
            }
        }
        path.m_parts.push_back(std::move(part));
    }
    return path;
}

util::Result<const Json*> ReplacementFieldPath::lookup(const Json& root) const {
    if (m_parts.size() > kMaxParts)
        return invalid(QStringLiteral("error looking up replacement source: a field path of more than %1 parts").arg(kMaxParts));
    const Json* node = &root;
    for (const std::string& part : m_parts) {
        if (part == "*")
            return invalid(QStringLiteral("error looking up replacement source: wildcard is not supported in PathGetter"));
        if (part.empty() || part == "-")
            return notBuiltIn(QStringLiteral("the source path %1").arg(QString::fromStdString(m_text)));
        if (node->is_null())
            return nullptr;
        if (isListIndex(part)) {
            auto split = splitListIndex(part);
            if (!split)
                return util::fail(util::ErrorCode::InvalidArgument,
                                  QStringLiteral("error looking up replacement source: ") + split.error().message);
            if (split->first.empty() || !node->is_array())
                return notBuiltIn(QStringLiteral("the source path %1").arg(QString::fromStdString(m_text)));
            const Json* found = nullptr;
            for (const Json& element : *node) {
                auto it = element.is_object() ? element.find(split->first) : element.end();
                if (element.is_object() && it != element.end() && replacement::scalarText(*it) == split->second) {
                    found = &element;
                    break;
                }
            }
            if (!found)
                return nullptr;
            node = found;
        } else if (auto position = indexNumber(part); position && node->is_array()) {
            if (*position >= node->size())
                return nullptr;
            node = &(*node)[*position];
        } else if (node->is_object()) {
            auto it = node->find(part);
            if (it == node->end())
                return nullptr;
            node = &*it;
        } else {
            return notBuiltIn(QStringLiteral("the source path %1").arg(QString::fromStdString(m_text)));
        }
    }
    return node;
}

util::Result<int> ReplacementFieldPath::visit(Json& root, bool create, Json::value_t createKind, const Visitor& visitor) const {
    if (m_parts.size() > kMaxParts)
        return invalid(QStringLiteral("a field path of more than %1 parts").arg(kMaxParts));
    for (const std::string& part : m_parts) {
        if (part.empty())
            return notBuiltIn(QStringLiteral("the empty part in %1").arg(QString::fromStdString(m_text)));
    }
    Walk walk{m_parts, create, createKind, visitor};
    if (auto ok = walk.at(root, 0, false); !ok)
        return util::fail(ok.error());
    return walk.visited;
}

} // namespace syncline::manifest
