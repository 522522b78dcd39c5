#pragma once

#include "util/CancellationToken.h"

#include <QFuture>
#include <QObject>

#include <algorithm>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace syncline::util {

namespace detail {
template <typename F> struct FutureValue;
template <typename T> struct FutureValue<QFuture<T>> { using type = T; };
} // namespace detail

// The latest job of one kind that an owner (a controller) runs — Qt Creator's Async<T> and
// FutureSynchronizer reduced to what the controllers need. start() cancels the job before
// it and hands the new one a fresh token; only the latest job's result is delivered, on the
// owner's thread; abandon() cancels the job and drops its result; the destructor abandons
// and waits for every job it started that has not finished, so no job outlives the data its
// owner gave it. Used on the owner's thread only.
//
//     m_fetch.start(this, [&](const util::CancellationToken& cancel) {
//         return m_executor->submit([cancel] { return work(cancel); });
//     }, [this](Result result) { Q_EMIT done(result); });
class LatestJob {
public:
    LatestJob() = default;
    ~LatestJob() {
        abandon();
        waitForFinished();
    }
    LatestJob(const LatestJob&) = delete;
    LatestJob& operator=(const LatestJob&) = delete;

    // `launch(token)` starts the job (on a pool or an executor) and returns its QFuture;
    // `deliver(result)` runs on `context`'s thread once it finishes, unless start() or
    // abandon() came first (or `context` is gone).
    template <typename Launch, typename Deliver> void start(QObject* context, Launch&& launch, Deliver deliver) {
        using Future = std::invoke_result_t<Launch&, const CancellationToken&>;
        using Result = typename detail::FutureValue<Future>::type;
        abandon();
        m_token = CancellationToken();
        const quint64 generation = ++m_state->generation;
        m_state->running = true;
        Future future = launch(std::as_const(m_token));
        std::erase_if(m_started, [](const QFuture<void>& started) { return started.isFinished(); });
        m_started.push_back(QFuture<void>(future));
        future.then(context, [state = m_state, generation, deliver = std::move(deliver)](Result result) mutable {
            if (generation != state->generation)
                return; // superseded or abandoned
            state->running = false;
            deliver(std::move(result));
        });
    }

    // The latest job has started and its result is not delivered yet.
    bool isRunning() const { return m_state->running; }
    // The token handed to the latest job (for progress relays: cancelled once superseded).
    const CancellationToken& token() const { return m_token; }
    // Asks the latest job to stop; its result (usually a Cancelled error) is still delivered.
    void cancel() const { m_token.cancel(); }
    // Cancels the latest job and drops its result: nothing is delivered any more.
    void abandon() {
        m_token.cancel();
        ++m_state->generation;
        m_state->running = false;
    }
    // Blocks until every job started here has finished. For owners' destructors and tests.
    void waitForFinished() {
        for (auto& started : m_started)
            started.waitForFinished();
        m_started.clear();
    }

private:
    struct State {
        quint64 generation = 0;
        bool running = false;
    };
    std::shared_ptr<State> m_state = std::make_shared<State>();
    CancellationToken m_token;
    std::vector<QFuture<void>> m_started;
};

} // namespace syncline::util
