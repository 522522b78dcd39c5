#include "reconcile/HookRunner.h"

#include "reconcile/JsonText.h"

#include <QThread>

#include <algorithm>
#include <map>
#include <optional>

namespace syncline::reconcile {

namespace {

using manifest::HookPhase;

// "reason: message" from a status or condition, whichever parts it has.
QString explanation(const nlohmann::json& node) {
    const QString reason = QString::fromStdString(textAt(node, {"reason"}));
    const QString message = QString::fromStdString(textAt(node, {"message"}));
    if (reason.isEmpty() || message.isEmpty())
        return reason + message;
    return reason + QStringLiteral(": ") + message;
}

struct Finished {
    HookOutcome outcome;
    QString message;
};

// A Job is done at its Complete or Failed condition (what the Job controller writes).
std::optional<Finished> jobFinished(const nlohmann::json& live) {
    const auto status = live.find("status");
    if (status == live.end() || !status->is_object() || !status->contains("conditions") || !(*status)["conditions"].is_array())
        return std::nullopt;
    for (const auto& condition : (*status)["conditions"]) {
        if (textAt(condition, {"status"}) != "True")
            continue;
        const std::string type = textAt(condition, {"type"});
        if (type == "Complete")
            return Finished{HookOutcome::Succeeded, {}};
        if (type == "Failed") {
            const QString why = explanation(condition);
            return Finished{HookOutcome::Failed, why.isEmpty() ? QStringLiteral("the Job failed") : why};
        }
    }
    return std::nullopt;
}

std::optional<Finished> podFinished(const nlohmann::json& live) {
    const std::string phase = textAt(live, {"status", "phase"});
    if (phase == "Succeeded")
        return Finished{HookOutcome::Succeeded, {}};
    if (phase == "Failed") {
        const QString why = live.contains("status") ? explanation(live["status"]) : QString();
        return Finished{HookOutcome::Failed, why.isEmpty() ? QStringLiteral("the Pod failed") : why};
    }
    return std::nullopt;
}

bool isJob(const manifest::ResourceKey& key) { return key.group == QLatin1String("batch") && key.kind == QLatin1String("Job"); }
bool isPod(const manifest::ResourceKey& key) { return key.group.isEmpty() && key.kind == QLatin1String("Pod"); }

std::optional<Finished> finished(const manifest::ResourceKey& key, const nlohmann::json& live) {
    if (isJob(key))
        return jobFinished(live);
    if (isPod(key))
        return podFinished(live);
    return Finished{HookOutcome::Succeeded, {}};
}

bool hasName(const manifest::ManifestObject& hook) { return !textAt(nlohmann::json(hook.body), {"metadata", "name"}).empty(); }

QString durationText(std::chrono::milliseconds duration) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(duration).count();
    if (seconds >= 60 && seconds % 60 == 0)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return seconds > 0 ? QStringLiteral("%1 s").arg(seconds) : QStringLiteral("%1 ms").arg(duration.count());
}

} // namespace

// One hook of the running wave: the object as created, and how it ended.
struct HookRunner::Started {
    const Hook* hook = nullptr;
    HookResult result;
    bool created = false;
    bool finished = false;
    util::ErrorCode code = util::ErrorCode::Generic; // of a failure
    void fail(util::ErrorCode why, QString message) {
        result.outcome = HookOutcome::Failed;
        result.message = std::move(message);
        code = why;
        finished = true;
    }
};

HookRunner::HookRunner(kube::KubeClient& client, const util::CancellationToken& cancel, HookTiming timing)
    : m_client(client), m_cancel(cancel), m_timing(std::move(timing)) {}

util::Result<void> HookRunner::load(std::vector<manifest::ManifestObject> hooks) {
    m_hooks.clear();
    for (auto& object : hooks) {
        auto spec = manifest::hookSpec(object);
        if (!spec)
            return util::fail(spec.error());
        m_hooks.push_back(Hook{std::move(object), std::move(*spec)});
    }
    return {};
}

