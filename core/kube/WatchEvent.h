#pragma once

#include <QString>

#include <functional>
#include <nlohmann/json.hpp>

namespace syncline::kube {

// One change a watch reported. A Bookmark carries only the resourceVersion the watch has
// reached (in object.metadata), so a watch started again from it misses nothing.
struct WatchEvent {
    enum class Type { Added, Modified, Deleted, Bookmark };
    Type type = Type::Modified;
    nlohmann::json object;

    QString resourceVersion() const;
};

struct WatchOptions {
    QString namespaceName;   // empty: all namespaces (or a cluster-scoped kind)
    QString labelSelector;   // kubectl's syntax
    QString resourceVersion; // where the list left off; empty: the current objects come first as Added
    // The server ends the watch after this long (the caller starts another from the last
    // version seen); the client gives up on a silent connection some seconds later.
    int timeoutSeconds = 290;
    bool bookmarks = true;
};

using WatchHandler = std::function<void(WatchEvent event)>;

} // namespace syncline::kube
