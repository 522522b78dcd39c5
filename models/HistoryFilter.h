#pragma once

#include "git/HistoryWalker.h"

#include <QString>

namespace syncline::models {

// The filter box's language: `author:NAME path:PATH free text`. Values may be quoted
// (`author:"Grace Hopper"`); everything that is not a key:value is free text.
struct HistoryFilter {
    QString text;
    QString author;
    QString path;

    static HistoryFilter parse(const QString& input);
    bool isEmpty() const { return text.isEmpty() && author.isEmpty() && path.isEmpty(); }
    git::HistoryQuery toQuery(bool allBranches) const;
    bool operator==(const HistoryFilter&) const = default;
};

} // namespace syncline::models
