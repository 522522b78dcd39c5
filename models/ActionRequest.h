#pragma once

#include "actions/ActionPlan.h"
#include "actions/CombinedPromotePlanner.h"
#include "git/ObjectId.h"

#include <QCoreApplication>
#include <QMetaType>
#include <QString>

#include <optional>
#include <vector>

namespace syncline::models {

// What the user asked for, before anything is planned: which action on what. The
// controller turns it into a planner on the repository's thread.
struct ActionRequest {
    actions::ActionKind kind = actions::ActionKind::Promote;
    // Promote: from → to, at `source` (from's deployed revision when known, else its tip).
    QString from;
    QString to;
    std::optional<git::ObjectId> source;
    // Revert: `commit` on `branch` (empty: the checked-out branch); `mainline` for merges;
    // `environment` the one the user looks at (what "Sync afterwards" syncs; empty: every
    // environment whose output changes). Rollback: `environment`'s folder back to its
    // content at `commit`.
    git::ObjectId commit;
    int mainline = 0;
    QString branch;
    QString environment;
    // Promote of one application between environments (applications × environments): its
    // name and the two environments, for the title ("Promote web: staging → prod"). Empty:
    // the title names the units.
    QString application;
    QString fromPlace;
    QString toPlace;
    // One of a series ("2 of 3" when promoting each application of an environment on its own).
    QString step;
    // Promote all of an environment (fromPlace → toPlace) in one commit: every
    // application's promotion; `from`/`to` then stay empty.
    std::vector<actions::CombinedPromotePlanner::Pair> units;

    static ActionRequest promote(const QString& from, const QString& to, std::optional<git::ObjectId> source = {}) {
        ActionRequest request;
        request.kind = actions::ActionKind::Promote;
        request.from = from;
        request.to = to;
        request.source = source;
        return request;
    }
    // The promotions of every application of one environment, as one commit.
    static ActionRequest promoteAll(const std::vector<ActionRequest>& promotions) {
        ActionRequest request;
        request.kind = actions::ActionKind::Promote;
        for (const ActionRequest& promotion : promotions)
            request.units.push_back({promotion.from, promotion.to, promotion.source});
        if (!promotions.empty()) {
            request.fromPlace = promotions.front().fromPlace;
            request.toPlace = promotions.front().toPlace;
        }
        return request;
    }
    static ActionRequest revert(const git::ObjectId& commit, const QString& branch = {}, int mainline = 0,
                                const QString& environment = {}) {
        ActionRequest request;
        request.environment = environment;
        request.kind = actions::ActionKind::Revert;
        request.commit = commit;
        request.branch = branch;
        request.mainline = mainline;
        return request;
    }
    static ActionRequest rollback(const QString& environment, const git::ObjectId& commit) {
        ActionRequest request;
        request.kind = actions::ActionKind::Rollback;
        request.environment = environment;
        request.commit = commit;
        return request;
    }

    // "Promote dev → staging", "Promote web: staging → prod (2 of 3)", "Revert 1a2b3c4",
    // "Roll prod back to 1a2b3c4".
    QString title() const {
        const QString text = baseTitle();
        return step.isEmpty() ? text : text + QStringLiteral(" (") + step + QLatin1Char(')');
    }
    QString baseTitle() const {
        switch (kind) {
        case actions::ActionKind::Revert:
            return QCoreApplication::translate("ActionRequest", "Revert %1").arg(commit.shortHex());
        case actions::ActionKind::Rollback:
            return QCoreApplication::translate("ActionRequest", "Roll %1 back to %2").arg(environment, commit.shortHex());
        case actions::ActionKind::Promote:
            break;
        }
        if (!units.empty())
            return QCoreApplication::translate("ActionRequest", "Promote all of %1 → %2 (%3 applications)")
                .arg(fromPlace, toPlace)
                .arg(units.size());
        if (!application.isEmpty())
            return QCoreApplication::translate("ActionRequest", "Promote %1: %2 → %3").arg(application, fromPlace, toPlace);
        return QCoreApplication::translate("ActionRequest", "Promote %1 → %2").arg(from, to);
    }
};

} // namespace syncline::models

Q_DECLARE_METATYPE(syncline::models::ActionRequest)
