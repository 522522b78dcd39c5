#pragma once

#include <QtGlobal>

namespace syncline::devcluster {

// What one client may cost the server. The devcluster runs on users' machines (the demo),
// so every connection is bounded in bytes buffered, time idle and number.
struct HttpLimits {
    qsizetype maxHeaderBytes = 256 * 1024;
    qsizetype maxBodyBytes = 3 * 1024 * 1024;          // kube-apiserver's limit: 413 beyond it
    qsizetype maxPendingWriteBytes = 32 * 1024 * 1024; // unread output before a client is cut off
    int idleTimeoutMs = 120'000;                       // no complete request and no output for this long: closed
    int maxConnections = 256;                          // beyond: a new connection is closed at once
};

} // namespace syncline::devcluster
