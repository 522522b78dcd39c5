#include "manifest/YamlWriter.h"

#include "manifest/GoYamlScalars.h"

#include <QChar>

#include <charconv>
#include <cmath>
#include <cstdint>

namespace syncline::manifest {

namespace {

// go-yaml's emitter settings as sigs.k8s.io/yaml uses them.
constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;
constexpr std::size_t kMaxSimpleKeyBytes = 128;

// Byte-class predicates of go-yaml's emitter (yamlprivateh.go), bounds-checked.
struct Text {
    std::string_view s;
    unsigned char at(std::size_t i) const { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; }
    static int width(unsigned char c) {
        return (c & 0x80) == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    }
    int widthAt(std::size_t i) const { return width(at(i)); }
    bool isSpace(std::size_t i) const { return at(i) == ' '; }
    bool isBlank(std::size_t i) const { return at(i) == ' ' || at(i) == '\t'; }
    bool isBreak(std::size_t i) const {
        const unsigned char c = at(i);
        return c == '\r' || c == '\n' || (c == 0xC2 && at(i + 1) == 0x85) ||
               (c == 0xE2 && at(i + 1) == 0x80 && (at(i + 2) == 0xA8 || at(i + 2) == 0xA9));
    }
    bool isBlankOrEnd(std::size_t i) const { return isBlank(i) || isBreak(i) || at(i) == 0; }
    bool isPrintable(std::size_t i) const {
        const unsigned char c = at(i), c1 = at(i + 1), c2 = at(i + 2);
        return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c == 0xC2 && c1 >= 0xA0) || (c > 0xC2 && c < 0xED) ||
               (c == 0xED && c1 < 0xA0) || c == 0xEE ||
               (c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)));
    }
    // go-yaml's is_bom looks at the start of the value whatever the index: a value that
    // starts with a BOM gets every character escaped. kubectl prints "\uFEFF\x61".
    bool startsWithBom() const { return at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF; }
};

struct ScalarAnalysis {
    bool multiline = false;
    bool plainAllowed = true;
    bool singleQuotedAllowed = true;
    bool blockAllowed = true;
};

// yaml_emitter_analyze_scalar, block context only (we never emit non-empty flow nodes).
ScalarAnalysis analyze(Text t) {
    ScalarAnalysis a;
    const std::string_view v = t.s;
    if (v.empty())
        return ScalarAnalysis{false, true, true, false};
    bool blockIndicators = false, lineBreaks = false, special = false;
    bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
    bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
    if (v.starts_with("---") || v.starts_with("..."))
        blockIndicators = true;
    bool precededByWhitespace = true;
    for (std::size_t i = 0; i < v.size();) {
        const std::size_t w = t.widthAt(i);
        const bool followedByWhitespace = i + w >= v.size() || t.isBlank(i + w);
        const char c = v[i];
        if (i == 0) {
            switch (c) {
            case '#':
            case ',':
            case '[':
            case ']':
            case '{':
            case '}':
            case '&':
            case '*':
            case '!':
            case '|':
            case '>':
            case '\'':
            case '"':
            case '%':
            case '@':
            case '`':
                blockIndicators = true;
                break;
            case '?':
            case ':':
                blockIndicators = blockIndicators || followedByWhitespace;
                break;
            case '-':
                blockIndicators = blockIndicators || followedByWhitespace;
                break;
            default:
                break;
            }
        } else if ((c == ':' && followedByWhitespace) || (c == '#' && precededByWhitespace)) {
            blockIndicators = true;
        }
        if (!t.isPrintable(i))
            special = true;
        if (t.isSpace(i)) {
            leadingSpace = leadingSpace || i == 0;
            trailingSpace = trailingSpace || i + w == v.size();
            breakSpace = breakSpace || previousBreak;
            previousSpace = true;
            previousBreak = false;
        } else if (t.isBreak(i)) {
            lineBreaks = true;
            leadingBreak = leadingBreak || i == 0;
            trailingBreak = trailingBreak || i + w == v.size();
            spaceBreak = spaceBreak || previousSpace;
            previousSpace = false;
            previousBreak = true;
        } else {
            previousSpace = previousBreak = false;
        }
        precededByWhitespace = t.isBlankOrEnd(i);
        i += w;
    }
    a.multiline = lineBreaks;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks || blockIndicators)
        a.plainAllowed = false;
    if (trailingSpace)
        a.blockAllowed = false;
    if (breakSpace)
        a.plainAllowed = a.singleQuotedAllowed = false;
    if (spaceBreak || special)
        a.plainAllowed = a.singleQuotedAllowed = a.blockAllowed = false;
    return a;
}

