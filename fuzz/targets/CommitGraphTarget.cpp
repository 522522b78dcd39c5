// A repository's objects/info/commit-graph file: opened (chunk table, fanout, Bloom index
// checked), then every commit's id, tree, time, parents and changed-path filter read the
// way a history walk reads them.
#include "FuzzTargets.h"
#include "git/CommitGraph.h"

#include <QFile>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdlib>

namespace syncline::fuzz {

namespace {

// CommitGraph maps a file, so the input goes to one file per process, made anew each run:
// truncating it instead makes ext4 flush it to disk on close (auto_da_alloc), 100 times slower.
QString graphFile(const std::uint8_t* data, std::size_t size) {
    static const QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("commit-graph"));
    QFile::remove(path);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly) ||
        file.write(reinterpret_cast<const char*>(data), qint64(size)) != qint64(size))
        std::abort();
    return path;
}

// Bloom keys of a plain path, a nested one and a non-ASCII one (version 1 refuses those).
std::vector<git::ChangedPathKey> pathKeys(const git::CommitGraph& graph) {
    std::vector<git::ChangedPathKey> keys;
    for (const char* path : {"a", "dir/file.yaml", "d\xc3\xa9j\xc3\xa0/vu"})
        if (auto key = graph.changedPathKey(QByteArray(path)))
            keys.push_back(std::move(*key));
    return keys;
}

void readCommit(const git::CommitGraph& graph, std::uint32_t position, const std::vector<git::ChangedPathKey>& keys,
                std::vector<std::uint32_t>& parents) {
    const git::ObjectId id = graph.idAt(position);
    (void)graph.treeAt(position);
    (void)graph.commitTimeAt(position);
    if (const auto found = graph.positionOf(id); found && *found >= graph.commitCount())
        std::abort();
    if (graph.parentPositions(position, parents))
        for (std::uint32_t parent : parents)
            if (parent >= graph.commitCount())
                std::abort();
    for (const git::ChangedPathKey& key : keys)
        (void)graph.mayHaveChanged(position, key);
}

} // namespace

int fuzzCommitGraph(const std::uint8_t* data, std::size_t size) {
    auto graph = git::CommitGraph::open(graphFile(data, size));
    if (!graph)
        return 0;
    // A hostile fanout may claim millions of commits in a large file: a few hundred cover
    // every code path, and the run stays fast.
    const std::uint32_t count = std::min<std::uint32_t>(graph->commitCount(), 512);
    const auto keys = pathKeys(*graph);
    std::vector<std::uint32_t> parents;
    for (std::uint32_t position = 0; position < count && !graph->isDamaged(); ++position)
        readCommit(*graph, position, keys, parents);
    return 0;
}

} // namespace syncline::fuzz
