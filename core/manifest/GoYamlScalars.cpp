#include "manifest/GoYamlScalars.h"

#include <QChar>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numeric>

namespace syncline::manifest::goyaml {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int digitValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

// go-yaml v2 resolve.go's table of YAML 1.1 words.
bool isYaml11Word(std::string_view s) {
    static constexpr std::string_view words[] = {
        "y",    "Y",    "yes",  "Yes",   "YES",   "true",  "True",  "TRUE",  "on",    "On",    "ON",    "n",     "N",
        "no",   "No",   "NO",   "false", "False", "FALSE", "off",   "Off",   "OFF",   "~",     "null",  "Null",  "NULL",
        ".nan", ".NaN", ".NAN", ".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
    };
    for (std::string_view word : words) {
        if (s == word)
            return true;
    }
    return false;
}

// Go's ParseInt(s, 0, 64), then ParseUint, then big.Int.SetString(s, 0) on a range
// error, as go-yaml chains them. A signed literal past int64 fails all three.
bool isGoInteger(std::string_view s) {
    bool sign = false, negative = false;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        sign = true;
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (s.size() >= 2 && s[0] == '0') {
        const char p = s[1];
        base = (p == 'x' || p == 'X') ? 16 : (p == 'o' || p == 'O') ? 8 : (p == 'b' || p == 'B') ? 2 : 8;
        s.remove_prefix(base == 8 && p != 'o' && p != 'O' ? 1 : 2);
    }
    if (s.empty())
        return false;
    std::uint64_t value = 0;
    bool overflow = false;
    for (char c : s) {
        const int d = digitValue(c);
        if (d >= base)
            return false;
        if (!overflow && value > (std::numeric_limits<std::uint64_t>::max() - std::uint64_t(d)) / std::uint64_t(base))
            overflow = true;
        else if (!overflow)
            value = value * std::uint64_t(base) + std::uint64_t(d);
    }
    if (!sign)
        return true;
    const std::uint64_t limit = std::uint64_t(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
    return !overflow && value <= limit;
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool matchesYamlStyleFloat(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && (s[i] == '-' || s[i] == '+'))
        ++i;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        return i - from;
    };
    const std::size_t intDigits = digits();
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (digits() == 0 && intDigits == 0)
            return false;
    } else if (intDigits == 0) {
        return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+'))
            ++i;
        if (digits() == 0)
            return false;
    }
    return i == s.size();
}

// Go's ParseFloat fails on overflow (±Inf, ErrRange) but accepts underflow to zero.
bool parsesAsFiniteFloat(std::string_view s) {
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double value = 0;
    const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
    if (result.ec == std::errc::result_out_of_range) {
        const auto e = s.find_first_of("eE");
        return e != std::string_view::npos && e + 1 < s.size() && s[e + 1] == '-';
    }
    return result.ec == std::errc() && result.ptr == s.data() + s.size();
}

bool readNumber(std::string_view& s, std::size_t maxDigits, int& out) {
    std::size_t n = 0;
    out = 0;
    while (n < maxDigits && n < s.size() && isDigit(s[n]))
        out = out * 10 + (s[n++] - '0');
    s.remove_prefix(n);
    return n > 0;
}

bool consume(std::string_view& s, char c) {
    if (s.empty() || s.front() != c)
        return false;
    s.remove_prefix(1);
    return true;
}

int daysIn(int month, int year) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

// go-yaml's parseTimestamp: Go's time.Parse with "2006-1-2T15:4:5.999999999Z07:00",
// the same with "t", "2006-1-2 15:4:5.999999999" and "2006-1-2".
bool isGoTimestamp(std::string_view s) {
    if (s.size() < 5 || !isDigit(s[0]) || !isDigit(s[1]) || !isDigit(s[2]) || !isDigit(s[3]) || s[4] != '-')
        return false;
    const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    s.remove_prefix(5);
    int month = 0, day = 0;
    if (!readNumber(s, 2, month) || month < 1 || month > 12 || !consume(s, '-') || !readNumber(s, 2, day))
        return false;
    const bool dayValid = day >= 1 && day <= daysIn(month, year);
    if (s.empty())
        return dayValid;
    bool zone = false;
    if (s.front() == 'T' || s.front() == 't') {
        zone = true;
        s.remove_prefix(1);
    } else if (s.front() == ' ') {
        while (!s.empty() && s.front() == ' ') // a space in a Go layout matches a run of spaces
            s.remove_prefix(1);
    } else {
        return false;
    }
    int hour = 0, minute = 0, second = 0;
    if (!readNumber(s, 2, hour) || hour > 23 || !consume(s, ':') || !readNumber(s, 2, minute) || minute > 59 ||
        !consume(s, ':') || !readNumber(s, 2, second) || second > 59)
        return false;
    if (s.size() >= 2 && (s[0] == '.' || s[0] == ',') && isDigit(s[1])) {
        s.remove_prefix(1);
        while (!s.empty() && isDigit(s.front()))
            s.remove_prefix(1);
    }
    if (zone) {
        if (consume(s, 'Z')) {
            // UTC
        } else {
            if (s.size() < 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
                return false;
            int hh = 0, mm = 0;
            std::string_view h = s.substr(1, 2), m = s.substr(4, 2);
            if (!readNumber(h, 2, hh) || !h.empty() || !readNumber(m, 2, mm) || !m.empty() || hh > 24 || mm > 60)
                return false;
            s.remove_prefix(6);
        }
    }
    return s.empty() && dayValid;
}

char32_t decodeRune(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    char32_t r = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (int k = 1; k < n && i + k < s.size(); ++k)
        r = (r << 6) | (byte(i + k) & 0x3F);
    i += n;
    return r;
}

// Length of the valid UTF-8 sequence at i (Go's utf8.DecodeRune rules), 0 if invalid.
std::size_t validSequence(std::string_view s, std::size_t i) {
    const auto at = [&](std::size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0u; };
    const unsigned c = at(i);
    const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) { return at(k) >= lo && at(k) <= hi; };
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        const unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        const unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    return 0;
}

