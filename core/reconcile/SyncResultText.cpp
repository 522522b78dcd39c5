#include "reconcile/SyncResultText.h"

#include <QStringList>

#include <algorithm>
#include <optional>
#include <vector>

namespace syncline::reconcile {

namespace {

struct Counts {
    int applied = 0;
    int unchanged = 0;
    int pruned = 0;
    int skipped = 0;
    std::vector<const ObjectResult*> failed;
    std::vector<const HookResult*> failedHooks;
};

QString counted(std::size_t count, const QString& noun) {
    return QStringLiteral("%1 %2%3").arg(count).arg(noun, count == 1 ? QString() : QStringLiteral("s"));
}

QString dryRunHeadline(const SyncResult& result) {
    const QString revision = result.revision.isNull() ? QString() : QStringLiteral(" at ") + result.revision.shortHex();
    const auto wouldRun = std::count_if(result.hooks.begin(), result.hooks.end(), [](const HookResult& hook) {
        return hook.outcome == HookOutcome::WouldRun && hook.phase != manifest::HookPhase::SyncFail;
    });
    return QStringLiteral("Dry run of %1%2: nothing was changed (%3, %4 would run).")
        .arg(result.environment, revision, counted(result.objects.size(), QStringLiteral("object")),
             counted(std::size_t(wouldRun), QStringLiteral("hook")));
}

// A failed hook of the sync itself (a SyncFail hook's failure does not change the story).
const HookResult* stoppingHook(const Counts& counts) {
    for (const HookResult* hook : counts.failedHooks)
        if (hook->phase != manifest::HookPhase::SyncFail)
            return hook;
    return nullptr;
}

Counts countOf(const SyncResult& result) {
    Counts counts;
    for (const HookResult& hook : result.hooks) {
        if (hook.outcome == HookOutcome::Failed)
            counts.failedHooks.push_back(&hook);
    }
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
            ++counts.skipped;
            break;
        }
    }
    return counts;
}

QString headlineOf(const SyncResult& result, const Counts& counts) {
    if (result.succeeded() && result.dryRun)
        return dryRunHeadline(result);
    if (result.succeeded()) {
        const QString revision = result.revision.isNull() ? QString() : QStringLiteral(" to ") + result.revision.shortHex();
        return QStringLiteral("Synced %1%2: %3 applied, %4 unchanged%5%6")
            .arg(result.environment, revision)
            .arg(counts.applied)
            .arg(counts.unchanged)
            .arg(counts.pruned > 0 ? QStringLiteral(", %1 pruned").arg(counts.pruned) : QString())
            .arg(result.hooks.empty() ? QString() : QStringLiteral(", %1 hooks").arg(result.hooks.size()));
    }
    if (result.dryRunFailed)
        return QStringLiteral("Sync of %1 stopped at the dry run: nothing was applied.").arg(result.environment);
    if (const HookResult* hook = stoppingHook(counts)) {
        if (hook->phase == manifest::HookPhase::PreSync)
            return QStringLiteral("Sync of %1 stopped at a PreSync hook: nothing was applied.").arg(result.environment);
        return QStringLiteral("Sync of %1 failed at a %2 hook; the deployed revision was not recorded.")
            .arg(result.environment, manifest::hookPhaseName(hook->phase));
    }
    if (!counts.failed.empty())
        return QStringLiteral("Sync of %1 failed on %2 of %3 objects%4.")
            .arg(result.environment)
            .arg(counts.failed.size())
            .arg(result.objects.size())
            .arg(result.recordedDeployed ? QString() : QStringLiteral("; the deployed revision was not recorded"));
    return QStringLiteral("Sync of %1 failed.").arg(result.environment);
}

// Why the skipped objects were not applied and what to do, when the sync stopped because
// the cluster refused the credentials (an expired or revoked token): every further
// request would have been refused too.
std::optional<QString> skippedReason(const SyncResult& result, const Counts& counts) {
    if (counts.skipped == 0 || !result.error || result.error->code != util::ErrorCode::Auth)
        return std::nullopt;
    const QString cluster =
        result.cluster.isEmpty() ? QStringLiteral("the cluster") : QStringLiteral("cluster ") + result.cluster;
    return QStringLiteral("%1 skipped: %2 rejected the credentials; renew them (log in again, or update the token in the "
                          "kubeconfig), then Sync again to apply the rest.")
        .arg(counts.skipped)
        .arg(cluster);
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
    if (const auto reason = skippedReason(result, counts))
        lines << *reason;
    for (const HookResult& hook : result.hooks)
        lines << hookLine(hook);
    if (result.succeeded())
        return lines.join(QLatin1Char('\n'));
    constexpr std::size_t kMaxListed = 3;
    for (std::size_t i = 0; i < counts.failed.size() && i < kMaxListed; ++i)
        lines << counts.failed[i]->key.toString() + QStringLiteral(": ") +
                     (counts.failed[i]->error ? counts.failed[i]->error->message : QStringLiteral("failed"));
    if (counts.failed.size() > kMaxListed)
        lines << QStringLiteral("… and %1 more").arg(counts.failed.size() - kMaxListed);
    if (counts.failed.empty() && counts.failedHooks.empty() && result.error)
        lines << result.error->toString();
    return lines.join(QLatin1Char('\n'));
}

QString SyncResultText::objectLine(const ObjectResult& object) {
    QString line = QStringLiteral("%1 %2").arg(outcomeName(object.outcome), -9).arg(object.key.toString());
    if (object.error)
        line += QStringLiteral(": ") + object.error->toString();
    return line;
}

QString SyncResultText::hookOutcomeName(HookOutcome outcome) {
    switch (outcome) {
    case HookOutcome::Succeeded:
        return QStringLiteral("succeeded");
    case HookOutcome::Failed:
        return QStringLiteral("failed");
    case HookOutcome::WouldRun:
        break;
    }
    return QStringLiteral("would run");
}

QString SyncResultText::hookLine(const HookResult& hook) {
    QString line = QStringLiteral("hook %1 %2: %3")
                       .arg(manifest::hookPhaseName(hook.phase), hook.key.toString(), hookOutcomeName(hook.outcome));
    if (!hook.message.isEmpty())
        line += (hook.outcome == HookOutcome::Failed ? QStringLiteral(": ") : QStringLiteral("; ")) + hook.message;
    return line;
}

QString SyncResultText::report(const SyncResult& result) {
    const Counts counts = countOf(result);
    QString text;
    auto hookLines = [&](bool preSync) {
        for (const HookResult& hook : result.hooks)
            if ((hook.phase == manifest::HookPhase::PreSync) == preSync)
                text += hookLine(hook) + QLatin1Char('\n');
    };
    hookLines(true);
    for (const ObjectResult& object : result.objects)
        text += objectLine(object) + QLatin1Char('\n');
    hookLines(false);
    text += headlineOf(result, counts) + QLatin1Char('\n');
    if (const auto reason = skippedReason(result, counts))
        text += *reason + QLatin1Char('\n');
    // The lines above already give each failure's reason.
    if (!result.succeeded() && counts.failed.empty() && counts.failedHooks.empty() && result.error)
        text += result.error->toString() + QLatin1Char('\n');
    return text;
}

} // namespace syncline::reconcile
