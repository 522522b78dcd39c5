#pragma once

#include <QString>

#include <optional>
#include <vector>

namespace syncline::models {

// Two texts aligned line by line for a side-by-side view: equal lines share a row,
// changed blocks pair up their lines and the shorter side is padded with filler rows, so
// both panes scroll together. Uses the core's Myers line diff.
struct SideBySideDiff {
    enum class Kind { Same, Changed, OnlyLeft, OnlyRight };
    struct Row {
        Kind kind = Kind::Same;
        std::optional<QString> left; // nullopt: filler on that side
        std::optional<QString> right;
    };

    std::vector<Row> rows;
    int changedRows = 0;

    static SideBySideDiff make(const QString& left, const QString& right);
};

} // namespace syncline::models
