#pragma once

#include "util/Result.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>

namespace syncline::activity {

// One thing the user did and how it ended: a promotion, revert or rollback, a sync, a
// cluster consent given or forgotten. Never a secret: messages are the scrubbed errors
// the user already saw, and clusters are named by server URL without user-info.
struct ActivityEntry {
    QDateTime time; // UTC
    QString user;   // the operating system's user name
    QString kind;   // "promote", "revert", "rollback", "sync", "consent", "forget-consent"
    QString what;   // "Promote web: staging → prod", "Sync staging"
    bool succeeded = false;
    QString result;      // "Committed 1a2b3c4, pushed to origin", or what went wrong
    QString repository;  // the work tree
    QString environment; // the unit it touched, if any
    QString commit;      // full hex, if it wrote or deployed one
    QString cluster;     // server URL, if it touched a cluster

    static constexpr int kMaxFieldChars = 4'000; // longer texts are cut when written and read

    nlohmann::json toJson() const;
    // A line of the log; every field checked (types, lengths, a valid time).
    static util::Result<ActivityEntry> fromJson(const nlohmann::json& json);
    // An entry stamped now, by the current user.
    static ActivityEntry now(const QString& kind, const QString& what);
    static QString currentUser();
};

} // namespace syncline::activity
