#pragma once

#include <QDateTime>
#include <QString>

namespace syncline::models {

// Dates as the lists show them: relative while recent ("5 min ago", "2 h ago",
// "yesterday", "3 d ago"), then the plain date.
QString relativeTimeText(qint64 epochSeconds, qint64 nowSeconds);
// Full date in the signer's own time zone: "2023-11-14 22:13:20 +0100".
QString fullTimeText(qint64 epochSeconds, int offsetMinutes);
// When something started, short and in local time: "10:42" today, "Mar 3 10:42" this
// year, "2023-03-03" before.
QString sinceTimeText(const QDateTime& when, const QDateTime& now);

} // namespace syncline::models
