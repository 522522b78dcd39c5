#include "manifest/YamlParser.h"

#include "util/Text.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <yaml.h>

namespace syncline::manifest {

namespace {

using Json = nlohmann::ordered_json;
using Object = Json::object_t;
using Array = Json::array_t;

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";
// Below this many keys a linear scan finds duplicates faster than a hash set.
constexpr std::size_t kIndexedKeysFrom = 16;

struct Position {
    int line = 0;
    int column = 0;
};

Position toPosition(const yaml_mark_t& mark) { return {int(mark.line) + 1, int(mark.column) + 1}; }

std::string_view viewOf(const yaml_char_t* text, std::size_t length) {
    return text ? std::string_view(reinterpret_cast<const char*>(text), length) : std::string_view();
}

std::string_view viewOf(const yaml_char_t* text) {
    return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool allOf(std::string_view s, bool (*pred)(char)) { return !s.empty() && std::all_of(s.begin(), s.end(), pred); }

// --- YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema) ---

bool isCoreNull(std::string_view s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::optional<bool> coreBool(std::string_view s) {
    if (s == "true" || s == "True" || s == "TRUE")
        return true;
    if (s == "false" || s == "False" || s == "FALSE")
        return false;
    return std::nullopt;
}

Json unsignedJson(std::uint64_t value) {
    if (value <= std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        return Json(std::int64_t(value));
    return Json(value);
}

// from_chars rejects a leading '+'; YAML allows it.
std::string_view dropPlus(std::string_view s) { return !s.empty() && s.front() == '+' ? s.substr(1) : s; }

std::optional<double> toDouble(std::string_view s) {
    s = dropPlus(s);
    double value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec == std::errc::result_out_of_range) {
        // Too small underflows to zero, too large is infinite: the value YAML means.
        const auto e = s.find_first_of("eE");
        const bool tiny = e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
        const bool negative = s.front() == '-';
        if (tiny)
            return negative ? -0.0 : 0.0;
        return negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    }
    if (ec != std::errc() || end != s.data() + s.size())
        return std::nullopt;
    return value;
}

// [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+
std::optional<Json> coreInt(std::string_view s) {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
        const int base = s[1] == 'o' ? 8 : 16;
        const std::string_view digits = s.substr(2);
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
        if (ec != std::errc() || end != digits.data() + digits.size())
            return std::nullopt;
        return unsignedJson(value);
    }
    const std::string_view unsignedPart = (s.starts_with('-') || s.starts_with('+')) ? s.substr(1) : s;
    if (!allOf(unsignedPart, isDigit))
        return std::nullopt;
    const std::string_view text = dropPlus(s);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc())
        return Json(value);
    if (!s.starts_with('-')) {
        std::uint64_t big = 0;
        if (std::from_chars(text.data(), text.data() + text.size(), big).ec == std::errc())
            return Json(big);
    }
    return Json(*toDouble(s)); // beyond 64 bits: keep the magnitude as a float
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
std::optional<Json> coreFloat(std::string_view s) {
    if (s == ".nan" || s == ".NaN" || s == ".NAN")
        return Json(std::numeric_limits<double>::quiet_NaN());
    const bool negative = s.starts_with('-');
    const std::string_view body = (negative || s.starts_with('+')) ? s.substr(1) : s;
    if (body == ".inf" || body == ".Inf" || body == ".INF")
        return Json(negative ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity());
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < body.size() && isDigit(body[i]))
            ++i;
        return i - from;
    };
    const std::size_t intDigits = digits();
    if (i < body.size() && body[i] == '.') {
        ++i;
        if (digits() == 0 && intDigits == 0)
            return std::nullopt;
    } else if (intDigits == 0) {
        return std::nullopt;
    }
    if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        ++i;
        if (i < body.size() && (body[i] == '-' || body[i] == '+'))
            ++i;
        if (digits() == 0)
            return std::nullopt;
    }
    if (i != body.size())
        return std::nullopt;
    if (auto value = toDouble(s))
        return Json(*value);
    return std::nullopt;
}

