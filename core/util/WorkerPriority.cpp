#include "util/WorkerPriority.h"

#include <QtGlobal>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <climits>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace syncline::util {

namespace {

constexpr int kLeftAlone = INT_MIN;
constexpr int kNiceMax = 19;

std::atomic<int> g_workerNice{kLeftAlone};
thread_local int t_appliedNice = kLeftAlone;

} // namespace

void WorkerPriority::lowerWorkers() {
#ifdef Q_OS_LINUX
    errno = 0;
    const int own = getpriority(PRIO_PROCESS, 0); // Linux: the calling thread's nice
    if (own == -1 && errno != 0)
        return;
    g_workerNice.store(std::min(own + kNiceOffset, kNiceMax), std::memory_order_relaxed);
#endif
}

void WorkerPriority::leaveWorkers() { g_workerNice.store(kLeftAlone, std::memory_order_relaxed); }

void WorkerPriority::applyToCurrentThread() noexcept {
#ifdef Q_OS_LINUX
    const int wanted = g_workerNice.load(std::memory_order_relaxed);
    if (wanted == kLeftAlone || wanted == t_appliedNice)
        return;
    // Raising one's nice needs no privilege. Should it fail, the job runs all the same.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), wanted);
    t_appliedNice = wanted;
#endif
}

} // namespace syncline::util
