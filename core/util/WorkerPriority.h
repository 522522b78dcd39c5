#pragma once

namespace syncline::util {

// Worker threads below the GUI thread. A fleet refresh keeps every core busy with pool jobs;
// at the same priority the window's event loop waits its turn behind them (a 115 ms stall
// for a tick that needs 3 ms of CPU). At a higher nice the workers yield a core whenever the
// GUI thread has work, and still use every idle cycle (unlike SCHED_IDLE, which can starve).
//
// Linux gives every thread its own nice value, so this lowers the workers and not the process.
// QThread::setPriority cannot: with SCHED_OTHER it only knows IdlePriority (SCHED_IDLE).
class WorkerPriority {
public:
    // How much nicer than the GUI thread the workers run: enough that the scheduler gives
    // the GUI thread about three times a worker's share, not so much that a refresh crawls
    // when other programs are busy too.
    static constexpr int kNiceOffset = 5;

    // From now on every job started with runOn() first moves its thread to the calling
    // thread's nice + kNiceOffset. For the window's process, called on the GUI thread; the
    // command line has no event loop to protect and leaves its workers alone.
    static void lowerWorkers();

    // Jobs started from now on leave their thread's priority as it is (tests). Threads
    // already lowered stay lowered: an unprivileged process cannot raise them back.
    static void leaveWorkers();

    // Called by runOn at the start of each job: gives this thread the workers' nice value
    // (once per thread; a syscall only when it changes).
    static void applyToCurrentThread() noexcept;
};

} // namespace syncline::util
