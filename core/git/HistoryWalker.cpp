#include "git/HistoryWalker.h"

#include "git/CommitGraph.h"
#include "git/GitError.h"
#include "git/GitHandles.h"
#include "git/RawCommit.h"
#include "util/Text.h"

#include <QDir>

#include <algorithm>
#include <cstring>

namespace syncline::git {

using namespace detail;

namespace {

// Enough for the history of most repositories; larger graphs grow the vector as usual.
constexpr std::size_t kMaxReserved = std::size_t(1) << 21;

bool containsCaseInsensitive(const QString& haystack, const QString& needle) {
    return haystack.contains(needle, Qt::CaseInsensitive);
}

std::vector<ObjectId> startPoints(const Repository& repo, const HistoryQuery& query, util::Error* error) {
    std::vector<ObjectId> starts;
    auto add = [&](const ObjectId& id) {
        if (std::find(starts.begin(), starts.end(), id) == starts.end())
            starts.push_back(id);
    };
    if (query.revisions.empty()) {
        auto head = repo.head();
        if (!head) {
            *error = head.error();
            return {};
        }
        if (head->commit)
            add(*head->commit);
    }
    for (const QString& revision : query.revisions) {
        auto id = repo.resolveCommit(revision);
        if (!id) {
            *error = id.error();
            error->message = QStringLiteral("unknown revision: ") + error->message;
            return {};
        }
        add(*id);
    }
    if (query.allRefs) {
        git_reference_iterator* rawIterator = nullptr;
        if (git_reference_iterator_new(&rawIterator, repo.raw()) == 0) {
            ReferenceIteratorPtr iterator(rawIterator);
            git_reference* rawRef = nullptr;
            while (git_reference_next(&rawRef, iterator.get()) == 0) {
                ReferencePtr ref(rawRef);
                git_object* peeled = nullptr;
                if (git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT) == 0) {
                    ObjectPtr holder(peeled);
                    add(fromGitOid(git_object_id(peeled)));
                }
            }
        }
    }
    return starts;
}

} // namespace

HistoryWalker::HistoryWalker(std::shared_ptr<const Repository> repository, HistoryQuery query, HistoryOrder order)
    : m_repository(std::move(repository)), m_reader(m_repository->odb()), m_query(std::move(query)), m_order(order),
      m_textNeedle(m_query.text.trimmed()), m_authorNeedle(m_query.author.trimmed()) {
    QString path = QDir::cleanPath(m_query.path);
    for (const QString& part : path.split(QLatin1Char('/'), Qt::SkipEmptyParts))
        if (part != QLatin1String("."))
            m_pathComponents.push_back(part.toUtf8());
    m_pathMemo.resize(m_pathComponents.size());
    m_graph = m_repository->commitGraph();
    if (m_graph) {
        m_byPosition.reset(
            static_cast<std::uint32_t*>(std::calloc(std::max<std::size_t>(m_graph->commitCount(), 1), sizeof(std::uint32_t))));
        if (!m_byPosition)
            m_graph.reset(); // no room for the index: walk without the graph
        else
            m_nodes.reserve(std::min<std::size_t>(m_graph->commitCount(), kMaxReserved));
    }
    if (m_graph && !m_pathComponents.empty()) {
        QByteArray joined;
        for (const QByteArray& part : m_pathComponents)
            joined += (joined.isEmpty() ? QByteArray() : QByteArray("/")) + part;
        m_pathKey = m_graph->changedPathKey(joined);
    }
}

util::Result<HistoryWalker> HistoryWalker::start(std::shared_ptr<const Repository> repository, HistoryQuery query,
                                                 HistoryOrder order) {
    HistoryWalker walker(std::move(repository), std::move(query), order);
    util::Error error;
    const auto starts = startPoints(*walker.m_repository, walker.m_query, &error);
    if (!error.message.isEmpty())
        return util::fail(error);
    for (const ObjectId& id : starts) {
        auto index = walker.discover(id, nullptr);
        if (!index)
            return util::fail(index.error());
        walker.push(*index);
    }
    return walker;
}

util::Result<std::uint32_t> HistoryWalker::discover(const ObjectId& id, const ObjectId* child) {
    // Positions are found through the fanout and id chunks, checked when the file was
    // opened; they stay usable after a damaged entry turned up elsewhere.
    const auto position = m_graph ? m_graph->positionOf(id) : std::nullopt;
    if (position) {
        if (const std::uint32_t known = m_byPosition.get()[*position])
            return known - 1;
        if (!m_graph->isDamaged())
            return discoverAt(*position);
    } else if (auto known = m_index.find(id)) {
        return *known;
    }
    // Not in the graph (newer than the file, or the file is damaged): read the object.
    Node node;
    node.id = id;
    if (auto read = readCommit(node, child, true); !read)
        return util::fail(read.error());
    return addNode(std::move(node), position);
}

