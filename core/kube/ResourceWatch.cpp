#include "kube/ResourceWatch.h"

#include <QRandomGenerator>

#include <algorithm>

namespace syncline::kube {

QString WatchTarget::toString() const {
    QString text = group.isEmpty() ? kind : kind + QLatin1Char('.') + group;
    if (!namespaceName.isEmpty())
        text += QStringLiteral(" in ") + namespaceName;
    return text;
}

ResourceWatch::ResourceWatch(std::shared_ptr<KubeClient> client, WatchTarget target, Callbacks callbacks, WatchPolicy policy)
    : m_client(std::move(client)), m_target(std::move(target)), m_callbacks(std::move(callbacks)), m_policy(policy) {
    m_thread = std::thread([this] { run(); });
}

ResourceWatch::~ResourceWatch() {
    {
        std::lock_guard lock(m_mutex);
        m_cancel.cancel();
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

bool ResourceWatch::waitAfterFailure(int failures) {
    qint64 wait = m_policy.backoffBase.count() << std::min(failures - 1, 16);
    wait = std::min<qint64>(wait, m_policy.backoffMax.count());
    wait += QRandomGenerator::global()->bounded(std::max<qint64>(1, wait / 5)); // watches of one server spread out
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, std::chrono::milliseconds(wait), [this] { return m_cancel.isCancelled(); });
}

// The version a watch starts from; the list asks for one object only.
bool ResourceWatch::listVersion(QString& version) {
    ListOptions options;
    options.namespaceName = m_target.namespaceName;
    options.versionOnly = true;
    auto listed = m_client->listWithVersion(m_target.group, m_target.kind, options, m_cancel);
    if (!listed) {
        if (m_callbacks.onProblem && listed.error().code != util::ErrorCode::Cancelled)
            m_callbacks.onProblem(listed.error());
        return false;
    }
    version = listed->resourceVersion;
    if (m_callbacks.onResync)
        m_callbacks.onResync();
    return true;
}

void ResourceWatch::run() {
    QString version;
    int failures = 0;
    while (!m_cancel.isCancelled()) {
        if (version.isEmpty() && !listVersion(version)) {
            if (!waitAfterFailure(++failures))
                return;
            continue;
        }
        const auto started = std::chrono::steady_clock::now();
        bool heard = false;
        WatchOptions options;
        options.namespaceName = m_target.namespaceName;
        options.resourceVersion = version;
        options.timeoutSeconds = m_policy.timeoutSeconds;
        auto watched = m_client->watch(
            m_target.group, m_target.kind, options,
            [&](WatchEvent event) {
                failures = 0;
                heard = true;
                if (const QString seen = event.resourceVersion(); !seen.isEmpty())
                    version = seen;
                if (event.type != WatchEvent::Type::Bookmark && m_callbacks.onEvent)
                    m_callbacks.onEvent(event);
            },
            m_cancel);
        const bool quick = std::chrono::steady_clock::now() - started < std::chrono::seconds(1);
        if (watched && (heard || !quick))
            continue;  // the server ended this request on time: the next starts where it stopped
        if (watched) { // ended at once with nothing to say: do not hammer the server
            if (!waitAfterFailure(++failures))
                return;
            continue;
        }
        const util::Error& error = watched.error();
        if (error.code == util::ErrorCode::Cancelled || m_cancel.isCancelled())
            return;
        if (error.code == util::ErrorCode::Expired) {
            version.clear(); // the server no longer has that version: list again
            continue;
        }
        if (m_callbacks.onProblem)
            m_callbacks.onProblem(error);
        if (error.code == util::ErrorCode::Unsupported || !waitAfterFailure(++failures))
            return;
    }
}

} // namespace syncline::kube
