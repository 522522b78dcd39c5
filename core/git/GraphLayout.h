#pragma once

#include "git/CommitInfo.h"

#include <optional>
#include <vector>

namespace syncline::git {

// One line of the commit graph inside a row: from a column at one edge of the row to a
// column at the row's centre (upper half) or from the centre to the bottom edge (lower).
struct GraphSegment {
    int from = 0;
    int to = 0;
    int color = 0; // stable per lane, so a branch keeps its colour down the list
};

struct GraphRow {
    int column = 0; // where the commit's dot sits
    int color = 0;  // colour of the commit's own lane
    int width = 1;  // columns in use in this row
    bool isMerge = false;
    std::vector<GraphSegment> upper; // top edge -> centre
    std::vector<GraphSegment> lower; // centre -> bottom edge
};

// Assigns lanes to commits as rows arrive in topological order, one page at a time
// (like `git log --graph`). Carries its state between pages.
class GraphLayout {
public:
    GraphRow add(const CommitSummary& commit);
    std::vector<GraphRow> add(const std::vector<CommitSummary>& commits);
    void reset() { *this = GraphLayout(); }

private:
    struct Lane {
        ObjectId expected;
        int color = 0;
    };
    int freeColumn(int avoid) const;
    int laneWaitingFor(const ObjectId& id) const; // -1: none
    void placeDot(const CommitSummary& commit, GraphRow& row);
    void continueParents(const CommitSummary& commit, GraphRow& row, std::vector<bool>& passing);

    std::vector<std::optional<Lane>> m_lanes;
    int m_nextColor = 0;
};

} // namespace syncline::git