std::uint32_t HistoryWalker::discoverAt(std::uint32_t position) {
    if (const std::uint32_t known = m_byPosition.get()[position])
        return known - 1;
    // From the graph; the object itself is read only if the commit is shown.
    Node node;
    node.id = m_graph->idAt(position);
    node.tree = m_graph->treeAt(position);
    node.commitTime = m_graph->commitTimeAt(position);
    node.graphPosition = position;
    return addNode(std::move(node), position);
}

std::uint32_t HistoryWalker::addNode(Node node, std::optional<std::uint32_t> position) {
    if (!m_repository->shallowBoundary().empty() && m_repository->shallowBoundary().count(node.id)) {
        node.shallowCut = true; // the clone was cut here
        m_reachedShallowBoundary = true;
    }
    node.time = node.commitTime;
    node.seq = m_nextSeq++;
    const auto index = std::uint32_t(m_nodes.size());
    if (position)
        m_byPosition.get()[*position] = index + 1;
    else
        m_index.insert(node.id, index);
    m_nodes.push_back(std::move(node));
    return index;
}

// Reads the commit object: author and summary; with `withStructure` also its tree,
// parents and commit time (a commit the graph does not describe).
util::Result<void> HistoryWalker::readCommit(Node& node, const ObjectId* child, bool withStructure) {
    const ObjectId& id = node.id;
    RawObject object;
    if (int rc = m_reader.read(id, object); rc < 0) {
        util::Error error = gitError(rc, QStringLiteral("commit ") + id.toHex());
        error.code = rc == GIT_ENOTFOUND ? util::ErrorCode::NotFound : util::ErrorCode::Corrupt;
        error.message = (rc == GIT_ENOTFOUND ? QStringLiteral("object is missing from the repository")
                                             : QStringLiteral("object cannot be read (corrupt?)")) +
                        (child ? QStringLiteral(" (parent of %1)").arg(child->shortHex(10)) : QString()) + QStringLiteral(": ") +
                        error.message;
        return util::fail(error);
    }
    ++m_objectsRead;
    if (object.kind() != RawObject::Kind::Commit)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("object is not a commit"), id.toHex());
    auto parsed = RawCommit::parse(object.data(), object.size());
    if (!parsed)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("malformed commit object"), id.toHex());

    if (withStructure) {
        node.graphPosition = kNotInGraph;
        node.tree = parsed->tree;
        node.commitTime = parsed->committer.time;
        node.parentIdsStart = std::uint32_t(m_parentIds.size());
        node.parentIdCount = std::uint32_t(parsed->parents.size());
        m_parentIds.insert(m_parentIds.end(), parsed->parents.begin(), parsed->parents.end());
    }
    node.author = parsed->author;
    node.author.name = intern(node.author.name);
    node.author.email = intern(node.author.email);
    node.summary = parsed->summary();
    if (!m_textNeedle.isEmpty())
        node.matchesText = id.toHex().startsWith(m_textNeedle, Qt::CaseInsensitive) ||
                           containsCaseInsensitive(parsed->fullMessage(), m_textNeedle);
    if (m_query.onlyCommits && !m_query.onlyCommits->count(id))
        node.matchesText = false;
    if (!m_authorNeedle.isEmpty())
        node.matchesText = node.matchesText && (containsCaseInsensitive(node.author.name, m_authorNeedle) ||
                                                containsCaseInsensitive(node.author.email, m_authorNeedle));
    node.detailsRead = true;
    return {};
}

util::Result<void> HistoryWalker::ensureDetails(std::uint32_t index) {
    if (m_nodes[index].detailsRead)
        return {};
    return readCommit(m_nodes[index], nullptr, false);
}

QString HistoryWalker::intern(const QString& text) {
    // A handful of authors write thousands of commits: share one copy of each name.
    return *m_interned.insert(text);
}

void HistoryWalker::push(std::uint32_t index) {
    Node& node = m_nodes[index];
    node.queued = true;
    m_queue.push(QueueEntry{node.time, node.seq, index});
}

