#include "SideBySideDiff.h"

#include "diff/UnifiedDiff.h"

#include <QStringList>

#include <limits>

namespace syncline::models {

namespace {

QStringList splitLines(const QString& text) {
    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

SideBySideDiff SideBySideDiff::make(const QString& left, const QString& right, const Equivalence& expected) {
    SideBySideDiff result;
    // With unbounded context the unified diff lists every line once: ' ' both, '-' left
    // only, '+' right only.
    const std::string unified = diff::UnifiedDiff::make(left.toStdString(), right.toStdString(), "left", "right",
                                                        {.contextLines = std::numeric_limits<int>::max() / 4});
    if (unified.empty()) {
        for (const QString& line : splitLines(left))
            result.rows.push_back({Kind::Same, line, line});
        return result;
    }
    QStringList removed, added;
    auto flush = [&] {
        const qsizetype n = std::max(removed.size(), added.size());
        for (qsizetype i = 0; i < n; ++i) {
            Row row;
            if (i < removed.size())
                row.left = removed[i];
            if (i < added.size())
                row.right = added[i];
            row.kind = row.left && row.right ? Kind::Changed : row.left ? Kind::OnlyLeft : Kind::OnlyRight;
            if (row.kind == Kind::Changed && expected && expected(*row.left, *row.right))
                row.kind = Kind::Expected;
            else
                ++result.changedRows;
            result.rows.push_back(std::move(row));
        }
        removed.clear();
        added.clear();
    };
    bool inHunk = false;
    for (const QString& line : splitLines(QString::fromStdString(unified))) {
        if (!inHunk) {
            inHunk = line.startsWith(QLatin1String("@@")); // skip the ---/+++ header
            continue;
        }
        if (line.startsWith(QLatin1String("@@")))
            continue;
        if (line.startsWith(QLatin1Char('\\')))
            continue; // "\ No newline at end of file"
        const QChar tag = line.isEmpty() ? QLatin1Char(' ') : line.front();
        const QString text = line.mid(1);
        if (tag == QLatin1Char('-')) {
            if (!added.isEmpty())
                flush(); // a '-' after '+' starts a new block
            removed << text;
        } else if (tag == QLatin1Char('+')) {
            added << text;
        } else {
            flush();
            result.rows.push_back({Kind::Same, text, text});
        }
    }
    flush();
    return result;
}

} // namespace syncline::models