bool isNel(std::string_view s, std::size_t i) {
    return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) == 0x85;
}

} // namespace

bool isBase60Float(std::string_view s) {
    if (s.empty() || !(s[0] == '+' || s[0] == '-' || isDigit(s[0])) || s.find(':') == std::string_view::npos)
        return false;
    // ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
    std::size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (i >= s.size() || !isDigit(s[i]))
        return false;
    while (i < s.size() && (isDigit(s[i]) || s[i] == '_'))
        ++i;
    int groups = 0;
    while (i < s.size() && s[i] == ':') {
        ++i;
        if (i + 1 < s.size() && s[i] >= '0' && s[i] <= '5' && isDigit(s[i + 1]))
            i += 2;
        else if (i < s.size() && isDigit(s[i]))
            ++i;
        else
            return false;
        ++groups;
    }
    if (groups == 0)
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        while (i < s.size() && (isDigit(s[i]) || s[i] == '_'))
            ++i;
    }
    return i == s.size();
}

bool resolvesToNonString(std::string_view s) {
    if (s.empty())
        return true; // null
    const char first = s.front();
    const bool sign = first == '+' || first == '-';
    const bool word = std::string_view("yYnNtTfFoO~").find(first) != std::string_view::npos;
    if (!sign && !isDigit(first) && !word && first != '.')
        return false; // go-yaml only looks further for these first characters ("<<" stays a string)
    if (isYaml11Word(s))
        return true;
    if (word)
        return false;
    if (first == '.')
        return matchesYamlStyleFloat(s) && parsesAsFiniteFloat(s);
    if (isGoTimestamp(s))
        return true;
    std::string plain(s);
    std::erase(plain, '_');
    if (isGoInteger(plain))
        return true;
    return matchesYamlStyleFloat(plain) && parsesAsFiniteFloat(plain);
}

std::string formatFloat(double value) {
    if (std::isnan(value))
        return ".nan";
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";
    char buf[64];
    const auto result = std::to_chars(buf, buf + sizeof buf - 1, value, std::chars_format::scientific);
    *result.ptr = '\0'; // atoi below reads the exponent up to the terminator, not into stale bytes
    const std::string_view sci(buf, std::size_t(result.ptr - buf)); // shortest digits, "-1.5e+06"
    const bool negative = sci.front() == '-';
    const std::size_t e = sci.find('e');
    std::string digits;
    for (char c : sci.substr(0, e)) {
        if (isDigit(c))
            digits.push_back(c);
    }
    const int exp = std::atoi(sci.data() + e + 1);
    const std::string sign = negative ? "-" : "";

    if (value == std::trunc(value) && std::fabs(value) < 1e21) {
        // Go's JSON writes this as an integer literal; go-yaml reads it back as an int
        // when it fits 64 bits and prints it the same way ("-0" becomes "0").
        std::string integer = digits;
        integer.append(std::size_t(std::max(0, exp - int(digits.size()) + 1)), '0');
        std::uint64_t magnitude = 0;
        const auto parsed = std::from_chars(integer.data(), integer.data() + integer.size(), magnitude);
        if (parsed.ec == std::errc()) {
            if (magnitude == 0)
                return "0";
            if (!negative || magnitude <= std::uint64_t(std::numeric_limits<std::int64_t>::max()) + 1)
                return sign + integer;
        }
    }
    // strconv.FormatFloat(v, 'g', -1, 64): %e when exp < -4 || exp >= 6 (shortest).
    if (exp < -4 || exp >= 6) {
        std::string out = sign + digits.substr(0, 1);
        if (digits.size() > 1)
            out += '.' + digits.substr(1);
        out += exp < 0 ? "e-" : "e+";
        const int a = std::abs(exp);
        if (a < 10)
            out += '0';
        return out + std::to_string(a);
    }
    if (exp < 0)
        return sign + "0." + std::string(std::size_t(-exp - 1), '0') + digits;
    const std::size_t intLen = std::size_t(exp) + 1;
    if (digits.size() <= intLen)
        return sign + digits + std::string(intLen - digits.size(), '0');
    return sign + digits.substr(0, intLen) + '.' + digits.substr(intLen);
}

