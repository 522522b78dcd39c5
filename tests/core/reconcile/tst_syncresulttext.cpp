// The one text of a Sync's result, shared by the window (summary) and the command line
// (report): a success counts what happened, a failure says why and on which objects.
#include "reconcile/SyncResultText.h"

#include <QTest>

using namespace syncline;
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
};

QTEST_GUILESS_MAIN(TestSyncResultText)
#include "tst_syncresulttext.moc"