Json resolvePlain(std::string_view s) {
    if (s.empty())
        return Json(nullptr);
    switch (s.front()) {
    case '~':
    case 'n':
    case 'N':
        if (isCoreNull(s))
            return Json(nullptr);
        break;
    case 't':
    case 'T':
    case 'f':
    case 'F':
        if (auto b = coreBool(s))
            return Json(*b);
        break;
    case '-':
    case '+':
    case '.':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        if (auto i = coreInt(s))
            return std::move(*i);
        if (auto f = coreFloat(s))
            return std::move(*f);
        break;
    default:
        break;
    }
    return Json(std::string(s));
}

struct AnchorValue {
    Json value;
    std::size_t nodes = 1;
    std::size_t bytes = 0; // scalar and key bytes inside, what an alias copies
    int height = 0;        // 0 for a scalar, 1 for a flat collection
};

struct Frame {
    bool mapping = false;
    Json value;
    Position start;
    std::string anchor;
    std::size_t nodesAtStart = 0;
    std::size_t bytesAtStart = 0;
    int height = 1;
    // Mapping state: the key waiting for its value.
    bool haveKey = false;
    bool keyIsMerge = false;
    std::string key;
    Position keyPosition;
    std::vector<Json> merges; // "<<" sources, in order
    std::unique_ptr<std::unordered_set<std::string>> keyIndex;
};

struct LibyamlParser {
    yaml_parser_t parser;
    bool ok = false;
    LibyamlParser() { ok = yaml_parser_initialize(&parser) != 0; }
    ~LibyamlParser() { yaml_parser_delete(&parser); }
    LibyamlParser(const LibyamlParser&) = delete;
    LibyamlParser& operator=(const LibyamlParser&) = delete;
};

struct LibyamlEvent {
    yaml_event_t event{};
    ~LibyamlEvent() { yaml_event_delete(&event); }
};

class StreamBuilder {
public:
    StreamBuilder(std::string_view bytes, const QString& fileName, const YamlLimits& limits, RenderBudget* budget)
        : m_bytes(bytes), m_fileName(fileName), m_limits(limits), m_budget(budget) {}

    util::Result<std::vector<YamlDocument>> run();

private:
    util::Unexpected failAt(Position pos, const QString& message) const {
        return util::fail(util::ErrorCode::InvalidArgument, message,
                          m_fileName + u':' + QString::number(pos.line) + u':' + QString::number(pos.column));
    }
    util::Unexpected libyamlFailure(const yaml_parser_t& parser) const;
    Position positionOfOffset(std::size_t offset) const;

    util::Result<void> onScalar(const yaml_event_t& event);
    util::Result<void> onAlias(const yaml_event_t& event);
    util::Result<void> onStart(bool mapping, const yaml_char_t* anchor, const yaml_mark_t& mark);
    util::Result<void> onEnd();
    util::Result<void> addValue(Json&& value, int height, Position pos);
    util::Result<void> chargeCopies(std::size_t nodes, Position pos);
    util::Result<void> chargeAliasBytes(std::size_t bytes, Position pos);
    QString where(Position pos) const {
        return m_fileName + u':' + QString::number(pos.line) + u':' + QString::number(pos.column);
    }
    bool awaitingKey() const { return !m_stack.empty() && m_stack.back().mapping && !m_stack.back().haveKey; }

    static bool containsKey(const Frame& frame, const std::string& key);
    static void appendKey(Frame& frame, std::string key, Json&& value);

    std::string_view m_bytes;
    const QString& m_fileName;
    const YamlLimits& m_limits;
    RenderBudget* m_budget;

    std::vector<Frame> m_stack;
    std::unordered_map<std::string, AnchorValue> m_anchors;
    std::optional<Json> m_root;
    Position m_rootPosition;
    std::size_t m_nodes = 0;
    std::size_t m_copiedNodes = 0;
    std::size_t m_scalarBytes = 0; // scalar and key bytes so far, aliases expanded
    std::size_t m_aliasBytes = 0;
};

Position StreamBuilder::positionOfOffset(std::size_t offset) const {
    Position pos{1, 1};
    const std::size_t end = std::min(offset, m_bytes.size());
    for (std::size_t i = 0; i < end; ++i) {
        if (m_bytes[i] == '\n') {
            ++pos.line;
            pos.column = 1;
        } else if ((static_cast<unsigned char>(m_bytes[i]) & 0xC0) != 0x80) {
            ++pos.column;
        }
    }
    return pos;
}

