#pragma once

#include <QByteArray>

#include <cstdint>
#include <optional>
#include <vector>

namespace syncline::git {

// The Bloom-filter key of one path in a commit-graph's changed-path filters (git's
// bloom.c): murmur3 of the path and of each leading directory, `numHashes` bit
// positions each. A filter that lacks any of them proves the commit left the path alone.
class ChangedPathKey {
public:
    // nullopt when the filters cannot answer for this path: an unknown hash version, or
    // a non-ASCII path under version 1 (whose hash depended on the writer's `char` sign).
    static std::optional<ChangedPathKey> make(const QByteArray& path, std::uint32_t hashVersion, std::uint32_t numHashes);

    // False only when the filter proves the path unchanged; an empty filter answers "maybe".
    bool mayBeIn(const unsigned char* filter, std::size_t size) const;

private:
    std::vector<std::vector<std::uint32_t>> m_hashes; // per key: numHashes values
};

} // namespace syncline::git
