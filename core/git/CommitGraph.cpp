#include "git/CommitGraph.h"

#include <QFile>
#include <QFileInfo>
#include <QtEndian>

#include <cstring>

namespace syncline::git {

namespace {

constexpr std::uint64_t kHeaderSize = 8;
constexpr std::uint64_t kChunkEntrySize = 12;
constexpr std::uint64_t kTrailerSize = ObjectId::kSize; // the file's own checksum
constexpr std::uint64_t kCommitDataWidth = ObjectId::kSize + 16;
constexpr std::uint64_t kBloomHeaderSize = 12;
constexpr std::uint64_t kMaxFileSize = std::uint64_t(1) << 31; // far above any real history's graph
constexpr std::uint32_t kMissingParent = 0x70000000;
constexpr std::uint32_t kHighBit = 0x80000000;
constexpr std::uint32_t kMaxBloomHashes = 32;
constexpr std::uint32_t kMaxGeneration = 0x3fffffff;

constexpr std::uint32_t chunkId(const char (&name)[5]) {
    return std::uint32_t(name[0]) << 24 | std::uint32_t(name[1]) << 16 | std::uint32_t(name[2]) << 8 | std::uint32_t(name[3]);
}

} // namespace

CommitGraph::CommitGraph(CommitGraph&&) noexcept = default;
CommitGraph& CommitGraph::operator=(CommitGraph&&) noexcept = default;
CommitGraph::~CommitGraph() = default;

util::Result<CommitGraph> CommitGraph::open(const QString& path) {
    const QFileInfo info(path);
    if (!info.exists())
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no commit-graph file"), path);
    if (!info.isFile())
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph is not a regular file"), path);
    const std::uint64_t size = std::uint64_t(info.size());
    if (size < kHeaderSize + kChunkEntrySize + kTrailerSize || size > kMaxFileSize)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph has an impossible size (%1 bytes)").arg(size),
                          path);
    CommitGraph graph;
    graph.m_path = path;
    graph.m_file = std::make_unique<QFile>(path);
    if (!graph.m_file->open(QIODevice::ReadOnly))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot read commit-graph: ") + graph.m_file->errorString(),
                          path);
    // Mapped, not read: a one-page history touches a few pages of a large file. git
    // replaces the file by renaming a new one over it, so the mapping stays whole.
    graph.m_data = graph.m_file->map(0, qint64(size));
    if (!graph.m_data)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot map commit-graph: ") + graph.m_file->errorString(),
                          path);
    graph.m_size = size;
    if (std::memcmp(graph.m_data, "CGPH", 4) != 0 || graph.m_data[4] != 1)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("not a version 1 commit-graph"), path);
    if (graph.m_data[5] != 1)
        return util::fail(util::ErrorCode::Unsupported, QStringLiteral("commit-graph is not for SHA-1 object ids"), path);
    if (graph.m_data[7] != 0)
        return util::fail(util::ErrorCode::Unsupported, QStringLiteral("commit-graph is a layer of a chain"), path);
    for (auto step : {&CommitGraph::readChunkTable, &CommitGraph::checkLookupChunks, &CommitGraph::checkBloomChunks})
        if (auto checked = (graph.*step)(); !checked)
            return util::fail(checked.error());
    return graph;
}

std::uint32_t CommitGraph::word(std::uint64_t offset) const { return qFromBigEndian<std::uint32_t>(m_data + offset); }

