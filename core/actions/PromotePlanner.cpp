#include "actions/PromotePlanner.h"

#include "actions/BranchResolver.h"
#include "actions/CommitMessage.h"
#include "actions/KustomizeImageEditor.h"
#include "git/TreeOperations.h"
#include "git/TreeSnapshot.h"

namespace syncline::actions {

namespace {

constexpr qint64 kMaxFileBytes = 8 * 1024 * 1024;

QString joinPath(const QString& directory, const QString& relative) {
    return directory.isEmpty() ? relative : directory + QLatin1Char('/') + relative;
}

// A file's bytes at a commit; nullopt when there is no such file.
util::Result<std::optional<git::TreeSnapshot::Entry>> fileEntry(const git::TreeSnapshot& snapshot, const QString& path) {
    auto entry = snapshot.entry(path);
    if (!entry)
        return util::fail(entry.error());
    if (*entry && (*entry)->kind != git::TreeSnapshot::Kind::Blob)
        return util::fail(util::ErrorCode::Unsupported, QStringLiteral("is not a regular file"), path);
    return *entry;
}

struct KustomizationFile {
    QString path;
    QByteArray text;
};

util::Result<std::optional<KustomizationFile>> kustomizationIn(const git::TreeSnapshot& snapshot, const QString& directory) {
    for (const char* name : {"kustomization.yaml", "kustomization.yml", "Kustomization"}) {
        const QString path = joinPath(directory, QLatin1String(name));
        auto entry = fileEntry(snapshot, path);
        if (!entry)
            return util::fail(entry.error());
        if (!*entry)
            continue;
        auto text = snapshot.readBlob((*entry)->id, kMaxFileBytes, path);
        if (!text)
            return util::fail(text.error());
        return KustomizationFile{path, *text};
    }
    return std::optional<KustomizationFile>();
}

// A non-owning shared_ptr: TreeSnapshot wants one, the caller keeps the repository alive.
std::shared_ptr<const git::Repository> borrow(const git::Repository& repository) {
    return std::shared_ptr<const git::Repository>(&repository, [](const git::Repository*) {});
}

} // namespace

std::optional<QString> PromotePlanner::nextEnvironment(const workspace::WorkspaceConfig& config, const QString& from) {
    const workspace::Environment* unit = config.find(from);
    if (!unit || !config.hasApplications()) {
        const auto index = config.promotionOrder.indexOf(from);
        if (index < 0 || index + 1 >= config.promotionOrder.size())
            return std::nullopt;
        return config.promotionOrder.at(index + 1);
    }
    // Applications × environments: the same application in the next environment that runs it.
    for (auto index = config.promotionOrder.indexOf(unit->place) + 1; index > 0 && index < config.promotionOrder.size(); ++index)
        if (auto next = config.unitsOf(config.promotionOrder.at(index), unit->application); !next.empty())
            return next.front()->name;
    return std::nullopt;
}

util::Result<PromotePlanner> PromotePlanner::create(const git::Repository& repository, const workspace::WorkspaceConfig& config,
                                                    const QString& from, const QString& to,
                                                    const std::optional<git::ObjectId>& sourceRevision) {
    const workspace::Environment* fromEnvironment = config.find(from);
    const workspace::Environment* toEnvironment = config.find(to);
    if (!fromEnvironment)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such environment"), from);
    if (!toEnvironment)
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("no such environment"), to);
    if (from == to)
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("cannot promote an environment to itself"), from);
    PromotePlanner planner;
    planner.m_from = *fromEnvironment;
    planner.m_to = *toEnvironment;
    planner.m_from.path = BranchResolver::normalizedPath(planner.m_from.path);
    planner.m_to.path = BranchResolver::normalizedPath(planner.m_to.path);
    auto fromBranch = BranchResolver::branchOf(repository, planner.m_from);
    if (!fromBranch)
        return util::fail(fromBranch.error());
    auto toBranch = BranchResolver::branchOf(repository, planner.m_to);
    if (!toBranch)
        return util::fail(toBranch.error());
    planner.m_toBranch = *toBranch;
    planner.m_branchMode = *fromBranch != *toBranch && planner.m_from.path == planner.m_to.path;
    if (*fromBranch == *toBranch && planner.m_from.path == planner.m_to.path)
        return util::fail(
            util::ErrorCode::InvalidArgument,
            QStringLiteral("'%1' and '%2' share the same branch and folder; there is nothing to promote").arg(from, to));
    if (sourceRevision) {
        planner.m_source = *sourceRevision;
    } else {
        auto tip = BranchResolver::tipOf(repository, *fromBranch);
        if (!tip)
            return util::fail(tip.error());
        planner.m_source = *tip;
    }
    return planner;
}

QString PromotePlanner::message(const QStringList& summary) const {
    return CommitMessage::compose(QStringLiteral("promote(%1): from %2@%3").arg(m_to.name, m_from.name, m_source.shortHex()),
                                  {summary.isEmpty() ? QString() : summary.join(QLatin1Char('\n'))},
                                  {{QStringLiteral("Syncline-Action"), QStringLiteral("promote")},
                                   {QStringLiteral("Syncline-Source"), m_from.name + QLatin1Char('@') + m_source.toHex()}});
}

