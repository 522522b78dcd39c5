#pragma once

#include "actions/ActionPlan.h"
#include "actions/UnpublishedCommits.h"
#include "diff/ResourceDiff.h"
#include "git/TreeDiff.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace syncline::actions {

// How the rendered manifests of one environment change with the planned commit: the
// environment rendered after (left, the target) against before (right, the current).
struct EnvironmentChange {
    QString environment;
    diff::DiffResult diff;
    QStringList renderErrors; // errors rendering the planned tree (before the commit exists)

    std::size_t changedResources() const {
        return diff.count(diff::ResourceState::Modified) + diff.count(diff::ResourceState::Missing) +
               diff.count(diff::ResourceState::Extra);
    }
};

// What the user sees before an action writes anything: the commit to be made (message,
// changed files with their unified diffs) and the rendered-manifest diff of every
// environment whose output changes.
struct ActionPreview {
    ActionPlan plan;
    git::ObjectId after; // the planned commit (not on any branch yet), or the fast-forward target
    std::vector<git::FileChange> files;
    std::vector<EnvironmentChange> environments;
    // Commits on the branch before the action that a push would publish along with it.
    UnpublishedCommits unpublished;

    bool isEmpty() const { return plan.isEmpty(); }
    // The preview as text, as `syncline promote|revert|rollback --dry-run` prints it.
    QString toText() const;
};

} // namespace syncline::actions
