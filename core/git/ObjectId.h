#pragma once

#include <QString>

#include <array>
#include <compare>
#include <cstring>
#include <functional>
#include <optional>

namespace syncline::git {

// A SHA-1 object id as a plain value: hashable, ordered, cheap to copy.
class ObjectId {
public:
    static constexpr int kSize = 20;

    ObjectId() = default;
    static ObjectId fromRaw(const unsigned char* bytes) {
        ObjectId id;
        std::memcpy(id.m_bytes.data(), bytes, kSize);
        return id;
    }
    static std::optional<ObjectId> fromHex(QStringView hex);
    static std::optional<ObjectId> fromHex(const char* hex, std::size_t length);

    QString toHex() const;
    QString shortHex(int length = 7) const { return toHex().left(length); }
    bool isNull() const {
        for (unsigned char b : m_bytes)
            if (b != 0)
                return false;
        return true;
    }
    const unsigned char* data() const { return m_bytes.data(); }

    auto operator<=>(const ObjectId&) const = default;

private:
    std::array<unsigned char, kSize> m_bytes{};
};

} // namespace syncline::git

template <> struct std::hash<syncline::git::ObjectId> {
    std::size_t operator()(const syncline::git::ObjectId& id) const noexcept {
        std::size_t h;
        std::memcpy(&h, id.data(), sizeof h); // SHA-1 bytes are already uniformly spread
        return h;
    }
};
