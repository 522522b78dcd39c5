#pragma once

#include "git/ObjectId.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace syncline::git {

// Object ids to small numbers in one flat open-addressing table: no node to allocate and
// free per entry, as std::unordered_map has (a history walk without a commit-graph looks
// up 100,000 commits and their trees). Slots are chosen by a per-table random seed, so a
// repository cannot pick ids that all land on one run of slots.
class ObjectIdIndex {
public:
    ObjectIdIndex();

    std::optional<std::uint32_t> find(const ObjectId& id) const;
    // `id` must not be present yet.
    void insert(const ObjectId& id, std::uint32_t value);
    std::size_t size() const { return m_size; }

private:
    struct Slot {
        ObjectId id;
        std::uint32_t valuePlusOne = 0; // 0: empty
    };
    std::size_t slotOf(const ObjectId& id) const;
    void grow();

    std::vector<Slot> m_slots;
    std::size_t m_size = 0;
    std::uint64_t m_seed = 0;
    unsigned m_shift = 64;
};

} // namespace syncline::git
