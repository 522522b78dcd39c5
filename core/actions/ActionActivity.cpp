#include "actions/ActionActivity.h"

namespace syncline::actions {

namespace {

QString subjectOf(const ActionPlan& plan) { return plan.message.section(QLatin1Char('\n'), 0, 0); }

} // namespace

activity::ActivityEntry ActionActivity::finished(const ActionPlan& plan, const ActionOutcome& outcome,
                                                 const QString& repository) {
    activity::ActivityEntry entry = activity::ActivityEntry::now(actionName(plan.kind), subjectOf(plan));
    entry.succeeded = !outcome.pushError;
    entry.result = resultOf(outcome);
    entry.repository = repository;
    if (outcome.newTip)
        entry.commit = outcome.newTip->toHex();
    return entry;
}

activity::ActivityEntry ActionActivity::failed(const ActionPlan& plan, const util::Error& error, const QString& repository) {
    activity::ActivityEntry entry = activity::ActivityEntry::now(actionName(plan.kind), subjectOf(plan));
    entry.result = error.toString();
    entry.repository = repository;
    return entry;
}

// "Committed 1a2b3c4 on main, pushed", "… not pushed: <why>", "Nothing to change".
QString ActionActivity::resultOf(const ActionOutcome& outcome) {
    if (!outcome.newTip)
        return QStringLiteral("Nothing to change on %1").arg(outcome.branch);
    QString text = outcome.fastForward ? QStringLiteral("Moved %1 to %2").arg(outcome.branch, outcome.newTip->shortHex())
                                       : QStringLiteral("Committed %1 on %2").arg(outcome.newTip->shortHex(), outcome.branch);
    if (outcome.pushError)
        text += QStringLiteral(", not pushed: ") + outcome.pushError->toString();
    else if (outcome.pushAttempted)
        text += QStringLiteral(", pushed");
    if (outcome.syncRequested)
        text += QStringLiteral("; sync requested");
    return text;
}

} // namespace syncline::actions