enum class Style { Plain, SingleQuoted, DoubleQuoted, Literal };

class Emitter {
public:
    explicit Emitter(std::string& out) : m_out(out) {}

    template <typename J> void document(const J& root) {
        emitNode(root, /*mappingContext=*/false);
        writeIndent(); // document end: finish the last line
    }

private:
    template <typename J> void emitNode(const J& node, bool mappingContext) {
        switch (node.type()) {
        case nlohmann::json::value_t::object:
            if (node.empty())
                emitEmptyFlow("{", "}");
            else
                emitMapping(node);
            return;
        case nlohmann::json::value_t::array:
            if (node.empty())
                emitEmptyFlow("[", "]");
            else
                emitSequence(node, mappingContext);
            return;
        case nlohmann::json::value_t::string:
            emitString(node.template get_ref<const std::string&>(), false);
            return;
        case nlohmann::json::value_t::boolean:
            emitScalar(node.template get<bool>() ? "true" : "false", Style::Plain, false);
            return;
        case nlohmann::json::value_t::number_integer:
            emitScalar(std::to_string(node.template get<std::int64_t>()), Style::Plain, false);
            return;
        case nlohmann::json::value_t::number_unsigned:
            emitScalar(std::to_string(node.template get<std::uint64_t>()), Style::Plain, false);
            return;
        case nlohmann::json::value_t::number_float:
            emitScalar(goyaml::formatFloat(node.template get<double>()), Style::Plain, false);
            return;
        default: // null, discarded, binary
            emitScalar("null", Style::Plain, false);
            return;
        }
    }

    template <typename J> void emitMapping(const J& object) {
        const int saved = m_indent;
        increaseIndent(false, false);
        std::vector<goyaml::SortKey> keys;
        keys.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            keys.push_back(goyaml::SortKey::make(it.key()));
        const std::vector<std::size_t> order = goyaml::sortKeys(keys);
        std::vector<const J*> values;
        values.reserve(object.size());
        for (auto it = object.begin(); it != object.end(); ++it)
            values.push_back(&it.value());
        for (std::size_t index : order) {
            writeIndent();
            const std::string& key = keys[index].text;
            const bool multiline = analyze(Text{key}).multiline;
            if (!multiline && key.size() <= kMaxSimpleKeyBytes) {
                emitString(key, true);
                writeIndicator(":", false, false, false);
            } else { // go-yaml's complex key: "? key" then ": value" on its own line
                writeIndicator("?", true, false, true);
                emitString(key, false);
                writeIndent();
                writeIndicator(":", true, false, true);
            }
            emitNode(*values[index], true);
        }
        m_indent = saved;
    }

    template <typename J> void emitSequence(const J& array, bool mappingContext) {
        const int saved = m_indent;
        // A list right after "key:" is not indented (kubectl's "containers:\n- name").
        increaseIndent(false, mappingContext && !m_indention);
        for (const auto& item : array) {
            writeIndent();
            writeIndicator("-", true, false, true);
            emitNode(item, false);
        }
        m_indent = saved;
    }

    void emitEmptyFlow(const char* open, const char* close) {
        writeIndicator(open, true, true, false);
        writeIndicator(close, false, false, false);
    }

    // encoder.stringv: quote what would read back as another type, block for newlines.
    void emitString(const std::string& raw, bool simpleKey) {
        std::string storage;
        const std::string_view s = goyaml::viaJson(raw, storage);
        Style style = Style::DoubleQuoted;
        if (s.find('\n') != std::string_view::npos)
            style = Style::Literal;
        else if (!goyaml::resolvesToNonString(s) && !goyaml::isBase60Float(s) && !(simpleKey && s == "<<"))
            style = Style::Plain; // a plain "<<" key would read back as a merge, not as this string
        emitScalar(s, style, simpleKey);
    }

