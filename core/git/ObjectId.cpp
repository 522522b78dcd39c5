#include "git/ObjectId.h"

namespace syncline::git {

namespace {
int hexValue(char32_t c) {
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
    if (length != 2 * kSize)
        return std::nullopt;
    ObjectId id;
    for (int i = 0; i < kSize; ++i) {
        int hi = hexValue(char32_t(hex[2 * i])), lo = hexValue(char32_t(hex[2 * i + 1]));
        if (hi < 0 || lo < 0)
            return std::nullopt;
        id.m_bytes[std::size_t(i)] = static_cast<unsigned char>(hi * 16 + lo);
    }
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
