#pragma once

#include "git/ObjectId.h"

#include <QString>

#include <vector>

namespace syncline::git {

struct Signature {
    QString name;
    QString email;
    qint64 time = 0;       // seconds since the epoch
    int offsetMinutes = 0; // the signer's time zone
};

// One row of history: what a commit list needs, and no more (100,000 of these stay in memory).
struct CommitSummary {
    ObjectId id;
    std::vector<ObjectId> parents;
    Signature author;
    qint64 commitTime = 0;
    QString summary; // first line of the message
};

} // namespace syncline::git