std::vector<std::vector<const HookRunner::Hook*>> HookRunner::wavesOf(HookPhase phase) const {
    std::map<int, std::vector<const Hook*>> byWave;
    for (const Hook& hook : m_hooks)
        if (hook.spec.runsIn(phase))
            byWave[hook.spec.wave].push_back(&hook);
    std::vector<std::vector<const Hook*>> waves;
    for (auto& [wave, hooks] : byWave)
        waves.push_back(std::move(hooks));
    return waves;
}

void HookRunner::list(HookPhase phase, std::vector<HookResult>& results) const {
    for (const auto& wave : wavesOf(phase))
        for (const Hook* hook : wave)
            results.push_back(HookResult{hook->object.key, phase, HookOutcome::WouldRun,
                                         phase == HookPhase::SyncFail ? QStringLiteral("only if the sync fails") : QString()});
}

util::Result<void> HookRunner::run(HookPhase phase, std::vector<HookResult>& results) {
    for (const auto& wave : wavesOf(phase)) {
        std::vector<Started> started;
        for (const Hook* hook : wave) {
            if (m_cancel.isCancelled())
                break; // the ones started are still waited for (briefly) and reported
            started.push_back(start(*hook, phase));
        }
        awaitAll(started);
        std::optional<util::Error> failure;
        for (Started& hook : started) {
            applyDeletePolicy(hook);
            results.push_back(hook.result);
            if (hook.result.outcome == HookOutcome::Failed && !failure)
                failure = util::makeError(hook.code,
                                          QStringLiteral("%1 hook failed: %2").arg(hookPhaseName(phase), hook.result.message),
                                          hook.result.key.toString());
        }
        if (failure)
            return util::fail(*failure); // later waves do not run
        if (m_cancel.isCancelled())
            return util::fail(util::ErrorCode::Cancelled, QStringLiteral("sync cancelled"),
                              hookPhaseName(phase) + QStringLiteral(" hooks"));
    }
    return {};
}

// Creates one hook: POST for a generateName (the server names it; server-side apply
// needs a name), server-side apply for a name, after deleting the previous one when
// BeforeHookCreation says so (a finished Job cannot be run again by an apply).
HookRunner::Started HookRunner::start(const Hook& hook, HookPhase phase) {
    Started started{&hook, HookResult{hook.object.key, phase, HookOutcome::Succeeded, {}}};
    const nlohmann::json body(hook.object.body);
    const bool named = hasName(hook.object);
    if (named && hook.spec.deleteBeforeCreation) {
        if (auto removed = deletePrevious(hook.object.key); !removed) {
            started.fail(removed.error().code, QStringLiteral("deleting the previous one failed: ") + removed.error().message);
            return started;
        }
    }
    auto stored =
        named ? m_client.apply(body, kube::ApplyOptions{}, m_cancel) : m_client.create(body, kube::CreateOptions{}, m_cancel);
    if (!stored) {
        started.fail(stored.error().code, stored.error().message);
        return started;
    }
    started.created = true;
    started.result.key = manifest::ResourceKey::of(*stored);
    if (started.result.key.name.isEmpty()) // an answer without metadata: keep what we know
        started.result.key = hook.object.key;
    // Only Jobs and Pods run; anything else is done once created.
    started.finished = !isJob(started.result.key) && !isPod(started.result.key);
    return started;
}

