#pragma once

#include "git/ObjectId.h"
#include "git/Repository.h"
#include "util/Result.h"

#include <QString>

#include <unordered_map>
#include <vector>

namespace syncline::git {

enum class RefKind { Head, LocalBranch, RemoteBranch, Tag, Other };

struct RefLabel {
    QString name;     // short name: "main", "origin/main", "v1.2"
    QString fullName; // "refs/heads/main"
    RefKind kind = RefKind::Other;
    bool isCurrent = false; // the branch HEAD points to
};

// Which refs point at which commits (tags peeled), for the history's decorations.
class Decorations {
public:
    static util::Result<Decorations> load(const Repository& repository);

    const std::vector<RefLabel>* labelsFor(const ObjectId& commit) const {
        auto it = m_byCommit.find(commit);
        return it == m_byCommit.end() ? nullptr : &it->second;
    }
    const std::unordered_map<ObjectId, std::vector<RefLabel>>& all() const { return m_byCommit; }
    std::vector<RefLabel> branches() const; // local branches, current first

private:
    std::unordered_map<ObjectId, std::vector<RefLabel>> m_byCommit;
};

} // namespace syncline::git
