#include "git/GraphLayout.h"

#include <algorithm>

namespace syncline::git {

int GraphLayout::freeColumn(int avoid) const {
    for (int i = 0; i < int(m_lanes.size()); ++i)
        if (!m_lanes[std::size_t(i)] && i != avoid)
            return i;
    return std::max(int(m_lanes.size()), avoid + 1);
}

int GraphLayout::laneWaitingFor(const ObjectId& id) const {
    for (int i = 0; i < int(m_lanes.size()); ++i)
        if (m_lanes[std::size_t(i)] && m_lanes[std::size_t(i)]->expected == id)
            return i;
    return -1;
}

// Lanes waiting for this commit converge on its dot: the dot takes the first such lane (and
// its color), or a free column and a new color when none waits. Fills row.upper.
void GraphLayout::placeDot(const CommitSummary& commit, GraphRow& row) {
    std::vector<int> waiting;
    for (int i = 0; i < int(m_lanes.size()); ++i)
        if (m_lanes[std::size_t(i)] && m_lanes[std::size_t(i)]->expected == commit.id)
            waiting.push_back(i);
    if (waiting.empty()) {
        row.column = freeColumn(-1);
        row.color = m_nextColor++;
    } else {
        row.column = waiting.front();
        row.color = m_lanes[std::size_t(row.column)]->color;
    }
    for (int i = 0; i < int(m_lanes.size()); ++i) {
        const auto& lane = m_lanes[std::size_t(i)];
        if (!lane)
            continue;
        const bool converges = lane->expected == commit.id;
        row.upper.push_back({i, converges ? row.column : i, lane->color});
    }
    for (int i : waiting)
        m_lanes[std::size_t(i)].reset();
    if (int(m_lanes.size()) <= row.column)
        m_lanes.resize(std::size_t(row.column) + 1);
}

// The commit's parents continue below it: the first parent in the commit's own lane
// (unless another lane already waits for it), the others in existing or new lanes. A lane
// pulled into ours stops passing through (`passing`). Fills row.lower.
void GraphLayout::continueParents(const CommitSummary& commit, GraphRow& row, std::vector<bool>& passing) {
    for (std::size_t p = 0; p < commit.parents.size(); ++p) {
        const ObjectId& parent = commit.parents[p];
        int target = laneWaitingFor(parent);
        if (target > row.column && p == 0 && !m_lanes[std::size_t(row.column)]) {
            // Another lane to the right already waits for our first parent: pull that lane
            // into ours (git's "|/"), so the main line stays on the left instead of
            // drifting one column right at every such join.
            Lane moved = *m_lanes[std::size_t(target)];
            m_lanes[std::size_t(target)].reset();
            m_lanes[std::size_t(row.column)] = moved;
            if (std::size_t(target) < passing.size())
                passing[std::size_t(target)] = false;
            row.lower.push_back({target, row.column, moved.color});
            row.lower.push_back({row.column, row.column, moved.color});
            continue;
        }
        int color = 0;
        if (target >= 0) {
            color = m_lanes[std::size_t(target)]->color;
        } else {
            target = (p == 0 && !m_lanes[std::size_t(row.column)]) ? row.column : freeColumn(row.column);
            if (int(m_lanes.size()) <= target)
                m_lanes.resize(std::size_t(target) + 1);
            color = p == 0 ? row.color : m_nextColor++;
            m_lanes[std::size_t(target)] = Lane{parent, color};
        }
        row.lower.push_back({row.column, target, color});
    }
}

GraphRow GraphLayout::add(const CommitSummary& commit) {
    GraphRow row;
    row.isMerge = commit.parents.size() > 1;
    placeDot(commit, row);

    // Lanes that simply pass through this row.
    std::vector<bool> passing(m_lanes.size());
    for (std::size_t i = 0; i < m_lanes.size(); ++i)
        passing[i] = m_lanes[i].has_value();
    continueParents(commit, row, passing);
    for (std::size_t i = 0; i < passing.size(); ++i)
        if (passing[i])
            row.lower.push_back({int(i), int(i), m_lanes[i]->color});

    while (!m_lanes.empty() && !m_lanes.back())
        m_lanes.pop_back();
    int width = row.column + 1;
    for (const auto& s : row.upper)
        width = std::max({width, s.from + 1, s.to + 1});
    for (const auto& s : row.lower)
        width = std::max({width, s.from + 1, s.to + 1});
    row.width = width;
    return row;
}

std::vector<GraphRow> GraphLayout::add(const std::vector<CommitSummary>& commits) {
    std::vector<GraphRow> rows;
    rows.reserve(commits.size());
    for (const CommitSummary& commit : commits)
        rows.push_back(add(commit));
    return rows;
}

} // namespace syncline::git