    void emitScalar(std::string_view value, Style style, bool simpleKey) {
        const Text t{value};
        const ScalarAnalysis a = analyze(t);
        if (simpleKey && a.multiline)
            style = Style::DoubleQuoted;
        if (style == Style::Plain && (!a.plainAllowed || (value.empty() && simpleKey)))
            style = Style::SingleQuoted;
        if (style == Style::SingleQuoted && !a.singleQuotedAllowed)
            style = Style::DoubleQuoted;
        if (style == Style::Literal && (!a.blockAllowed || simpleKey))
            style = Style::DoubleQuoted;
        const int saved = m_indent;
        increaseIndent(true, false);
        switch (style) {
        case Style::Plain:
            writePlain(t, !simpleKey);
            break;
        case Style::SingleQuoted:
            writeSingleQuoted(t, !simpleKey);
            break;
        case Style::DoubleQuoted:
            writeDoubleQuoted(t, !simpleKey);
            break;
        case Style::Literal:
            writeLiteral(t);
            break;
        }
        m_indent = saved;
    }

    void increaseIndent(bool flow, bool indentless) {
        if (m_indent < 0)
            m_indent = flow ? kBestIndent : 0;
        else if (!indentless)
            m_indent += kBestIndent;
    }

    void put(char c) {
        m_out.push_back(c);
        ++m_column;
    }
    void putBreak() {
        m_out.push_back('\n');
        m_column = 0;
    }
    // Copies one UTF-8 character; go-yaml counts columns in characters, not bytes.
    void write(Text t, std::size_t& i) {
        const std::size_t w = std::min<std::size_t>(t.widthAt(i), t.s.size() - i);
        m_out.append(t.s.data() + i, w);
        ++m_column;
        i += w;
    }
    void writeBreak(Text t, std::size_t& i) {
        if (t.at(i) == '\n') {
            putBreak();
            ++i;
        } else {
            write(t, i);
            m_column = 0;
        }
    }
    void writeIndent() {
        const int indent = std::max(m_indent, 0);
        if (!m_indention || m_column > indent || (m_column == indent && !m_whitespace))
            putBreak();
        while (m_column < indent)
            put(' ');
        m_whitespace = true;
        m_indention = true;
    }
    void writeIndicator(std::string_view indicator, bool needWhitespace, bool isWhitespace, bool isIndention) {
        if (needWhitespace && !m_whitespace)
            put(' ');
        for (char c : indicator)
            put(c);
        m_whitespace = isWhitespace;
        m_indention = m_indention && isIndention;
    }

    void writePlain(Text t, bool allowBreaks) {
        if (!m_whitespace)
            put(' ');
        bool spaces = false;
        for (std::size_t i = 0; i < t.s.size();) {
            if (t.isSpace(i)) {
                if (allowBreaks && !spaces && m_column > kBestWidth && !t.isSpace(i + 1)) {
                    writeIndent();
                    ++i;
                } else {
                    write(t, i);
                }
                spaces = true;
            } else {
                write(t, i);
                m_indention = false;
                spaces = false;
            }
        }
        m_whitespace = false;
        m_indention = false;
    }

