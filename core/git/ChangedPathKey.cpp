#include "git/ChangedPathKey.h"

#include <algorithm>

namespace syncline::git {

namespace {

constexpr std::uint32_t kSeed0 = 0x293ae76f;
constexpr std::uint32_t kSeed1 = 0x7e646e2c;

std::uint32_t rotateLeft(std::uint32_t value, int count) { return (value << count) | (value >> (32 - count)); }

// murmur3 x86 32-bit, reading bytes unsigned (git's version 2; equal to version 1 for ASCII).
std::uint32_t murmur3(std::uint32_t seed, const unsigned char* data, std::size_t size) {
    constexpr std::uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
    auto mix = [](std::uint32_t k) { return rotateLeft(k * c1, 15) * c2; };
    const std::size_t blocks = size / 4;
    for (std::size_t i = 0; i < blocks; ++i) {
        const unsigned char* b = data + 4 * i;
        const std::uint32_t k = b[0] | (std::uint32_t(b[1]) << 8) | (std::uint32_t(b[2]) << 16) | (std::uint32_t(b[3]) << 24);
        seed = rotateLeft(seed ^ mix(k), 13) * 5 + 0xe6546b64;
    }
    const unsigned char* tail = data + 4 * blocks;
    std::uint32_t k = 0;
    switch (size & 3) {
    case 3:
        k ^= std::uint32_t(tail[2]) << 16;
        [[fallthrough]];
    case 2:
        k ^= std::uint32_t(tail[1]) << 8;
        [[fallthrough]];
    case 1:
        k ^= tail[0];
        seed ^= mix(k);
    }
    seed ^= std::uint32_t(size);
    seed = (seed ^ (seed >> 16)) * 0x85ebca6b;
    seed = (seed ^ (seed >> 13)) * 0xc2b2ae35;
    return seed ^ (seed >> 16);
}

std::vector<std::uint32_t> hashesOf(const QByteArray& key, std::uint32_t numHashes) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(key.constData());
    const std::uint32_t h0 = murmur3(kSeed0, bytes, std::size_t(key.size()));
    const std::uint32_t h1 = murmur3(kSeed1, bytes, std::size_t(key.size()));
    std::vector<std::uint32_t> hashes(numHashes);
    for (std::uint32_t i = 0; i < numHashes; ++i)
        hashes[i] = h0 + i * h1;
    return hashes;
}

} // namespace

std::optional<ChangedPathKey> ChangedPathKey::make(const QByteArray& path, std::uint32_t hashVersion, std::uint32_t numHashes) {
    const bool ascii = std::all_of(path.begin(), path.end(), [](char c) { return (unsigned char)c < 0x80; });
    if (path.isEmpty() || numHashes == 0 || (hashVersion != 2 && !(hashVersion == 1 && ascii)))
        return std::nullopt;
    // git adds the path and every leading directory: "a/b/c", "a/b", "a".
    ChangedPathKey key;
    QByteArray prefix = path;
    while (!prefix.isEmpty()) {
        key.m_hashes.push_back(hashesOf(prefix, numHashes));
        const qsizetype slash = prefix.lastIndexOf('/');
        prefix.truncate(slash < 0 ? 0 : slash);
    }
    return key;
}

bool ChangedPathKey::mayBeIn(const unsigned char* filter, std::size_t size) const {
    const std::uint64_t bits = std::uint64_t(size) * 8;
    if (bits == 0)
        return true;
    for (const auto& hashes : m_hashes)
        for (std::uint32_t hash : hashes) {
            const std::uint64_t bit = hash % bits;
            if (!(filter[bit / 8] & (1u << (bit % 8))))
                return false;
        }
    return true;
}

} // namespace syncline::git