util::Result<void> CommitGraph::readChunkTable() {
    const std::uint64_t chunkCount = m_data[6];
    const std::uint64_t tableEnd = kHeaderSize + (chunkCount + 1) * kChunkEntrySize;
    const std::uint64_t dataEnd = m_size - kTrailerSize;
    if (tableEnd > dataEnd)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph chunk table runs past the end"), m_path);
    for (std::uint64_t i = 0; i < chunkCount; ++i) {
        const std::uint64_t entry = kHeaderSize + i * kChunkEntrySize;
        const std::uint32_t id = word(entry);
        const std::uint64_t offset = qFromBigEndian<std::uint64_t>(m_data + entry + 4);
        const std::uint64_t next = qFromBigEndian<std::uint64_t>(m_data + entry + kChunkEntrySize + 4);
        if (offset < tableEnd || next < offset || next > dataEnd)
            return util::fail(util::ErrorCode::Corrupt,
                              QStringLiteral("commit-graph chunk %1 lies outside the file (offset %2, next %3, size %4)")
                                  .arg(i)
                                  .arg(offset)
                                  .arg(next)
                                  .arg(m_size),
                              m_path);
        Chunk* chunk = id == chunkId("OIDF")   ? &m_fanout
                       : id == chunkId("OIDL") ? &m_lookup
                       : id == chunkId("CDAT") ? &m_commitData
                       : id == chunkId("EDGE") ? &m_extraEdges
                       : id == chunkId("BIDX") ? &m_bloomIndex
                       : id == chunkId("BDAT") ? &m_bloomData
                                               : nullptr;
        if (!chunk)
            continue; // generation numbers and future chunks: not needed here
        if (chunk->offset != 0)
            return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph repeats a chunk"), m_path);
        *chunk = Chunk{offset, next - offset};
    }
    return {};
}

util::Result<void> CommitGraph::checkLookupChunks() {
    if (m_fanout.size != 256 * 4 || m_lookup.offset == 0 || m_commitData.offset == 0)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph lacks its fanout, id or commit chunk"), m_path);
    std::uint32_t previous = 0;
    for (std::uint64_t i = 0; i < 256; ++i) {
        const std::uint32_t value = word(m_fanout.offset + 4 * i);
        if (value < previous)
            return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph fanout is not ascending"), m_path);
        previous = value;
    }
    m_count = previous;
    if (m_count >= kMissingParent || m_lookup.size != std::uint64_t(m_count) * ObjectId::kSize ||
        m_commitData.size != std::uint64_t(m_count) * kCommitDataWidth || m_extraEdges.size % 4 != 0)
        return util::fail(util::ErrorCode::Corrupt,
                          QStringLiteral("commit-graph chunk sizes do not match its %1 commits").arg(m_count), m_path);
    return {};
}

util::Result<void> CommitGraph::checkBloomChunks() {
    if (m_bloomIndex.offset == 0 && m_bloomData.offset == 0)
        return {};
    if (m_bloomIndex.size != std::uint64_t(m_count) * 4 || m_bloomData.size < kBloomHeaderSize)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph changed-path chunks do not match"), m_path);
    const std::uint32_t version = word(m_bloomData.offset);
    const std::uint32_t hashes = word(m_bloomData.offset + 4);
    if (hashes == 0 || hashes > kMaxBloomHashes)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph changed-path filters use %1 hashes").arg(hashes),
                          m_path);
    const std::uint64_t filterBytes = m_bloomData.size - kBloomHeaderSize;
    std::uint32_t previous = 0;
    for (std::uint64_t i = 0; i < m_count; ++i) {
        const std::uint32_t end = word(m_bloomIndex.offset + 4 * i);
        if (end < previous || end > filterBytes)
            return util::fail(util::ErrorCode::Corrupt, QStringLiteral("commit-graph changed-path index is out of bounds"),
                              m_path);
        previous = end;
    }
    if (version == 1 || version == 2) { // a later version: walk without the filters
        m_bloomVersion = version;
        m_bloomHashes = hashes;
    }
    return {};
}

std::optional<std::uint32_t> CommitGraph::positionOf(const ObjectId& id) const {
    const unsigned first = id.data()[0];
    std::uint32_t low = first == 0 ? 0 : word(m_fanout.offset + 4 * (first - 1));
    std::uint32_t high = word(m_fanout.offset + 4 * first); // both <= m_count: the fanout ascends to it
    while (low < high) {
        const std::uint32_t middle = low + (high - low) / 2;
        const int order =
            std::memcmp(m_data + m_lookup.offset + std::uint64_t(middle) * ObjectId::kSize, id.data(), ObjectId::kSize);
        if (order == 0)
            return middle;
        if (order < 0)
            low = middle + 1;
        else
            high = middle;
    }
    return std::nullopt;
}