// Deletes the hook's previous object and waits until the server no longer has it (an
// object with finalizers lingers for a moment).
util::Result<void> HookRunner::deletePrevious(const manifest::ResourceKey& key) {
    auto removed = m_client.remove(key, kube::DeleteOptions{}, m_cancel);
    if (!removed && removed.error().code != util::ErrorCode::NotFound)
        return util::fail(removed.error());
    if (!removed)
        return {};
    QDeadlineTimer deadline(m_timing.timeout);
    for (;;) {
        auto live = m_client.get(key, m_cancel);
        if (!live && live.error().code == util::ErrorCode::NotFound)
            return {};
        if (!live)
            return util::fail(live.error());
        if (m_cancel.isCancelled())
            return util::fail(util::ErrorCode::Cancelled, QStringLiteral("sync cancelled"), key.toString());
        if (deadline.hasExpired())
            return util::fail(util::ErrorCode::Timeout,
                              QStringLiteral("still there %1 after it was deleted").arg(durationText(m_timing.timeout)),
                              key.toString());
        pause(deadline);
    }
}

// One read of an unfinished hook; true while it is still running. A hook whose state
// could not be read is not judged, so no delete policy acts on it.
bool HookRunner::stillRunning(Started& hook) {
    auto live = m_client.get(hook.result.key, m_cancel);
    if (!live) {
        const util::ErrorCode code = live.error().code;
        hook.fail(code, code == util::ErrorCode::NotFound    ? QStringLiteral("deleted before it finished")
                        : code == util::ErrorCode::Cancelled ? QStringLiteral("sync cancelled while it ran; left running")
                                                             : live.error().message);
        hook.created = false;
        return false;
    }
    if (auto done = finished(hook.result.key, *live)) {
        hook.finished = true;
        hook.result.outcome = done->outcome;
        hook.result.message = done->message;
        return false;
    }
    return true;
}

// Reads every unfinished hook until all have finished, the wave's time is up or the sync
// is cancelled (a hook cut short that way is left running, never deleted).
void HookRunner::awaitAll(std::vector<Started>& started) {
    QDeadlineTimer deadline(m_timing.timeout);
    for (;;) {
        bool waiting = false;
        for (Started& hook : started) {
            if (!hook.finished && stillRunning(hook))
                waiting = true;
        }
        if (!waiting)
            return;
        const bool cancelled = m_cancel.isCancelled();
        if (cancelled || deadline.hasExpired()) {
            const QString why =
                cancelled ? QStringLiteral("sync cancelled while it ran; left running")
                          : QStringLiteral("did not finish within %1; left running").arg(durationText(m_timing.timeout));
            for (Started& hook : started) {
                if (!hook.finished) {
                    hook.fail(cancelled ? util::ErrorCode::Cancelled : util::ErrorCode::Timeout, why);
                    hook.created = false; // not deleted by a policy: it may still be working
                }
            }
            return;
        }
        pause(deadline);
    }
}

void HookRunner::applyDeletePolicy(Started& started) {
    if (!started.created)
        return;
    const bool succeeded = started.result.outcome == HookOutcome::Succeeded;
    const manifest::HookSpec& spec = started.hook->spec;
    if (succeeded ? !spec.deleteOnSuccess : !spec.deleteOnFailure)
        return;
    const QString policy = succeeded ? QStringLiteral("HookSucceeded") : QStringLiteral("HookFailed");
    auto removed = m_client.remove(started.result.key, kube::DeleteOptions{}, util::CancellationToken{});
    QString note = removed || removed.error().code == util::ErrorCode::NotFound
                       ? QStringLiteral("deleted (%1)").arg(policy)
                       : QStringLiteral("deleting it (%1) failed: %2").arg(policy, removed.error().message);
    started.result.message = started.result.message.isEmpty() ? note : started.result.message + QStringLiteral("; ") + note;
}

void HookRunner::pause(const QDeadlineTimer& deadline) {
    if (m_timing.pause) {
        m_timing.pause();
        return;
    }
    // Sleep in short steps so a cancel is noticed soon.
    QDeadlineTimer until(std::min<qint64>(m_timing.pollInterval.count(), deadline.remainingTime()));
    while (!until.hasExpired() && !m_cancel.isCancelled())
        QThread::msleep(std::min<qint64>(50, until.remainingTime()));
}

} // namespace syncline::reconcile
