#pragma once

#include "git/CommitInfo.h"

#include <QByteArray>

#include <optional>

namespace syncline::git {

// A commit object parsed straight from its raw bytes (tree, parents, signatures,
// message), without a libgit2 commit lookup: the history walk reads each object once.
struct RawCommit {
    ObjectId tree;
    std::vector<ObjectId> parents;
    Signature author;
    Signature committer;
    QByteArray encoding;
    const char* message = nullptr; // points into the buffer that was parsed
    std::size_t messageSize = 0;

    // Returns nullopt when the buffer is not a well-formed commit.
    static std::optional<RawCommit> parse(const char* data, std::size_t size);

    // The message's first line (its "subject"), decoded.
    QString summary() const;
    QString fullMessage() const;
};

} // namespace syncline::git
