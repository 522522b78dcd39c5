#include "actions/CombinedPromotePlanner.h"

#include "actions/CommitMessage.h"

#include <algorithm>

namespace syncline::actions {

namespace {

// "web" for an application's unit, the unit's name otherwise.
QString shortName(const workspace::Environment& unit) { return unit.application.isEmpty() ? unit.name : unit.application; }

QString placeOf(const workspace::Environment& unit) { return unit.place.isEmpty() ? unit.name : unit.place; }

} // namespace

util::Result<CombinedPromotePlanner> CombinedPromotePlanner::create(const git::Repository& repository,
                                                                    const workspace::WorkspaceConfig& config,
                                                                    const std::vector<Pair>& pairs) {
    if (pairs.empty())
        return util::fail(util::ErrorCode::InvalidArgument, QStringLiteral("no applications to promote"));
    CombinedPromotePlanner combined;
    for (const Pair& pair : pairs) {
        auto part = PromotePlanner::create(repository, config, pair.from, pair.to, pair.source);
        if (!part)
            return util::fail(part.error());
        if (part->branchPerEnvironment())
            return util::fail(
                util::ErrorCode::Unsupported,
                QStringLiteral("'%1' is promoted by moving its branch; promote each application on its own").arg(pair.from),
                pair.to);
        if (!combined.m_parts.empty() && part->branch() != combined.m_branch)
            return util::fail(util::ErrorCode::Unsupported,
                              QStringLiteral("'%1' lives on branch %2 and '%3' on %4; one commit cannot promote both")
                                  .arg(combined.m_parts.front().to().name, combined.m_branch, pair.to, part->branch()),
                              pair.to);
        combined.m_branch = part->branch();
        combined.m_parts.push_back(std::move(*part));
    }
    return combined;
}

util::Result<ActionPlan> CombinedPromotePlanner::plan(const git::Repository& repository, const git::ObjectId& tip) const {
    ActionPlan combined = ActionPlan::on(ActionKind::Promote, m_branch, tip);
    for (const PromotePlanner& part : m_parts) {
        auto plan = part.plan(repository, tip);
        if (!plan)
            return util::fail(plan.error());
        if (auto added = addPart(combined, *plan, part.to()); !added)
            return util::fail(added.error());
    }
    combined.message = message(combined.summary);
    return combined;
}

// Adds one application's edits, summary and warnings. The same file written with the same
// bytes by two applications (a shared file both promote) is written once.
util::Result<void> CombinedPromotePlanner::addPart(ActionPlan& combined, const ActionPlan& part,
                                                   const workspace::Environment& unit) {
    for (const git::FileEdit& edit : part.edits) {
        const auto same = std::find_if(combined.edits.begin(), combined.edits.end(),
                                       [&](const git::FileEdit& other) { return other.path == edit.path; });
        if (same == combined.edits.end()) {
            combined.edits.push_back(edit);
            continue;
        }
        if (same->content != edit.content || same->executable != edit.executable)
            return util::fail(util::ErrorCode::Conflict,
                              QStringLiteral("two applications change this file differently; promote them one at a time"),
                              edit.path);
    }
    for (const QString& line : part.summary)
        combined.summary << shortName(unit) + QStringLiteral(": ") + line;
    for (const QString& warning : part.warnings)
        combined.warnings << shortName(unit) + QStringLiteral(": ") + warning;
    return {};
}

QString CombinedPromotePlanner::message(const QStringList& summary) const {
    const workspace::Environment& from = m_parts.front().from();
    const workspace::Environment& to = m_parts.front().to();
    std::vector<std::pair<QString, QString>> trailers{{QStringLiteral("Syncline-Action"), QStringLiteral("promote")}};
    for (const PromotePlanner& part : m_parts)
        trailers.emplace_back(QStringLiteral("Syncline-Source"), part.from().name + QLatin1Char('@') + part.source().toHex());
    const QString applications =
        m_parts.size() == 1 ? QStringLiteral("1 application") : QStringLiteral("%1 applications").arg(m_parts.size());
    return CommitMessage::compose(QStringLiteral("promote(%1): %2 from %3").arg(placeOf(to), applications, placeOf(from)),
                                  {summary.join(QLatin1Char('\n'))}, trailers);
}

} // namespace syncline::actions
