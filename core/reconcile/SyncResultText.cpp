#include "reconcile/SyncResultText.h"

#include <QStringList>

#include <vector>

namespace syncline::reconcile {

namespace {

struct Counts {
    int applied = 0;
    int unchanged = 0;
    int pruned = 0;
    std::vector<const ObjectResult*> failed;
};

Counts countOf(const SyncResult& result) {
    Counts counts;
    for (const ObjectResult& object : result.objects) {
        switch (object.outcome) {
        case ObjectOutcome::Applied:
            ++counts.applied;
            break;
        case ObjectOutcome::Unchanged:
            ++counts.unchanged;
            break;
        case ObjectOutcome::Pruned:
            ++counts.pruned;
            break;
        case ObjectOutcome::Failed:
            counts.failed.push_back(&object);
            break;
        case ObjectOutcome::Skipped:
            break;
        }
    }
    return counts;
}

QString headlineOf(const SyncResult& result, const Counts& counts) {
    if (result.succeeded()) {
        const QString revision = result.revision.isNull() ? QString() : QStringLiteral(" to ") + result.revision.shortHex();
        return QStringLiteral("Synced %1%2: %3 applied, %4 unchanged%5")
            .arg(result.environment, revision)
            .arg(counts.applied)
            .arg(counts.unchanged)
            .arg(counts.pruned > 0 ? QStringLiteral(", %1 pruned").arg(counts.pruned) : QString());
    }
    if (result.dryRunFailed)
        return QStringLiteral("Sync of %1 stopped at the dry run: nothing was applied.").arg(result.environment);
    if (!counts.failed.empty())
        return QStringLiteral("Sync of %1 failed on %2 of %3 objects%4.")
            .arg(result.environment)
            .arg(counts.failed.size())
            .arg(result.objects.size())
            .arg(result.recordedDeployed ? QString() : QStringLiteral("; the deployed revision was not recorded"));
    return QStringLiteral("Sync of %1 failed.").arg(result.environment);
}

} // namespace

QString SyncResultText::outcomeName(ObjectOutcome outcome) {
    switch (outcome) {
    case ObjectOutcome::Applied:
        return QStringLiteral("applied");
    case ObjectOutcome::Unchanged:
        return QStringLiteral("unchanged");
    case ObjectOutcome::Pruned:
        return QStringLiteral("pruned");
    case ObjectOutcome::Failed:
        return QStringLiteral("failed");
    case ObjectOutcome::Skipped:
        break;
    }
    return QStringLiteral("skipped");
}

QString SyncResultText::headline(const SyncResult& result) { return headlineOf(result, countOf(result)); }

QString SyncResultText::summary(const SyncResult& result) {
    const Counts counts = countOf(result);
    QStringList lines{headlineOf(result, counts)};
    if (result.succeeded())
        return lines.first();
    constexpr std::size_t kMaxListed = 3;
    for (std::size_t i = 0; i < counts.failed.size() && i < kMaxListed; ++i)
        lines << counts.failed[i]->key.toString() + QStringLiteral(": ") +
                     (counts.failed[i]->error ? counts.failed[i]->error->message : QStringLiteral("failed"));
    if (counts.failed.size() > kMaxListed)
        lines << QStringLiteral("… and %1 more").arg(counts.failed.size() - kMaxListed);
    if (counts.failed.empty() && result.error)
        lines << result.error->toString();
    return lines.join(QLatin1Char('\n'));
}

QString SyncResultText::objectLine(const ObjectResult& object) {
    QString line = QStringLiteral("%1 %2").arg(outcomeName(object.outcome), -9).arg(object.key.toString());
    if (object.error)
        line += QStringLiteral(": ") + object.error->toString();
    return line;
}

QString SyncResultText::report(const SyncResult& result) {
    const Counts counts = countOf(result);
    QString text;
    for (const ObjectResult& object : result.objects)
        text += objectLine(object) + QLatin1Char('\n');
    text += headlineOf(result, counts) + QLatin1Char('\n');
    // The object lines above already give each failure's reason.
    if (!result.succeeded() && counts.failed.empty() && result.error)
        text += result.error->toString() + QLatin1Char('\n');
    return text;
}

} // namespace syncline::reconcile
