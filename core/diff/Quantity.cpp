#include "diff/Quantity.h"

#include <charconv>

namespace syncline::diff {

namespace {

constexpr __int128 kLimit = static_cast<__int128>(1) << 120;

bool multiply(__int128& value, __int128 factor) {
    if (value != 0 && (value > kLimit / factor || value < -kLimit / factor))
        return false;
    value *= factor;
    return true;
}

} // namespace

std::optional<Quantity> Quantity::parse(std::string_view s) {
    std::size_t i = 0;
    bool negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    Quantity q;
    bool digits = false, dot = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            if (!multiply(q.m_mantissa, 10))
                return std::nullopt;
            q.m_mantissa += c - '0';
            if (dot)
                --q.m_exponent;
            digits = true;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            break;
        }
    }
    if (!digits)
        return std::nullopt;
    const std::string_view suffix = s.substr(i);
    int binaryPower = 0; // of 1024
    if (suffix.empty()) {
    } else if (suffix.size() == 2 && suffix[1] == 'i') {
        static constexpr std::string_view binary = "KMGTPE";
        const auto p = binary.find(suffix[0]);
        if (p == std::string_view::npos)
            return std::nullopt;
        binaryPower = int(p) + 1;
    } else if (suffix.size() == 1 && std::string_view("numkMGTPE").find(suffix[0]) != std::string_view::npos) {
        static constexpr std::pair<char, int> decimal[] = {{'n', -9}, {'u', -6}, {'m', -3}, {'k', 3}, {'M', 6},
                                                           {'G', 9},  {'T', 12}, {'P', 15}, {'E', 18}};
        for (auto [c, e] : decimal)
            if (c == suffix[0])
                q.m_exponent += e;
    } else if (suffix[0] == 'e' || suffix[0] == 'E') {
        int e = 0;
        const char* first = suffix.data() + 1;
        const char* last = suffix.data() + suffix.size();
        if (first < last && *first == '+')
            ++first;
        auto [end, ec] = std::from_chars(first, last, e);
        if (ec != std::errc() || end != last || e > 1000 || e < -1000)
            return std::nullopt;
        q.m_exponent += e;
    } else {
        return std::nullopt;
    }
    for (int p = 0; p < binaryPower; ++p)
        if (!multiply(q.m_mantissa, 1024))
            return std::nullopt;
    if (q.m_mantissa == 0)
        q.m_exponent = 0;
    while (q.m_mantissa != 0 && q.m_mantissa % 10 == 0) {
        q.m_mantissa /= 10;
        ++q.m_exponent;
    }
    if (negative)
        q.m_mantissa = -q.m_mantissa;
    return q;
}

std::optional<Quantity> Quantity::of(const nlohmann::ordered_json& value) {
    if (value.is_string())
        return parse(value.get_ref<const std::string&>());
    if (value.is_number_integer() || value.is_number_float()) {
        // The shortest text that reads back as the same number: 0.5 → "0.5".
        char buffer[64];
        std::to_chars_result r;
        if (value.is_number_unsigned())
            r = std::to_chars(buffer, buffer + sizeof buffer, value.get<std::uint64_t>());
        else if (value.is_number_integer())
            r = std::to_chars(buffer, buffer + sizeof buffer, value.get<std::int64_t>());
        else
            r = std::to_chars(buffer, buffer + sizeof buffer, value.get<double>());
        if (r.ec != std::errc())
            return std::nullopt;
        return parse(std::string_view(buffer, std::size_t(r.ptr - buffer)));
    }
    return std::nullopt;
}

} // namespace syncline::diff
