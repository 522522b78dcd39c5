#pragma once

#include "git/ChangedPathKey.h"
#include "git/ObjectId.h"
#include "util/Result.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QFile;

namespace syncline::git {

// A read-only view of `objects/info/commit-graph` (git's gitformat-commit-graph: OIDF,
// OIDL, CDAT, EDGE, BIDX/BDAT). The file comes from the repository, so it is untrusted:
// every count and offset is checked against the file before use, and anything
// inconsistent makes the caller walk without it. It only ever speeds things up; a commit
// it does not hold (written before the commit existed) is read from the object database.
class CommitGraph {
public:
    // Maps and validates the file. NotFound when there is none; Corrupt (naming the file
    // and what is wrong) when it cannot be trusted.
    static util::Result<CommitGraph> open(const QString& path);

    CommitGraph(CommitGraph&&) noexcept;
    CommitGraph& operator=(CommitGraph&&) noexcept;
    ~CommitGraph();

    std::uint32_t commitCount() const { return m_count; }
    bool hasChangedPaths() const { return m_bloomVersion != 0; }
    // True once an inconsistent entry turned up: the caller should stop using the graph.
    bool isDamaged() const { return m_damaged; }

    // What the graph knows about a commit, read in place by position: a walk indexes its
    // commits by position, with no id lookups and no allocation per commit. nullopt when
    // the commit is not in the graph; `position` must be below commitCount().
    std::optional<std::uint32_t> positionOf(const ObjectId& id) const;
    ObjectId idAt(std::uint32_t position) const;
    ObjectId treeAt(std::uint32_t position) const;
    qint64 commitTimeAt(std::uint32_t position) const;
    // Replaces `parents` with the positions of the commit's parents. False, and the graph
    // turns damaged, when one lies outside the graph or is not older by generation (a
    // cycle a hostile file could draw).
    bool parentPositions(std::uint32_t position, std::vector<std::uint32_t>& parents) const;

    // A Bloom key for `path` under this file's filter settings; nullopt when the file has
    // no changed-path filters or they cannot answer for this path.
    std::optional<ChangedPathKey> changedPathKey(const QByteArray& path) const;
    // False only when the filter of the commit at `position` proves it did not change
    // `key` against its first parent.
    bool mayHaveChanged(std::uint32_t position, const ChangedPathKey& key) const;

private:
    struct Chunk {
        std::uint64_t offset = 0;
        std::uint64_t size = 0;
    };
    CommitGraph() = default;
    util::Result<void> readChunkTable();
    util::Result<void> checkLookupChunks();
    util::Result<void> checkBloomChunks();
    bool appendParents(std::uint32_t first, std::uint32_t second, std::vector<std::uint32_t>& parents) const;
    std::uint32_t generationAt(std::uint32_t position) const;
    std::uint32_t word(std::uint64_t offset) const;
    void markDamaged(const QString& what) const;

    std::unique_ptr<QFile> m_file;
    QString m_path;
    const unsigned char* m_data = nullptr;
    std::uint64_t m_size = 0;
    std::uint32_t m_count = 0;
    Chunk m_fanout, m_lookup, m_commitData, m_extraEdges, m_bloomIndex, m_bloomData;
    std::uint32_t m_bloomVersion = 0;
    std::uint32_t m_bloomHashes = 0;
    mutable bool m_damaged = false;
};

} // namespace syncline::git
