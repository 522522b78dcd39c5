#include "manifest/ReplacementScalars.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace syncline::manifest::replacement {

namespace {

using Json = nlohmann::ordered_json;

bool isOneOf(std::string_view text, std::initializer_list<std::string_view> words) {
    for (std::string_view word : words) {
        if (text == word)
            return true;
    }
    return false;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Numbers go-yaml v3 reads in ways Syncline does not reproduce byte for byte.
bool isExoticNumber(std::string_view text) {
    std::string_view body = text;
    if (!body.empty() && (body.front() == '-' || body.front() == '+'))
        body.remove_prefix(1);
    if (body.size() >= 2 && body[0] == '0' &&
        (isDigit(body[1]) || std::string_view("xXoObB_").find(body[1]) != std::string_view::npos))
        return true; // 0x1F, 0o17, 017, 0_1
    if (isOneOf(body, {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"}))
        return true;
    if (!body.empty() && isDigit(body.front()) && body.find('_') != std::string_view::npos) {
        for (char c : body) {
            if (!isDigit(c) && c != '_' && c != '.')
                return false;
        }
        return true; // 1_000
    }
    return false;
}

// Skips digits from `i`; returns how many there were.
std::size_t skipDigits(std::string_view s, std::size_t& i) {
    const std::size_t start = i;
    while (i < s.size() && isDigit(s[i]))
        ++i;
    return i - start;
}

std::size_t skipSign(std::string_view s) { return !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0; }

// [-+]?[0-9]+
bool isInteger(std::string_view s) {
    std::size_t i = skipSign(s);
    return skipDigits(s, i) > 0 && i == s.size();
}

// go-yaml v3's float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool isFloat(std::string_view s) {
    std::size_t i = skipSign(s);
    const std::size_t whole = skipDigits(s, i);
    std::size_t fraction = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        fraction = skipDigits(s, i);
    }
    if (whole == 0 && fraction == 0)
        return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        if (skipDigits(s, i) == 0)
            return false;
    }
    return i == s.size();
}

} // namespace

std::optional<Resolved> resolvePlain(std::string_view text) {
    if (isOneOf(text, {"", "~", "null", "Null", "NULL"}))
        return Resolved{ScalarTag::Null, Json()};
    if (isOneOf(text, {"true", "True", "TRUE"}))
        return Resolved{ScalarTag::Bool, Json(true)};
    if (isOneOf(text, {"false", "False", "FALSE"}))
        return Resolved{ScalarTag::Bool, Json(false)};
    if (isExoticNumber(text))
        return std::nullopt;
    const std::string s(text);
    if (isInteger(s)) {
        std::int64_t value = 0;
        const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
        auto [end, error] = std::from_chars(begin, s.data() + s.size(), value);
        if (error != std::errc() || end != s.data() + s.size())
            return std::nullopt; // beyond 64 bits: go-yaml tries unsigned, then float
        return Resolved{ScalarTag::Int, Json(value)};
    }
    if (isFloat(s)) {
        const double value = std::strtod(s.c_str(), nullptr);
        if (!std::isfinite(value))
            return std::nullopt;
        return Resolved{ScalarTag::Float, Json(value)};
    }
    return Resolved{ScalarTag::Str, Json(s)};
}

const char* tagName(ScalarTag tag) {
    switch (tag) {
    case ScalarTag::Null:
        return "!!null";
    case ScalarTag::Bool:
        return "!!bool";
    case ScalarTag::Int:
        return "!!int";
    case ScalarTag::Float:
        return "!!float";
    case ScalarTag::Str:
        break;
    }
    return "!!str";
}

std::optional<std::string> scalarText(const Json& value) {
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? std::string("true") : std::string("false");
    if (value.is_number_integer())
        return value.dump();
    if (value.is_null())
        return std::string();
    return std::nullopt;
}

ScalarTag tagOf(const Json& value) {
    if (value.is_null())
        return ScalarTag::Null;
    if (value.is_boolean())
        return ScalarTag::Bool;
    if (value.is_number_integer())
        return ScalarTag::Int;
    if (value.is_number())
        return ScalarTag::Float;
    return ScalarTag::Str;
}

} // namespace syncline::manifest::replacement
