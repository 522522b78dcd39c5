#pragma once

#include <cstddef>

namespace syncline::manifest {

// Bounds on what one YAML file may cost to parse. A file past any of them is an error
// on that file, never a crash or a frozen window (billion laughs, 100,000 nested "[").
struct YamlLimits {
    std::size_t maxFileBytes = 16u * 1024u * 1024u;
    int maxDocuments = 10'000;
    // Open collections at once, counting aliased values at their expanded depth.
    int maxDepth = 200;
    // Nodes copied to record anchors and to expand aliases and merge keys.
    std::size_t maxAliasNodes = 100'000;
    // Scalar and key bytes that aliases copy: a 64 KiB scalar aliased 20,000 times is
    // 1.3 GB of nodes-cheap expansion; this stops it after 512 copies.
    std::size_t maxAliasBytes = 32u * 1024u * 1024u;
};

} // namespace syncline::manifest
