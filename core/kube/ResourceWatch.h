#pragma once

#include "kube/KubeClient.h"
#include "kube/WatchEvent.h"
#include "util/Error.h"

#include <QString>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>

namespace syncline::kube {

// What one watch covers: a kind in a namespace (empty: a cluster-scoped kind).
struct WatchTarget {
    QString group;
    QString kind;
    QString namespaceName;
    bool operator<(const WatchTarget& other) const {
        return std::tie(group, kind, namespaceName) < std::tie(other.group, other.kind, other.namespaceName);
    }
    bool operator==(const WatchTarget&) const = default;
    QString toString() const;
};

struct WatchPolicy {
    std::chrono::milliseconds backoffBase{250}; // after a failure; doubled per failure in a row
    std::chrono::milliseconds backoffMax{30000};
    int timeoutSeconds = 290; // one watch request; the next starts from where it ended
};

// Keeps one WatchTarget of one cluster watched, on its own thread, until destroyed: a list
// for the current resourceVersion (one object, not the whole kind), then watch requests
// from the newest version seen (bookmarks move it on without an object); a new list when
// the server no longer keeps that version (410 Expired); a growing pause after failures
// (a restarting server, a dropped connection).
//
// Callbacks run on the watch's thread. onResync follows every (re)list: changes since the
// previous list may have been missed, so whoever keeps state reads it again.
class ResourceWatch {
public:
    struct Callbacks {
        std::function<void(const WatchEvent& event)> onEvent; // Added, Modified, Deleted
        std::function<void()> onResync;
        std::function<void(const util::Error& error)> onProblem; // retrying; may be empty
    };

    ResourceWatch(std::shared_ptr<KubeClient> client, WatchTarget target, Callbacks callbacks, WatchPolicy policy = {});
    ~ResourceWatch(); // stops the thread and waits for it
    ResourceWatch(const ResourceWatch&) = delete;
    ResourceWatch& operator=(const ResourceWatch&) = delete;

    const WatchTarget& target() const { return m_target; }

private:
    void run();
    // False when stopped (or asked to stop while waiting).
    bool waitAfterFailure(int failures);
    bool listVersion(QString& version);

    std::shared_ptr<KubeClient> m_client;
    WatchTarget m_target;
    Callbacks m_callbacks;
    WatchPolicy m_policy;
    util::CancellationToken m_cancel;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::thread m_thread;
};

} // namespace syncline::kube
