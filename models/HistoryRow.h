#pragma once

#include "git/CommitInfo.h"
#include "git/Decorations.h"
#include "git/GraphLayout.h"

#include <QMetaType>

#include <vector>

namespace syncline::models {

// One row of the history list: everything the view paints, computed on the worker.
struct HistoryRow {
    git::CommitSummary commit;
    git::GraphRow graph;
    std::vector<git::RefLabel> labels; // branches, remotes, tags pointing here
};

} // namespace syncline::models

Q_DECLARE_METATYPE(syncline::git::GraphRow)
Q_DECLARE_METATYPE(std::vector<syncline::git::RefLabel>)