util::Result<std::optional<ObjectId>> HistoryWalker::lookupPath(const ObjectId& tree, std::size_t depth) {
    // Below the root (whose tree differs in nearly every commit, and is read once per
    // commit anyway), a subtree is shared by the commits that left it alone.
    if (depth > 0)
        if (auto known = m_pathMemo[depth].find(tree))
            return m_pathEntries[*known];
    // Read the raw tree and scan its entries ("<mode> <name>\0<20-byte id>") directly:
    // no parsed-tree allocation, and nothing kept in libgit2's object cache.
    RawObject object;
    if (int rc = m_reader.read(tree, object); rc < 0)
        return util::fail(gitError(rc, QStringLiteral("tree ") + tree.toHex()));
    ++m_objectsRead;
    if (object.kind() != RawObject::Kind::Tree)
        return util::fail(util::ErrorCode::Corrupt, QStringLiteral("object is not a tree"), tree.toHex());
    const char* data = object.data();
    const char* const end = data + object.size();
    const QByteArray& wanted = m_pathComponents[depth];
    std::optional<ObjectId> result;
    while (data < end) {
        const char* space = static_cast<const char*>(std::memchr(data, ' ', std::size_t(end - data)));
        const char* nul = space ? static_cast<const char*>(std::memchr(space, '\0', std::size_t(end - space))) : nullptr;
        if (!nul || nul + 1 + ObjectId::kSize > end)
            return util::fail(util::ErrorCode::Corrupt, QStringLiteral("malformed tree object"), tree.toHex());
        const bool isTree = space - data == 5 && std::memcmp(data, "40000", 5) == 0;
        const std::size_t nameLength = std::size_t(nul - space - 1);
        if (nameLength == std::size_t(wanted.size()) && std::memcmp(space + 1, wanted.constData(), nameLength) == 0) {
            const ObjectId child = ObjectId::fromRaw(reinterpret_cast<const unsigned char*>(nul + 1));
            if (depth + 1 == m_pathComponents.size()) {
                result = child;
            } else if (isTree) {
                object = RawObject(); // release the buffer before recursing
                auto deeper = lookupPath(child, depth + 1);
                if (!deeper)
                    return deeper;
                result = *deeper;
            }
            break;
        }
        data = nul + 1 + ObjectId::kSize;
    }
    if (depth > 0) {
        m_pathMemo[depth].insert(tree, std::uint32_t(m_pathEntries.size()));
        m_pathEntries.push_back(result);
    }
    return result;
}

util::Result<std::optional<ObjectId>> HistoryWalker::pathEntryOf(std::uint32_t index) {
    Node& node = m_nodes[index];
    if (!node.pathEntryKnown) {
        auto entry = m_pathComponents.empty() ? util::Result<std::optional<ObjectId>>(node.tree) : lookupPath(node.tree, 0);
        if (!entry)
            return entry;
        m_nodes[index].pathEntry = *entry;
        m_nodes[index].pathEntryKnown = true;
    }
    return m_nodes[index].pathEntry;
}

std::span<const std::uint32_t> HistoryWalker::parentsOf(const Node& node) const {
    return {m_parents.data() + node.parentsStart, node.parentCount};
}

std::span<const std::uint32_t> HistoryWalker::followedOf(const Node& node) const {
    if (node.onlyFollowed != kAllParents)
        return {&node.onlyFollowed, 1};
    return parentsOf(node);
}

// git's default history simplification: a commit is shown only if it differs from every
// parent at the path; when it equals one, only that parent is followed. False with
// `error` set when a tree cannot be read.
bool HistoryWalker::changedPath(std::uint32_t index, std::uint32_t& onlyFollowed, util::Error* error) {
    const std::uint32_t position = m_nodes[index].graphPosition;
    const std::uint32_t parentCount = m_nodes[index].parentCount;
    if (m_pathKey && position != kNotInGraph && parentCount > 0 && !m_graph->isDamaged() &&
        !m_graph->mayHaveChanged(position, *m_pathKey)) {
        onlyFollowed = m_parents[m_nodes[index].parentsStart]; // the filter proves it equals its first parent there
        return false;
    }
    // Equal root trees are equal at every path: no tree is read for them.
    util::Result<std::optional<ObjectId>> own = std::optional<ObjectId>();
    bool ownKnown = false;
    for (std::uint32_t i = 0; i < parentCount; ++i) {
        const std::uint32_t parent = m_parents[m_nodes[index].parentsStart + i];
        if (m_nodes[parent].tree == m_nodes[index].tree) {
            onlyFollowed = parent;
            return false;
        }
        if (!ownKnown) {
            own = pathEntryOf(index);
            ownKnown = true;
            if (!own) {
                *error = own.error();
                return false;
            }
        }
        auto theirs = pathEntryOf(parent);
        if (!theirs) {
            *error = theirs.error();
            return false;
        }
        if (*theirs == *own) {
            onlyFollowed = parent;
            return false;
        }
    }
    if (parentCount > 0)
        return true;
    own = pathEntryOf(index);
    if (!own) {
        *error = own.error();
        return false;
    }
    return own->has_value(); // a root commit without the path is not shown
}

