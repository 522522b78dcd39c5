#pragma once

// Hand-overs between threads that ThreadSanitizer cannot see by itself. Qt's QThreadPool,
// QFuture, QSemaphore and event queue lock with raw futexes, and Debian's Qt is not built
// with TSan, so data passed through them looks unsynchronised. Where Syncline passes data
// that way, the sender calls tsanHandOver(token) and the receiver tsanTakeOver(token) on the
// same address. Outside a TSan build (scripts/sanitize.sh thread) both are nothing.
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace syncline::util {

// Everything this thread wrote so far is visible to a thread that takes `token` over.
inline void tsanHandOver([[maybe_unused]] const void* token) {
#if defined(__SANITIZE_THREAD__)
    __tsan_release(const_cast<void*>(token));
#endif
}

// Sees everything written before the matching tsanHandOver(token).
inline void tsanTakeOver([[maybe_unused]] const void* token) {
#if defined(__SANITIZE_THREAD__)
    __tsan_acquire(const_cast<void*>(token));
#endif
}

} // namespace syncline::util