util::Unexpected StreamBuilder::libyamlFailure(const yaml_parser_t& parser) const {
    if (parser.error == YAML_MEMORY_ERROR)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("out of memory while parsing YAML"), m_fileName);
    QString message = QString::fromUtf8(parser.problem ? parser.problem : "invalid YAML");
    Position pos;
    if (parser.error == YAML_READER_ERROR) {
        // Reader errors (bad UTF-8, control characters) carry a byte offset, not a mark.
        pos = positionOfOffset(parser.problem_offset);
        if (parser.problem_value != -1)
            message += QStringLiteral(" (byte 0x%1)").arg(parser.problem_value, 2, 16, QLatin1Char('0'));
    } else {
        pos = toPosition(parser.problem_mark);
        if (parser.context)
            message +=
                QStringLiteral(" (%1 at line %2)").arg(QString::fromUtf8(parser.context)).arg(parser.context_mark.line + 1);
    }
    return failAt(pos, message);
}

bool StreamBuilder::containsKey(const Frame& frame, const std::string& key) {
    if (frame.keyIndex)
        return frame.keyIndex->contains(key);
    const auto& object = frame.value.get_ref<const Object&>();
    return std::any_of(object.begin(), object.end(), [&](const auto& entry) { return entry.first == key; });
}

void StreamBuilder::appendKey(Frame& frame, std::string key, Json&& value) {
    auto& object = frame.value.get_ref<Object&>();
    if (frame.keyIndex)
        frame.keyIndex->insert(key);
    // Straight onto the vector: ordered_map's own insert searches linearly again.
    object.Object::Container::emplace_back(std::move(key), std::move(value));
    if (!frame.keyIndex && object.size() >= kIndexedKeysFrom) {
        frame.keyIndex = std::make_unique<std::unordered_set<std::string>>();
        for (const auto& entry : object)
            frame.keyIndex->insert(entry.first);
    }
}

util::Result<void> StreamBuilder::chargeCopies(std::size_t nodes, Position pos) {
    m_copiedNodes += nodes;
    if (m_copiedNodes > m_limits.maxAliasNodes)
        return failAt(pos,
                      QStringLiteral("anchors and aliases expand to more than %1 nodes").arg(qulonglong(m_limits.maxAliasNodes)));
    return {};
}

util::Result<void> StreamBuilder::chargeAliasBytes(std::size_t bytes, Position pos) {
    m_aliasBytes += bytes;
    if (m_aliasBytes > m_limits.maxAliasBytes)
        return failAt(pos, QStringLiteral("aliases expand to more than %1 (the limit for alias-expanded bytes in one file)")
                               .arg(util::formatByteSize(qint64(m_limits.maxAliasBytes))));
    if (m_budget)
        return m_budget->chargeAliasBytes(bytes, where(pos));
    return {};
}

util::Result<void> StreamBuilder::addValue(Json&& value, int height, Position pos) {
    if (m_stack.empty()) {
        m_root = std::move(value);
        m_rootPosition = pos;
        return {};
    }
    Frame& top = m_stack.back();
    top.height = std::max(top.height, height + 1);
    if (!top.mapping) {
        top.value.get_ref<Array&>().push_back(std::move(value));
        return {};
    }
    top.haveKey = false;
    if (top.keyIsMerge) {
        if (value.is_object()) {
            top.merges.push_back(std::move(value));
            return {};
        }
        const bool listOfMappings =
            value.is_array() && std::all_of(value.begin(), value.end(), [](const Json& item) { return item.is_object(); });
        if (!listOfMappings)
            return failAt(top.keyPosition, QStringLiteral("a merge key \"<<\" needs a mapping or a list of mappings"));
        for (Json& item : value)
            top.merges.push_back(std::move(item));
        return {};
    }
    if (containsKey(top, top.key))
        return failAt(top.keyPosition, QStringLiteral("duplicate mapping key \"%1\"").arg(QString::fromStdString(top.key)));
    appendKey(top, std::move(top.key), std::move(value));
    return {};
}