// Finds (or reads) each parent of the node and records their indices in m_parents.
util::Result<void> HistoryWalker::discoverParents(std::uint32_t index) {
    if (m_nodes[index].shallowCut) {
        m_nodes[index].parentsKnown = true;
        return {};
    }
    const std::uint32_t position = m_nodes[index].graphPosition;
    std::vector<std::uint32_t>& found = m_scratchPositions;
    if (position != kNotInGraph && m_graph->parentPositions(position, found)) {
        for (std::uint32_t& parent : found)
            parent = discoverAt(parent);
    } else {
        if (position != kNotInGraph) { // the graph's entry is damaged: the object says
            if (auto read = readCommit(m_nodes[index], nullptr, true); !read)
                return read;
        }
        const ObjectId id = m_nodes[index].id;
        found.clear();
        for (std::uint32_t i = 0; i < m_nodes[index].parentIdCount; ++i) {
            const ObjectId parentId = m_parentIds[m_nodes[index].parentIdsStart + i];
            auto parent = discover(parentId, &id);
            if (!parent)
                return util::fail(parent.error());
            found.push_back(*parent);
        }
    }
    Node& node = m_nodes[index];
    node.parentsStart = std::uint32_t(m_parents.size());
    node.parentCount = std::uint32_t(found.size());
    node.parentsKnown = true;
    m_parents.insert(m_parents.end(), found.begin(), found.end());
    return {};
}

util::Result<void> HistoryWalker::expand(std::uint32_t index) {
    m_nodes[index].expanded = true;
    if (auto parents = discoverParents(index); !parents)
        return parents;

    std::uint32_t onlyFollowed = kAllParents;
    bool shown = true;
    if (!m_pathComponents.empty()) {
        util::Error error;
        shown = changedPath(index, onlyFollowed, &error);
        if (!error.message.isEmpty())
            return util::fail(error);
    }
    if (shown) {
        if (auto details = ensureDetails(index); !details)
            return details;
        shown = m_nodes[index].matchesText;
    }

    Node& node = m_nodes[index];
    node.shown = shown;
    node.onlyFollowed = onlyFollowed;
    for (std::uint32_t parentIndex : followedOf(node)) {
        Node& parent = m_nodes[parentIndex];
        if (parent.ordered) {
            m_orderExact = false; // a child turned up after its parent was placed: clock skew
            continue;
        }
        if (parent.time > node.time || !parent.queued) {
            parent.time = std::min(parent.time, node.time);
            push(parentIndex);
        }
    }
    return {};
}

util::Result<void> HistoryWalker::orderNextCluster(const util::CancellationToken& cancel) {
    // Take every queued commit with the newest time, plus their same-time ancestors. With
    // non-skewed clocks no unseen commit can be a child of one of them, so ordering them
    // topologically among themselves gives the exact global order.
    std::vector<std::uint32_t> cluster;
    std::optional<util::Error> failure;
    qint64 clusterTime = 0;
    bool first = true;
    while (!m_queue.empty()) {
        const QueueEntry top = m_queue.top();
        Node& node = m_nodes[top.index];
        if (node.expanded || top.time != node.time) {
            m_queue.pop(); // stale entry: the node was re-queued with a clamped time
            continue;
        }
        if (!first && top.time < clusterTime)
            break;
        if (first) {
            clusterTime = top.time;
            first = false;
        }
        m_queue.pop();
        auto expanded = expand(top.index);
        cluster.push_back(top.index);
        if (!expanded) {
            // The commit itself is fine; what lies beyond it cannot be read. Show what
            // we have, then stop with the reason.
            failure = expanded.error();
            m_queue = {};
            break;
        }
        if ((cluster.size() & 1023) == 0 && cancel.isCancelled())
            return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
    }
    if (cluster.size() == 1) {
        m_nodes[cluster.front()].ordered = true;
        m_ready.push_back(cluster.front());
        return failure ? util::Result<void>(util::fail(*failure)) : util::Result<void>();
    }
    // Kahn's algorithm inside the cluster; ties keep the order commits were popped in.
    std::unordered_map<std::uint32_t, int> position, pendingChildren;
    for (std::size_t i = 0; i < cluster.size(); ++i)
        position.emplace(cluster[i], int(i));
    for (std::uint32_t member : cluster)
        for (std::uint32_t parent : followedOf(m_nodes[member]))
            if (position.count(parent))
                ++pendingChildren[parent];
    std::priority_queue<int, std::vector<int>, std::greater<int>> readyPositions;
    for (std::size_t i = 0; i < cluster.size(); ++i)
        if (!pendingChildren.count(cluster[i]))
            readyPositions.push(int(i));
    while (!readyPositions.empty()) {
        const std::uint32_t member = cluster[std::size_t(readyPositions.top())];
        readyPositions.pop();
        m_nodes[member].ordered = true;
        m_ready.push_back(member);
        for (std::uint32_t parent : followedOf(m_nodes[member]))
            if (auto it = pendingChildren.find(parent); it != pendingChildren.end() && --it->second == 0)
                readyPositions.push(position[parent]);
    }
    return failure ? util::Result<void>(util::fail(*failure)) : util::Result<void>();
}

