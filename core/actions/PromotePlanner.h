#pragma once

#include "actions/ActionPlanner.h"
#include "workspace/Environment.h"
#include "workspace/WorkspaceConfig.h"

#include <memory>
#include <optional>

namespace syncline::actions {

// Promote(from, to): make `to` run what `from` runs at a source revision (the deployed
// revision of `from` when the caller knows it, otherwise the tip of `from`'s branch).
//
// Directory per environment (the usual case): the kustomize images: entries of `from`'s
// kustomization (newName/newTag/digest) are written into `to`'s kustomization, editing
// only those entries (KustomizeImageEditor), and the files either environment marks
// promotable are copied from `from`'s folder at the source revision into `to`'s folder.
//
// Branch per environment (different branches, same path): `to`'s branch is fast-forwarded
// to the source revision when it can be, otherwise the source is merged with a merge
// commit; a merge conflict writes nothing and lists the paths.
//
// Message: "promote(<to>): from <from>@<short>" with trailers "Syncline-Action: promote"
// and "Syncline-Source: <from>@<sha>".
class PromotePlanner final : public ActionPlanner {
public:
    static util::Result<PromotePlanner> create(const git::Repository& repository, const workspace::WorkspaceConfig& config,
                                               const QString& from, const QString& to,
                                               const std::optional<git::ObjectId>& sourceRevision = std::nullopt);
    // The environment after `from` in the promotion order ("Promote staging → prod"); for an
    // application of a version-2 workspace, the same application in the next environment
    // that runs it ("web-staging" → "web-prod"). nullopt for the last one or one not in the order.
    static std::optional<QString> nextEnvironment(const workspace::WorkspaceConfig& config, const QString& from);

    ActionKind kind() const override { return ActionKind::Promote; }
    QString branch() const override { return m_toBranch; }
    util::Result<ActionPlan> plan(const git::Repository& repository, const git::ObjectId& tip) const override;

    const workspace::Environment& from() const { return m_from; }
    const workspace::Environment& to() const { return m_to; }
    const git::ObjectId& source() const { return m_source; }
    bool branchPerEnvironment() const { return m_branchMode; }

private:
    util::Result<ActionPlan> planDirectories(const git::Repository& repository, const git::ObjectId& tip) const;
    util::Result<ActionPlan> planBranches(const git::Repository& repository, const git::ObjectId& tip) const;
    QString message(const QStringList& summary) const;

    workspace::Environment m_from, m_to;
    QString m_toBranch;
    git::ObjectId m_source;
    bool m_branchMode = false;
};

} // namespace syncline::actions
