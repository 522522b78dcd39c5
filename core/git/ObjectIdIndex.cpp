#include "git/ObjectIdIndex.h"

#include <QRandomGenerator>

#include <cstring>

namespace syncline::git {

namespace {
constexpr unsigned kInitialBits = 10;
}

ObjectIdIndex::ObjectIdIndex() : m_seed(QRandomGenerator::global()->generate64() | 1) {}

std::size_t ObjectIdIndex::slotOf(const ObjectId& id) const {
    std::uint64_t word;
    std::memcpy(&word, id.data(), sizeof word);
    return std::size_t(((word ^ (m_seed >> 7)) * m_seed) >> m_shift); // multiplicative hashing, seeded
}

std::optional<std::uint32_t> ObjectIdIndex::find(const ObjectId& id) const {
    if (m_slots.empty())
        return std::nullopt;
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = slotOf(id);; slot = (slot + 1) & mask) {
        const Slot& entry = m_slots[slot];
        if (entry.valuePlusOne == 0)
            return std::nullopt;
        if (entry.id == id)
            return entry.valuePlusOne - 1;
    }
}

void ObjectIdIndex::insert(const ObjectId& id, std::uint32_t value) {
    if ((m_size + 1) * 2 > m_slots.size()) // at most half full: probe runs stay short
        grow();
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = slotOf(id);
    while (m_slots[slot].valuePlusOne != 0)
        slot = (slot + 1) & mask;
    m_slots[slot] = Slot{id, value + 1};
    ++m_size;
}

void ObjectIdIndex::grow() {
    std::vector<Slot> old = std::move(m_slots);
    const unsigned bits = old.empty() ? kInitialBits : 64 - m_shift + 1;
    m_slots.assign(std::size_t(1) << bits, Slot{});
    m_shift = 64 - bits;
    m_size = 0;
    for (const Slot& entry : old)
        if (entry.valuePlusOne != 0)
            insert(entry.id, entry.valuePlusOne - 1);
}

} // namespace syncline::git