    void writeSingleQuoted(Text t, bool allowBreaks) {
        writeIndicator("'", true, false, false);
        bool spaces = false, breaks = false;
        const std::size_t n = t.s.size();
        for (std::size_t i = 0; i < n;) {
            if (t.isSpace(i)) {
                if (allowBreaks && !spaces && m_column > kBestWidth && i != 0 && i != n - 1 && !t.isSpace(i + 1)) {
                    writeIndent();
                    ++i;
                } else {
                    write(t, i);
                }
                spaces = true;
            } else if (t.isBreak(i)) {
                if (!breaks && t.at(i) == '\n')
                    putBreak();
                writeBreak(t, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                if (t.at(i) == '\'')
                    put('\'');
                write(t, i);
                m_indention = false;
                spaces = breaks = false;
            }
        }
        writeIndicator("'", false, false, false);
        m_whitespace = false;
        m_indention = false;
    }

    void writeEscape(Text t, std::size_t& i) {
        const unsigned char first = t.at(i);
        const int w = Text::width(first);
        char32_t v = w == 1 ? first & 0x7F : w == 2 ? first & 0x1F : w == 3 ? first & 0x0F : first & 0x07;
        for (int k = 1; k < w; ++k)
            v = (v << 6) + (t.at(i + k) & 0x3F);
        i += std::min<std::size_t>(w, t.s.size() - i);
        put('\\');
        switch (v) {
        case 0x00:
            put('0');
            return;
        case 0x07:
            put('a');
            return;
        case 0x08:
            put('b');
            return;
        case 0x09:
            put('t');
            return;
        case 0x0A:
            put('n');
            return;
        case 0x0B:
            put('v');
            return;
        case 0x0C:
            put('f');
            return;
        case 0x0D:
            put('r');
            return;
        case 0x1B:
            put('e');
            return;
        case 0x22:
            put('"');
            return;
        case 0x5C:
            put('\\');
            return;
        case 0x85:
            put('N');
            return;
        case 0xA0:
            put('_');
            return;
        case 0x2028:
            put('L');
            return;
        case 0x2029:
            put('P');
            return;
        default:
            break;
        }
        const int digits = v <= 0xFF ? 2 : v <= 0xFFFF ? 4 : 8;
        put(digits == 2 ? 'x' : digits == 4 ? 'u' : 'U');
        for (int k = (digits - 1) * 4; k >= 0; k -= 4)
            put("0123456789ABCDEF"[(v >> k) & 0x0F]);
    }

    void writeDoubleQuoted(Text t, bool allowBreaks) {
        writeIndicator("\"", true, false, false);
        const bool bom = t.startsWithBom();
        bool spaces = false;
        const std::size_t n = t.s.size();
        for (std::size_t i = 0; i < n;) {
            const unsigned char c = t.at(i);
            if (!t.isPrintable(i) || bom || t.isBreak(i) || c == '"' || c == '\\') {
                writeEscape(t, i);
                spaces = false;
            } else if (t.isSpace(i)) {
                if (allowBreaks && !spaces && m_column > kBestWidth && i != 0 && i != n - 1) {
                    writeIndent();
                    if (t.isSpace(i + 1))
                        put('\\');
                    ++i;
                } else {
                    write(t, i);
                }
                spaces = true;
            } else {
                write(t, i);
                spaces = false;
            }
        }
        writeIndicator("\"", false, false, false);
        m_whitespace = false;
        m_indention = false;
    }

    void writeLiteral(Text t) {
        writeIndicator("|", true, false, false);
        if (t.isSpace(0) || t.isBreak(0))
            writeIndicator(std::string_view("0123456789").substr(kBestIndent, 1), false, false, false);
        // Chomping: "-" without a final break, "+" with more than one, none for exactly one.
        std::size_t last = t.s.size() - 1;
        while (last > 0 && (t.at(last) & 0xC0) == 0x80)
            --last;
        if (!t.isBreak(last)) {
            writeIndicator("-", false, false, false);
        } else if (last == 0) {
            writeIndicator("+", false, false, false);
        } else {
            std::size_t before = last - 1;
            while (before > 0 && (t.at(before) & 0xC0) == 0x80)
                --before;
            if (t.isBreak(before))
                writeIndicator("+", false, false, false);
        }
        putBreak();
        m_indention = true;
        m_whitespace = true;
        bool breaks = true;
        for (std::size_t i = 0; i < t.s.size();) {
            if (t.isBreak(i)) {
                writeBreak(t, i);
                m_indention = true;
                breaks = true;
            } else {
                if (breaks)
                    writeIndent();
                write(t, i);
                m_indention = false;
                breaks = false;
            }
        }
    }

    std::string& m_out;
    int m_indent = -1;
    int m_column = 0;
    bool m_whitespace = true;
    bool m_indention = true;
};

template <typename J> std::string writeDocument(const J& document) {
    std::string out;
    Emitter(out).document(document);
    return out;
}

} // namespace

std::string writeYaml(const nlohmann::ordered_json& document) { return writeDocument(document); }

std::string writeYaml(const nlohmann::json& document) { return writeDocument(document); }

std::string writeYamlStream(const std::vector<nlohmann::ordered_json>& documents) {
    std::string out;
    for (std::size_t i = 0; i < documents.size(); ++i) {
        if (i > 0)
            out += "---\n";
        Emitter(out).document(documents[i]);
    }
    return out;
}

} // namespace syncline::manifest