ObjectId CommitGraph::idAt(std::uint32_t position) const {
    return ObjectId::fromRaw(m_data + m_lookup.offset + std::uint64_t(position) * ObjectId::kSize);
}

ObjectId CommitGraph::treeAt(std::uint32_t position) const {
    return ObjectId::fromRaw(m_data + m_commitData.offset + std::uint64_t(position) * kCommitDataWidth);
}

qint64 CommitGraph::commitTimeAt(std::uint32_t position) const {
    const std::uint64_t entry = m_commitData.offset + std::uint64_t(position) * kCommitDataWidth;
    // The low two bits of the generation word are the commit time's bits 32 and 33.
    return qint64(word(entry + 28) & 3) << 32 | qint64(word(entry + 32));
}

std::uint32_t CommitGraph::generationAt(std::uint32_t position) const {
    return word(m_commitData.offset + std::uint64_t(position) * kCommitDataWidth + 28) >> 2;
}

bool CommitGraph::appendParents(std::uint32_t first, std::uint32_t second, std::vector<std::uint32_t>& parents) const {
    if (first == kMissingParent)
        return second == kMissingParent;
    parents.push_back(first);
    if (second == kMissingParent)
        return true;
    if (!(second & kHighBit)) {
        parents.push_back(second);
        return true;
    }
    // An octopus merge: its second and later parents are a list in EDGE, the last marked.
    for (std::uint64_t index = second & ~kHighBit; (index + 1) * 4 <= m_extraEdges.size; ++index) {
        const std::uint32_t edge = word(m_extraEdges.offset + index * 4);
        parents.push_back(edge & ~kHighBit);
        if (edge & kHighBit)
            return true;
    }
    return false; // the list ran off the end of the chunk
}

bool CommitGraph::parentPositions(std::uint32_t position, std::vector<std::uint32_t>& parents) const {
    parents.clear();
    const std::uint64_t entry = m_commitData.offset + std::uint64_t(position) * kCommitDataWidth;
    if (!appendParents(word(entry + 20), word(entry + 24), parents)) {
        markDamaged(QStringLiteral("the octopus parents of %1 run off the end").arg(idAt(position).toHex()));
        return false;
    }
    // A parent is one generation older at least (git's topological levels, capped at
    // kMaxGeneration; 0 when the writer did not compute them), so links cannot loop.
    const std::uint32_t generation = generationAt(position);
    for (std::uint32_t parent : parents) {
        if (parent >= m_count) {
            markDamaged(QStringLiteral("a parent of %1 points outside the graph").arg(idAt(position).toHex()));
            return false;
        }
        if (generation != 0 && generation != kMaxGeneration && generationAt(parent) >= generation) {
            markDamaged(QStringLiteral("a parent of %1 is not older than it").arg(idAt(position).toHex()));
            return false;
        }
    }
    return true;
}

std::optional<ChangedPathKey> CommitGraph::changedPathKey(const QByteArray& path) const {
    if (m_bloomVersion == 0)
        return std::nullopt;
    return ChangedPathKey::make(path, m_bloomVersion, m_bloomHashes);
}

bool CommitGraph::mayHaveChanged(std::uint32_t position, const ChangedPathKey& key) const {
    if (m_bloomVersion == 0 || position >= m_count)
        return true;
    // Index entries were checked to ascend within the data chunk when the file was opened.
    const std::uint32_t start = position == 0 ? 0 : word(m_bloomIndex.offset + 4 * std::uint64_t(position - 1));
    const std::uint32_t end = word(m_bloomIndex.offset + 4 * std::uint64_t(position));
    return key.mayBeIn(m_data + m_bloomData.offset + kBloomHeaderSize + start, end - start);
}

void CommitGraph::markDamaged(const QString& what) const {
    if (!m_damaged)
        qWarning("syncline: ignoring the commit-graph %s: %s", qPrintable(m_path), qPrintable(what));
    m_damaged = true;
}

} // namespace syncline::git
