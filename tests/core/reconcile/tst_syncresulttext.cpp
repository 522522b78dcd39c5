// The one text of a Sync's result, shared by the window (summary) and the command line
// (report): a success counts what happened, a failure says why and on which objects.
#include "reconcile/SyncResultText.h"

#include <QTest>

using namespace syncline;
using reconcile::HookOutcome;
using reconcile::ObjectOutcome;
using reconcile::SyncResultText;

namespace {

reconcile::ObjectResult object(const QString& name, ObjectOutcome outcome, const QString& error = {}) {
    reconcile::ObjectResult result;
    result.key = manifest::ResourceKey{QStringLiteral("apps"), QStringLiteral("Deployment"), QStringLiteral("shop"), name};
    result.outcome = outcome;
    if (!error.isEmpty())
        result.error = util::makeError(util::ErrorCode::Conflict, error);
    return result;
}

reconcile::HookResult hook(const QString& name, manifest::HookPhase phase, HookOutcome outcome, const QString& message = {}) {
    return {{QStringLiteral("batch"), QStringLiteral("Job"), QStringLiteral("shop"), name}, phase, outcome, message};
}

git::ObjectId revision() { return *git::ObjectId::fromHex(QStringLiteral("1a2b3c4d5e6f708192a3b4c5d6e7f80910111213")); }

} // namespace