util::Result<ActionPlan> PromotePlanner::plan(const git::Repository& repository, const git::ObjectId& tip) const {
    return m_branchMode ? planBranches(repository, tip) : planDirectories(repository, tip);
}

util::Result<ActionPlan> PromotePlanner::planDirectories(const git::Repository& repository, const git::ObjectId& tip) const {
    ActionPlan plan = ActionPlan::on(ActionKind::Promote, m_toBranch, tip);
    auto source = git::TreeSnapshot::atCommit(borrow(repository), m_source);
    if (!source)
        return util::fail(source.error());
    auto target = git::TreeSnapshot::atCommit(borrow(repository), tip);
    if (!target)
        return util::fail(target.error());

    // kustomize images:
    auto sourceKustomization = kustomizationIn(*source, m_from.path);
    if (!sourceKustomization)
        return util::fail(sourceKustomization.error());
    auto targetKustomization = kustomizationIn(*target, m_to.path);
    if (!targetKustomization)
        return util::fail(targetKustomization.error());
    if (*sourceKustomization) {
        auto images = KustomizeImageEditor::readImages((*sourceKustomization)->text, (*sourceKustomization)->path);
        if (!images)
            return util::fail(images.error());
        if (!images->empty()) {
            if (!*targetKustomization)
                return util::fail(util::ErrorCode::Unsupported,
                                  QStringLiteral("'%1' has no kustomization file to promote images: into").arg(m_to.name),
                                  m_to.path);
            auto edited = KustomizeImageEditor::apply((*targetKustomization)->text, *images, (*targetKustomization)->path);
            if (!edited)
                return util::fail(edited.error());
            plan.summary << edited->changes;
            if (edited->text != (*targetKustomization)->text)
                plan.edits.push_back({(*targetKustomization)->path, edited->text, false});
        }
    }

    // Promotable files, relative to each environment's folder.
    QStringList promotable = m_from.promotable + m_to.promotable;
    promotable.removeDuplicates();
    for (const QString& relative : promotable) {
        if (relative.isEmpty() || relative.startsWith(QLatin1Char('/')) || relative.contains(QLatin1String("..")))
            return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("promotable paths stay inside the environment"),
                              relative);
        const QString fromPath = joinPath(m_from.path, relative), toPath = joinPath(m_to.path, relative);
        auto sourceEntry = fileEntry(*source, fromPath);
        if (!sourceEntry)
            return util::fail(sourceEntry.error());
        if (!*sourceEntry) {
            plan.warnings << QStringLiteral("%1 does not exist in '%2' at %3; not promoted")
                                 .arg(relative, m_from.name, m_source.shortHex());
            continue;
        }
        auto targetEntry = fileEntry(*target, toPath);
        if (!targetEntry)
            return util::fail(targetEntry.error());
        if (*targetEntry && (*targetEntry)->id == (*sourceEntry)->id && (*targetEntry)->executable == (*sourceEntry)->executable)
            continue;
        auto content = source->readBlob((*sourceEntry)->id, kMaxFileBytes, fromPath);
        if (!content)
            return util::fail(content.error());
        // A promotable file may be the kustomization itself: the copy wins, as asked.
        std::erase_if(plan.edits, [&](const git::FileEdit& edit) { return edit.path == toPath; });
        plan.edits.push_back({toPath, *content, (*sourceEntry)->executable});
        plan.summary << QStringLiteral("%1: copied from %2").arg(toPath, m_from.name);
    }
    plan.message = message(plan.summary);
    return plan;
}

util::Result<ActionPlan> PromotePlanner::planBranches(const git::Repository& repository, const git::ObjectId& tip) const {
    ActionPlan plan = ActionPlan::on(ActionKind::Promote, m_toBranch, tip);
    auto alreadyThere = git::TreeOperations::isAncestor(repository, m_source, tip);
    if (!alreadyThere)
        return util::fail(alreadyThere.error());
    if (*alreadyThere)
        return plan; // empty: `to` already contains the source
    auto fastForward = git::TreeOperations::isAncestor(repository, tip, m_source);
    if (!fastForward)
        return util::fail(fastForward.error());
    if (*fastForward) {
        plan.fastForwardTo = m_source;
        plan.summary << QStringLiteral("fast-forward %1 from %2 to %3").arg(m_toBranch, tip.shortHex(), m_source.shortHex());
        plan.message = message(plan.summary);
        return plan;
    }
    auto merged = git::TreeOperations::mergeTree(repository, tip, m_source);
    if (!merged)
        return util::fail(merged.error());
    auto edits = git::TreeOperations::editsToTree(repository, tip, *merged);
    if (!edits)
        return util::fail(edits.error());
    plan.edits = std::move(*edits);
    plan.extraParents = {m_source};
    plan.summary << QStringLiteral("merge %1@%2 into %3").arg(m_from.name, m_source.shortHex(), m_toBranch);
    plan.message = message(plan.summary);
    return plan;
}

} // namespace syncline::actions
