#pragma once

#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace syncline::models {

// Two texts aligned line by line for a side-by-side view: equal lines share a row,
// changed blocks pair up their lines and the shorter side is padded with filler rows, so
// both panes scroll together. Uses the core's Myers line diff.
struct SideBySideDiff {
    // Expected: the lines differ, but only in a way the caller expects (the environments'
    // own names); not counted as a change.
    enum class Kind { Same, Changed, Expected, OnlyLeft, OnlyRight };
    struct Row {
        Kind kind = Kind::Same;
        std::optional<QString> left; // nullopt: filler on that side
        std::optional<QString> right;
    };

    std::vector<Row> rows;
    int changedRows = 0;

    using Equivalence = std::function<bool(const QString& left, const QString& right)>;
    static SideBySideDiff make(const QString& left, const QString& right, const Equivalence& expected = {});
};

} // namespace syncline::models