util::Result<void> StreamBuilder::onScalar(const yaml_event_t& event) {
    const auto& scalar = event.data.scalar;
    const std::string_view text = viewOf(scalar.value, scalar.length);
    const std::string_view tag = viewOf(scalar.tag);
    const Position pos = toPosition(event.start_mark);
    const bool plain = scalar.style == YAML_PLAIN_SCALAR_STYLE;
    ++m_nodes;
    m_scalarBytes += text.size();

    if (awaitingKey()) {
        // Keys are strings: non-string keys (3, true, null) keep their source text.
        Frame& top = m_stack.back();
        top.haveKey = true;
        top.keyIsMerge = (plain && tag.empty() && text == "<<") || tag == "tag:yaml.org,2002:merge";
        top.key.assign(text);
        top.keyPosition = pos;
        if (scalar.anchor) {
            if (auto charged = chargeCopies(1, pos); !charged)
                return charged;
            m_anchors[std::string(viewOf(scalar.anchor))] = AnchorValue{Json(std::string(text)), 1, text.size(), 0};
        }
        return {};
    }

    Json value;
    if (tag.empty() || tag == "!") {
        value = (plain && tag.empty()) ? resolvePlain(text) : Json(std::string(text));
    } else if (tag.starts_with(kCoreTagPrefix)) {
        const std::string_view type = tag.substr(kCoreTagPrefix.size());
        std::optional<Json> typed;
        if (type == "str" || type == "binary" || type == "timestamp")
            typed = Json(std::string(text));
        else if (type == "null")
            typed = Json(nullptr);
        else if (type == "bool") {
            if (auto b = coreBool(text))
                typed = Json(*b);
        } else if (type == "int")
            typed = coreInt(text);
        else if (type == "float") {
            typed = coreFloat(text);
            if (!typed) {
                if (auto i = coreInt(text))
                    typed = Json(i->get<double>());
            }
        } else {
            typed = plain ? resolvePlain(text) : Json(std::string(text));
        }
        if (!typed)
            return failAt(pos, QStringLiteral("\"%1\" is not a valid !!%2")
                                   .arg(QString::fromUtf8(text.data(), qsizetype(text.size())),
                                        QString::fromUtf8(type.data(), qsizetype(type.size()))));
        value = std::move(*typed);
    } else {
        // Application tags (!Ref, !vault …) mean nothing to Kubernetes: resolve by content.
        value = plain ? resolvePlain(text) : Json(std::string(text));
    }

    if (scalar.anchor) {
        if (auto charged = chargeCopies(1, pos); !charged)
            return charged;
        m_anchors[std::string(viewOf(scalar.anchor))] = AnchorValue{value, 1, text.size(), 0};
    }
    return addValue(std::move(value), 0, pos);
}

util::Result<void> StreamBuilder::onAlias(const yaml_event_t& event) {
    const Position pos = toPosition(event.start_mark);
    const std::string name(viewOf(event.data.alias.anchor));
    const auto it = m_anchors.find(name);
    if (it == m_anchors.end())
        return failAt(pos, QStringLiteral("unknown anchor \"%1\"").arg(QString::fromStdString(name)));
    const AnchorValue& anchor = it->second;
    if (auto charged = chargeCopies(anchor.nodes, pos); !charged)
        return charged;
    if (auto charged = chargeAliasBytes(anchor.bytes, pos); !charged)
        return charged;
    if (int(m_stack.size()) + anchor.height > m_limits.maxDepth)
        return failAt(
            pos,
            QStringLiteral("alias \"%1\" nests deeper than %2 levels").arg(QString::fromStdString(name)).arg(m_limits.maxDepth));
    m_nodes += anchor.nodes;
    m_scalarBytes += anchor.bytes;

    if (awaitingKey()) {
        if (anchor.value.is_structured())
            return failAt(pos, QStringLiteral("a mapping or sequence cannot be a mapping key"));
        Frame& top = m_stack.back();
        top.haveKey = true;
        top.keyIsMerge = false;
        top.key = anchor.value.is_string() ? anchor.value.get<std::string>() : anchor.value.dump();
        top.keyPosition = pos;
        return {};
    }
    return addValue(Json(anchor.value), anchor.height, pos);
}

util::Result<void> StreamBuilder::onStart(bool mapping, const yaml_char_t* anchor, const yaml_mark_t& mark) {
    const Position pos = toPosition(mark);
    if (awaitingKey())
        return failAt(pos, QStringLiteral("a mapping or sequence cannot be a mapping key"));
    // Checked here, while the events stream in, so 100,000 "[" never build a deep tree.
    if (int(m_stack.size()) >= m_limits.maxDepth)
        return failAt(pos, QStringLiteral("nesting deeper than %1 levels").arg(m_limits.maxDepth));
    ++m_nodes;
    Frame frame;
    frame.mapping = mapping;
    frame.value = mapping ? Json::object() : Json::array();
    frame.start = pos;
    frame.anchor.assign(viewOf(anchor));
    frame.nodesAtStart = m_nodes;
    frame.bytesAtStart = m_scalarBytes;
    m_stack.push_back(std::move(frame));
    return {};
}

