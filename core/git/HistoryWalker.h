#pragma once

#include "git/ChangedPathKey.h"
#include "git/CommitInfo.h"
#include "git/ObjectIdIndex.h"
#include "git/RawObjectReader.h"
#include "git/Repository.h"
#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QSet>
#include <queue>

#include <cstdlib>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace syncline::git {

class CommitGraph;

// What to walk and which commits to show.
struct HistoryQuery {
    std::vector<QString> revisions; // start points; empty means HEAD
    bool allRefs = false;           // start from every branch, remote branch and tag as well
    QString path;                   // only commits that changed this path (git's default simplification)
    QString text;                   // case-insensitive substring of the message, or an id prefix
    QString author;                 // case-insensitive substring of the author's name or email
    // Only these commits are shown (e.g. those that changed an environment's rendered
    // output); the walk itself is unchanged. Null: no such restriction.
    std::shared_ptr<const std::unordered_set<ObjectId>> onlyCommits;

    bool isFiltered() const { return !path.isEmpty() || !text.isEmpty() || !author.isEmpty() || onlyCommits; }
};

enum class HistoryOrder {
    // Commits stream out in topological+time order as they are read: the first page of
    // a huge repository costs only the commits on it. Exact unless committer clocks were
    // skewed (a parent newer than its child); orderWasExact() then turns false.
    Streaming,
    // Reads everything first, then orders like `git log --date-order`.
    Exact,
};

struct HistoryPage {
    std::vector<CommitSummary> commits;
    std::optional<util::Error> error; // the walk stopped here (corrupt or missing object)
};

// Walks history in pages. Reads each commit object once, straight from the object
// database; with a commit-graph file, parents, times and trees come from the graph, and
// only the commits shown are read. Synchronous; one thread at a time (it uses the repository).
class HistoryWalker {
public:
    static util::Result<HistoryWalker> start(std::shared_ptr<const Repository> repository, HistoryQuery query,
                                             HistoryOrder order = HistoryOrder::Streaming);

    HistoryPage next(std::size_t maxCommits, const util::CancellationToken& cancel = {});

    bool atEnd() const { return m_readyPos >= m_ready.size() && m_queue.empty() && !m_stopError; }
    bool orderWasExact() const { return m_orderExact; }
    const HistoryQuery& query() const { return m_query; }
    std::size_t commitsRead() const { return m_nodes.size(); }
    // Commit and tree objects inflated so far (what the commit-graph saves).
    std::size_t objectsRead() const { return m_objectsRead; }
    // Set when the walk reached the boundary of a shallow clone.
    bool reachedShallowBoundary() const { return m_reachedShallowBoundary; }

private:
    static constexpr std::uint32_t kNotInGraph = 0xffffffff;
    static constexpr std::uint32_t kAllParents = 0xffffffff;
    struct Node {
        ObjectId id;
        ObjectId tree;
        Signature author;
        QString summary;
        qint64 commitTime = 0;
        qint64 time = 0; // commit time, clamped to be no newer than any child seen
        std::uint64_t seq = 0;
        std::uint32_t graphPosition = kNotInGraph; // else parents come from the graph
        std::uint32_t parentIdsStart = 0;          // in m_parentIds, for a commit read from its object
        std::uint32_t parentIdCount = 0;
        std::uint32_t parentsStart = 0; // in m_parents (node indices), once expanded
        std::uint32_t parentCount = 0;
        std::uint32_t onlyFollowed = kAllParents; // the one parent the path simplification follows
        std::optional<ObjectId> pathEntry;
        bool pathEntryKnown = false;
        bool matchesText = true;
        bool detailsRead = false;  // author, summary and matchesText are known
        bool shallowCut = false;   // the clone was cut here: no parents
        bool parentsKnown = false; // m_parents holds them
        bool queued = false;
        bool expanded = false;
        bool ordered = false;
        bool shown = true;
    };
    struct QueueEntry {
        qint64 time;
        std::uint64_t seq;
        std::uint32_t index;
        bool operator<(const QueueEntry& other) const { return time != other.time ? time < other.time : seq > other.seq; }
    };
    // Node index + 1 by graph position, 0 when not seen: calloc'd, so a walk that reads
    // one page of a huge graph touches few pages of it.
    struct FreeDeleter {
        void operator()(std::uint32_t* p) const { std::free(p); }
    };

    HistoryWalker(std::shared_ptr<const Repository> repository, HistoryQuery query, HistoryOrder order);
    util::Result<std::uint32_t> discover(const ObjectId& id, const ObjectId* child);
    std::uint32_t discoverAt(std::uint32_t position);
    std::uint32_t addNode(Node node, std::optional<std::uint32_t> position);
    util::Result<void> readCommit(Node& node, const ObjectId* child, bool withStructure);
    util::Result<void> ensureDetails(std::uint32_t index);
    util::Result<void> discoverParents(std::uint32_t index);
    bool changedPath(std::uint32_t index, std::uint32_t& onlyFollowed, util::Error* error);
    util::Result<void> expand(std::uint32_t index);
    util::Result<std::optional<ObjectId>> pathEntryOf(std::uint32_t index);
    util::Result<std::optional<ObjectId>> lookupPath(const ObjectId& tree, std::size_t depth);
    std::span<const std::uint32_t> parentsOf(const Node& node) const;
    std::span<const std::uint32_t> followedOf(const Node& node) const;
    void push(std::uint32_t index);
    util::Result<void> orderNextCluster(const util::CancellationToken& cancel);
    util::Result<void> orderEverything(const util::CancellationToken& cancel);
    std::vector<ObjectId> parentIdsOf(const Node& node) const;
    CommitSummary summaryOf(const Node& node) const;
    QString intern(const QString& text);

    std::shared_ptr<const Repository> m_repository;
    std::shared_ptr<const CommitGraph> m_graph;
    RawObjectReader m_reader;
    std::optional<ChangedPathKey> m_pathKey;
    HistoryQuery m_query;
    HistoryOrder m_order;
    QString m_textNeedle;
    QString m_authorNeedle;
    std::vector<QByteArray> m_pathComponents;
    std::vector<ObjectIdIndex> m_pathMemo; // per path depth: tree -> its entry in m_pathEntries
    std::vector<std::optional<ObjectId>> m_pathEntries;
    std::vector<Node> m_nodes;
    std::vector<ObjectId> m_parentIds;
    std::vector<std::uint32_t> m_parents;
    std::vector<std::uint32_t> m_scratchPositions;
    QSet<QString> m_interned;
    ObjectIdIndex m_index; // commits not found in the graph
    std::unique_ptr<std::uint32_t, FreeDeleter> m_byPosition;
    std::priority_queue<QueueEntry> m_queue;
    std::vector<std::uint32_t> m_ready;
    std::size_t m_readyPos = 0;
    std::uint64_t m_nextSeq = 0;
    std::size_t m_objectsRead = 0;
    std::optional<util::Error> m_stopError;
    bool m_orderExact = true;
    bool m_reachedShallowBoundary = false;
};

} // namespace syncline::git
