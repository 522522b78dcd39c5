#include "reconcile/ReconcileActivity.h"

#include "reconcile/SyncResultText.h"

namespace syncline::reconcile {

activity::ActivityEntry ReconcileActivity::sync(const SyncResult& result, const QString& repository) {
    activity::ActivityEntry entry = activity::ActivityEntry::now(
        QStringLiteral("sync"), result.dryRun ? QStringLiteral("Dry-run sync of %1").arg(result.environment)
                                              : QStringLiteral("Sync %1").arg(result.environment));
    entry.succeeded = result.succeeded();
    entry.result = SyncResultText::headline(result);
    entry.repository = repository;
    entry.environment = result.environment;
    if (!result.revision.isNull())
        entry.commit = result.revision.toHex();
    return entry;
}

activity::ActivityEntry ReconcileActivity::consent(const QString& repository, const QString& environment,
                                                   const ClusterConsent& consent) {
    activity::ActivityEntry entry =
        activity::ActivityEntry::now(QStringLiteral("consent"), QStringLiteral("Trust the cluster of %1").arg(environment));
    entry.succeeded = true;
    QStringList allowed;
    if (consent.allowAutoSync)
        allowed << QStringLiteral("auto-sync");
    if (consent.allowPrune)
        allowed << QStringLiteral("prune");
    entry.result = QStringLiteral("context %1").arg(consent.context);
    if (!allowed.isEmpty())
        entry.result += QStringLiteral(", allowing ") + allowed.join(QStringLiteral(" and "));
    entry.repository = repository;
    entry.environment = environment;
    entry.cluster = consent.server;
    return entry;
}

activity::ActivityEntry ReconcileActivity::forgottenConsent(const QString& repository, const QString& environment) {
    activity::ActivityEntry entry = activity::ActivityEntry::now(
        QStringLiteral("forget-consent"), QStringLiteral("Forget the cluster consent of %1").arg(environment));
    entry.succeeded = true;
    entry.result = QStringLiteral("Syncline asks again before it contacts this cluster");
    entry.repository = repository;
    entry.environment = environment;
    return entry;
}

} // namespace syncline::reconcile