std::string_view viaJson(const std::string& raw, std::string& storage) {
    bool clean = true;
    for (std::size_t i = 0; i < raw.size() && clean;) {
        const std::size_t n = validSequence(raw, i);
        clean = n != 0 && !isNel(raw, i);
        i += n ? n : 1;
    }
    if (clean)
        return raw;
    storage.clear();
    storage.reserve(raw.size() + 8);
    for (std::size_t i = 0; i < raw.size();) {
        if (isNel(raw, i)) {
            // go-yaml's double-quoted scanner: spaces before a break are dropped, spaces
            // after it skipped; one break folds to a space, n breaks to n-1 newlines.
            while (!storage.empty() && storage.back() == ' ')
                storage.pop_back();
            int breaks = 0;
            while (i < raw.size() && (raw[i] == ' ' || isNel(raw, i))) {
                if (raw[i] == ' ') {
                    ++i;
                } else {
                    ++breaks;
                    i += 2;
                }
            }
            if (breaks == 1)
                storage.push_back(' ');
            else
                storage.append(std::size_t(breaks - 1), '\n');
            continue;
        }
        const std::size_t n = validSequence(raw, i);
        if (n == 0) {
            storage += "\xEF\xBF\xBD"; // U+FFFD per invalid byte, as Go's encoding/json writes
            ++i;
        } else {
            storage.append(raw, i, n);
            i += n;
        }
    }
    return storage;
}

SortKey SortKey::make(const std::string& key) {
    SortKey sortKey;
    std::string storage;
    sortKey.text = std::string(viaJson(key, storage));
    sortKey.runes.reserve(sortKey.text.size());
    for (std::size_t i = 0; i < sortKey.text.size();)
        sortKey.runes.push_back(decodeRune(sortKey.text, i));
    return sortKey;
}

// go-yaml v2 sorter.go keyList.Less for two string keys.
bool keyLess(const SortKey& a, const SortKey& b) {
    const std::u32string& ar = a.runes;
    const std::u32string& br = b.runes;
    const auto isLetter = [](char32_t c) { return c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') : QChar::isLetter(c); };
    const auto isNumber = [](char32_t c) { return c < 0x80 ? (c >= '0' && c <= '9') : QChar::isDigit(c); };
    for (std::size_t i = 0; i < ar.size() && i < br.size(); ++i) {
        if (ar[i] == br[i])
            continue;
        const bool al = isLetter(ar[i]);
        const bool bl = isLetter(br[i]);
        if (al && bl)
            return ar[i] < br[i];
        if (al || bl)
            return bl;
        // Go's int64 wraps on a long run of digits; unsigned arithmetic does the same without UB.
        std::uint64_t an = 0, bn = 0;
        if (ar[i] == U'0' || br[i] == U'0') {
            for (std::size_t j = i; j-- > 0 && isNumber(ar[j]);) {
                if (ar[j] != U'0') {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        std::size_t ai = i, bi = i;
        for (; ai < ar.size() && isNumber(ar[ai]); ++ai)
            an = an * 10 + std::uint64_t(std::int64_t(ar[ai]) - '0');
        for (; bi < br.size() && isNumber(br[bi]); ++bi)
            bn = bn * 10 + std::uint64_t(std::int64_t(br[bi]) - '0');
        if (an != bn)
            return std::int64_t(an) < std::int64_t(bn);
        if (ai != bi)
            return ai < bi;
        return ar[i] < br[i];
    }
    return ar.size() < br.size();
}

std::vector<std::size_t> sortKeys(const std::vector<SortKey>& keys) {
    const std::size_t n = keys.size();
    std::vector<std::size_t> order(n), scratch(n);
    std::iota(order.begin(), order.end(), std::size_t(0));
    for (std::size_t width = 1; width < n; width *= 2) {
        for (std::size_t lo = 0; lo < n; lo += 2 * width) {
            const std::size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
            std::size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                scratch[k++] = keyLess(keys[order[j]], keys[order[i]]) ? order[j++] : order[i++];
            while (i < mid)
                scratch[k++] = order[i++];
            while (j < hi)
                scratch[k++] = order[j++];
        }
        order.swap(scratch);
    }
    return order;
}

} // namespace syncline::manifest::goyaml