util::Result<void> StreamBuilder::onEnd() {
    Frame frame = std::move(m_stack.back());
    m_stack.pop_back();
    if (frame.mapping) {
        // Explicit keys win over merged ones; earlier merge sources win over later ones.
        for (Json& source : frame.merges) {
            for (auto& [key, value] : source.get_ref<Object&>()) {
                if (!containsKey(frame, key))
                    appendKey(frame, key, std::move(value));
            }
        }
        frame.merges.clear();
    }
    if (!frame.anchor.empty()) {
        const std::size_t nodes = m_nodes - frame.nodesAtStart + 1;
        if (auto charged = chargeCopies(nodes, frame.start); !charged)
            return charged;
        m_anchors[frame.anchor] = AnchorValue{frame.value, nodes, m_scalarBytes - frame.bytesAtStart, frame.height};
    }
    return addValue(std::move(frame.value), frame.height, frame.start);
}

util::Result<std::vector<YamlDocument>> StreamBuilder::run() {
    if (m_bytes.size() > m_limits.maxFileBytes)
        return util::fail(
            util::ErrorCode::InvalidArgument,
            QStringLiteral("file is %1, larger than the %2 limit for YAML")
                .arg(util::formatByteSize(qint64(m_bytes.size())), util::formatByteSize(qint64(m_limits.maxFileBytes))),
            m_fileName);

    LibyamlParser libyaml;
    if (!libyaml.ok)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot initialise libyaml"), m_fileName);
    yaml_parser_set_input_string(&libyaml.parser, reinterpret_cast<const unsigned char*>(m_bytes.data()), m_bytes.size());

    std::vector<YamlDocument> documents;
    int documentIndex = -1;
    for (std::size_t events = 1;; ++events) {
        // Time and cancellation, every few thousand events (a 16 MiB file is ~10^6).
        if (m_budget && events % 4096 == 0) {
            if (auto ok = m_budget->check(m_fileName); !ok)
                return util::fail(ok.error());
        }
        LibyamlEvent current;
        if (!yaml_parser_parse(&libyaml.parser, &current.event))
            return libyamlFailure(libyaml.parser);
        const yaml_event_t& event = current.event;
        util::Result<void> step;
        switch (event.type) {
        case YAML_STREAM_END_EVENT:
            return documents;
        case YAML_DOCUMENT_START_EVENT:
            if (++documentIndex >= m_limits.maxDocuments)
                return failAt(toPosition(event.start_mark), QStringLiteral("more than %1 documents").arg(m_limits.maxDocuments));
            m_root.reset();
            m_anchors.clear(); // anchors are scoped to their document
            break;
        case YAML_DOCUMENT_END_EVENT:
            if (m_root && !m_root->is_null())
                documents.push_back(
                    YamlDocument{std::move(*m_root), m_fileName, m_rootPosition.line, m_rootPosition.column, documentIndex});
            m_root.reset();
            break;
        case YAML_SCALAR_EVENT:
            step = onScalar(event);
            break;
        case YAML_ALIAS_EVENT:
            step = onAlias(event);
            break;
        case YAML_SEQUENCE_START_EVENT:
            step = onStart(false, event.data.sequence_start.anchor, event.start_mark);
            break;
        case YAML_MAPPING_START_EVENT:
            step = onStart(true, event.data.mapping_start.anchor, event.start_mark);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            step = onEnd();
            break;
        default:
            break;
        }
        if (!step)
            return util::fail(std::move(step.error()));
    }
}

} // namespace

util::Result<std::vector<YamlDocument>> parseYamlStream(std::string_view bytes, const QString& fileName, const YamlLimits& limits,
                                                        RenderBudget* budget) {
    try {
        return StreamBuilder(bytes, fileName, limits, budget).run();
    } catch (const std::exception& e) {
        // nlohmann and the allocator may throw; nothing crosses this boundary.
        return util::fail(util::ErrorCode::Generic, QString::fromUtf8(e.what()), fileName);
    }
}

} // namespace syncline::manifest