util::Result<void> HistoryWalker::orderEverything(const util::CancellationToken& cancel) {
    std::vector<std::uint32_t> visited;
    std::size_t steps = 0;
    while (!m_queue.empty()) {
        const QueueEntry top = m_queue.top();
        m_queue.pop();
        if (m_nodes[top.index].expanded)
            continue;
        if (auto expanded = expand(top.index); !expanded)
            return expanded;
        visited.push_back(top.index);
        if ((++steps & 1023) == 0 && cancel.isCancelled())
            return util::fail(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
    }
    // `git log --date-order`: children before parents, otherwise newest commit time first.
    std::vector<std::uint32_t> pendingChildren(m_nodes.size(), 0);
    for (std::uint32_t index : visited)
        for (std::uint32_t parent : followedOf(m_nodes[index]))
            ++pendingChildren[parent];
    auto newer = [this](std::uint32_t a, std::uint32_t b) {
        const Node &x = m_nodes[a], &y = m_nodes[b];
        return x.commitTime != y.commitTime ? x.commitTime < y.commitTime : x.seq > y.seq;
    };
    std::priority_queue<std::uint32_t, std::vector<std::uint32_t>, decltype(newer)> ready(newer);
    for (std::uint32_t index : visited)
        if (pendingChildren[index] == 0)
            ready.push(index);
    while (!ready.empty()) {
        const std::uint32_t index = ready.top();
        ready.pop();
        m_nodes[index].ordered = true;
        m_ready.push_back(index);
        for (std::uint32_t parent : followedOf(m_nodes[index]))
            if (--pendingChildren[parent] == 0)
                ready.push(parent);
    }
    m_orderExact = true;
    return {};
}

std::vector<ObjectId> HistoryWalker::parentIdsOf(const Node& node) const {
    std::vector<ObjectId> ids;
    if (node.parentsKnown) {
        ids.reserve(node.parentCount);
        for (std::uint32_t parent : parentsOf(node))
            ids.push_back(m_nodes[parent].id);
    } else if (node.graphPosition == kNotInGraph && !node.shallowCut) { // the walk stopped at one
        ids.assign(m_parentIds.begin() + node.parentIdsStart, m_parentIds.begin() + node.parentIdsStart + node.parentIdCount);
    }
    return ids;
}

CommitSummary HistoryWalker::summaryOf(const Node& node) const {
    return CommitSummary{node.id, parentIdsOf(node), node.author, node.commitTime, node.summary};
}

HistoryPage HistoryWalker::next(std::size_t maxCommits, const util::CancellationToken& cancel) {
    HistoryPage page;
    while (page.commits.size() < maxCommits) {
        if (m_readyPos < m_ready.size()) {
            const Node& node = m_nodes[m_ready[m_readyPos++]];
            if (node.shown)
                page.commits.push_back(summaryOf(node));
            continue;
        }
        if (m_queue.empty())
            break;
        if (cancel.isCancelled()) {
            page.error = util::makeError(util::ErrorCode::Cancelled, QStringLiteral("cancelled"));
            break;
        }
        auto ordered = m_order == HistoryOrder::Exact ? orderEverything(cancel) : orderNextCluster(cancel);
        if (!ordered) {
            m_queue = {}; // the walk cannot go past a broken object
            if (ordered.error().code == util::ErrorCode::Cancelled) {
                page.error = ordered.error();
                break;
            }
            m_stopError = ordered.error(); // reported once the commits before it are out
        }
    }
    if (m_stopError && m_readyPos >= m_ready.size() && page.commits.size() < maxCommits) {
        page.error = m_stopError;
        m_stopError.reset();
    }
    if (m_readyPos >= m_ready.size()) {
        // Drop stale queue entries so atEnd() is exact.
        while (!m_queue.empty() && m_nodes[m_queue.top().index].expanded)
            m_queue.pop();
    }
    return page;
}

} // namespace syncline::git