class TestSyncResultText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void successCountsWhatHappened() {
        reconcile::SyncResult result{.environment = QStringLiteral("dev"), .revision = revision()};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Applied),
                          object(QStringLiteral("web"), ObjectOutcome::Unchanged),
                          object(QStringLiteral("old"), ObjectOutcome::Pruned)};
        result.recordedDeployed = true;
        const QString headline = QStringLiteral("Synced dev to 1a2b3c4: 1 applied, 1 unchanged, 1 pruned");
        QCOMPARE(SyncResultText::summary(result), headline);
        QCOMPARE(SyncResultText::report(result), QStringLiteral("applied   apps/Deployment shop/api\n"
                                                                "unchanged apps/Deployment shop/web\n"
                                                                "pruned    apps/Deployment shop/old\n") +
                                                     headline + QLatin1Char('\n'));
    }

    void failureNamesTheObjectsOnce() {
        reconcile::SyncResult result{.environment = QStringLiteral("prod"), .revision = revision()};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Applied),
                          object(QStringLiteral("web"), ObjectOutcome::Failed, QStringLiteral("field conflict"))};
        result.error = result.objects.back().error;
        const QString headline = QStringLiteral("Sync of prod failed on 1 of 2 objects; the deployed revision was not recorded.");
        QCOMPARE(SyncResultText::summary(result), headline + QStringLiteral("\napps/Deployment shop/web: field conflict"));
        const QString report = SyncResultText::report(result);
        QVERIFY2(report.endsWith(headline + QLatin1Char('\n')), qPrintable(report));
        QCOMPARE(report.count(QLatin1String("field conflict")), 1);
    }

    // Stopped by a rejected token: the skipped objects say why, which cluster, what to do.
    // Stopped by anything else: no such advice.
    void skippedObjectsSayTheCredentialsWereRejected() {
        reconcile::SyncResult result{
            .environment = QStringLiteral("prod"), .cluster = QStringLiteral("prod-eu"), .revision = revision()};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Applied),
                          object(QStringLiteral("web"), ObjectOutcome::Failed, QStringLiteral("401 Unauthorized")),
                          object(QStringLiteral("db"), ObjectOutcome::Skipped),
                          object(QStringLiteral("mq"), ObjectOutcome::Skipped)};
        result.objects[1].error->code = util::ErrorCode::Auth;
        result.error = result.objects[1].error;
        const QString advice = QStringLiteral("2 skipped: cluster prod-eu rejected the credentials; renew them (log in again, "
                                              "or update the token in the kubeconfig), then Sync again to apply the rest.");
        QVERIFY2(SyncResultText::report(result).contains(advice), qPrintable(SyncResultText::report(result)));
        QVERIFY2(SyncResultText::summary(result).contains(advice), qPrintable(SyncResultText::summary(result)));
        result.error->code = util::ErrorCode::Network;
        QVERIFY2(!SyncResultText::report(result).contains(QLatin1String("skipped:")), qPrintable(SyncResultText::report(result)));
    }

    void failureWithoutObjectsSaysWhatStoppedIt() {
        reconcile::SyncResult result{.environment = QStringLiteral("dev")};
        result.error = util::makeError(util::ErrorCode::NotFound, QStringLiteral("no such revision"));
        QCOMPARE(SyncResultText::headline(result), QStringLiteral("Sync of dev failed."));
        QVERIFY(SyncResultText::summary(result).endsWith(result.error->toString()));
        QCOMPARE(SyncResultText::report(result),
                 QStringLiteral("Sync of dev failed.\n") + result.error->toString() + QLatin1Char('\n'));
    }

    void dryRunFailureSaysNothingWasApplied() {
        reconcile::SyncResult result{.environment = QStringLiteral("dev"), .dryRunFailed = true};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Failed, QStringLiteral("invalid"))};
        result.error = result.objects.back().error;
        QCOMPARE(SyncResultText::headline(result), QStringLiteral("Sync of dev stopped at the dry run: nothing was applied."));
    }

    // Hooks read in the order they ran: PreSync before the objects, the others after.
    void hooksAreListedWhereTheyRan() {
        reconcile::SyncResult result{.environment = QStringLiteral("dev"), .revision = revision()};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Applied)};
        result.hooks = {hook(QStringLiteral("db-migrate-x7k2p"), manifest::HookPhase::PreSync, HookOutcome::Succeeded,
                             QStringLiteral("deleted (HookSucceeded)")),
                        hook(QStringLiteral("notify-4hq8z"), manifest::HookPhase::PostSync, HookOutcome::Succeeded)};
        result.recordedDeployed = true;
        const QString headline = QStringLiteral("Synced dev to 1a2b3c4: 1 applied, 0 unchanged, 2 hooks");
        QCOMPARE(SyncResultText::report(result),
                 QStringLiteral("hook PreSync batch/Job shop/db-migrate-x7k2p: succeeded; deleted (HookSucceeded)\n"
                                "applied   apps/Deployment shop/api\n"
                                "hook PostSync batch/Job shop/notify-4hq8z: succeeded\n") +
                     headline + QLatin1Char('\n'));
        QCOMPARE(SyncResultText::summary(result),
                 headline + QStringLiteral("\nhook PreSync batch/Job shop/db-migrate-x7k2p: succeeded; deleted (HookSucceeded)"
                                           "\nhook PostSync batch/Job shop/notify-4hq8z: succeeded"));
    }

    void aFailedHookSaysWhereTheSyncStopped() {
        reconcile::SyncResult result{.environment = QStringLiteral("dev"), .revision = revision()};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Skipped)};
        result.hooks = {hook(QStringLiteral("db-migrate-x7k2p"), manifest::HookPhase::PreSync, HookOutcome::Failed,
                             QStringLiteral("BackoffLimitExceeded: Job has reached the specified backoff limit")),
                        hook(QStringLiteral("alert-2k9x1"), manifest::HookPhase::SyncFail, HookOutcome::Succeeded)};
        result.error = util::makeError(util::ErrorCode::Generic, QStringLiteral("PreSync hook failed"));
        QCOMPARE(SyncResultText::headline(result), QStringLiteral("Sync of dev stopped at a PreSync hook: nothing was applied."));
        const QString report = SyncResultText::report(result);
        QVERIFY2(report.contains(QStringLiteral("hook PreSync batch/Job shop/db-migrate-x7k2p: failed: BackoffLimitExceeded: "
                                                "Job has reached the specified backoff limit\n")),
                 qPrintable(report));
        QVERIFY2(!report.contains(QStringLiteral("PreSync hook failed")), qPrintable(report)); // said once, by its line

        result.hooks.front().phase = manifest::HookPhase::PostSync;
        QCOMPARE(SyncResultText::headline(result),
                 QStringLiteral("Sync of dev failed at a PostSync hook; the deployed revision was not recorded."));
    }

    void aDryRunSaysNothingWasChanged() {
        reconcile::SyncResult result{.environment = QStringLiteral("dev"), .revision = revision(), .dryRun = true};
        result.objects = {object(QStringLiteral("api"), ObjectOutcome::Skipped)};
        result.hooks = {hook(QStringLiteral("db-migrate-"), manifest::HookPhase::PreSync, HookOutcome::WouldRun),
                        hook(QStringLiteral("alert-"), manifest::HookPhase::SyncFail, HookOutcome::WouldRun,
                             QStringLiteral("only if the sync fails"))};
        QVERIFY(result.succeeded());
        QCOMPARE(SyncResultText::headline(result),
                 QStringLiteral("Dry run of dev at 1a2b3c4: nothing was changed (1 object, 1 hook would run)."));
        QVERIFY(SyncResultText::report(result).contains(
            QStringLiteral("hook SyncFail batch/Job shop/alert-: would run; only if the sync fails\n")));
    }
};

QTEST_GUILESS_MAIN(TestSyncResultText)
#include "tst_syncresulttext.moc"
