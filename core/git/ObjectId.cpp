#include "git/ObjectId.h"

namespace syncline::git {

namespace {
constexpr int hexValue(char32_t c) {
    if (c >= '0' && c <= '9')
        return int(c - '0');
    if (c >= 'a' && c <= 'f')
        return int(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return int(c - 'A' + 10);
    return -1;
}
} // namespace

std::optional<ObjectId> ObjectId::fromHex(const char* hex, std::size_t length) {
    // A table, not a chain of range tests: the history walk parses two or three ids per commit.
    static constexpr auto kValues = [] {
        std::array<signed char, 256> values{};
        values.fill(-1);
        for (int c = 0; c < 256; ++c)
            values[std::size_t(c)] = static_cast<signed char>(hexValue(char32_t(c)));
        return values;
    }();
    if (length != 2 * kSize)
        return std::nullopt;
    ObjectId id;
    int invalid = 0;
    for (int i = 0; i < kSize; ++i) {
        const int hi = kValues[static_cast<unsigned char>(hex[2 * i])], lo = kValues[static_cast<unsigned char>(hex[2 * i + 1])];
        invalid |= hi | lo; // negative when either is not a hex digit
        id.m_bytes[std::size_t(i)] = static_cast<unsigned char>(hi * 16 + lo);
    }
    if (invalid < 0)
        return std::nullopt;
    return id;
}

std::optional<ObjectId> ObjectId::fromHex(QStringView hex) {
    const QByteArray latin = hex.toLatin1();
    return fromHex(latin.constData(), std::size_t(latin.size()));
}

QString ObjectId::toHex() const {
    static const char digits[] = "0123456789abcdef";
    char out[2 * kSize];
    for (int i = 0; i < kSize; ++i) {
        out[2 * i] = digits[m_bytes[std::size_t(i)] >> 4];
        out[2 * i + 1] = digits[m_bytes[std::size_t(i)] & 0xf];
    }
    return QString::fromLatin1(out, 2 * kSize);
}

} // namespace syncline::git
