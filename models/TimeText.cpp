#include "TimeText.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

namespace syncline::models {

QString relativeTimeText(qint64 epochSeconds, qint64 nowSeconds) {
    const qint64 age = nowSeconds - epochSeconds;
    if (age < 0 || age >= 30 * 86400)
        return QDateTime::fromSecsSinceEpoch(epochSeconds).toString(QStringLiteral("yyyy-MM-dd"));
    if (age < 60)
        return QCoreApplication::translate("TimeText", "just now");
    if (age < 3600)
        return QCoreApplication::translate("TimeText", "%1 min ago").arg(age / 60);
    if (age < 86400)
        return QCoreApplication::translate("TimeText", "%1 h ago").arg(age / 3600);
    if (age < 2 * 86400)
        return QCoreApplication::translate("TimeText", "yesterday");
    return QCoreApplication::translate("TimeText", "%1 d ago").arg(age / 86400);
}

QString fullTimeText(qint64 epochSeconds, int offsetMinutes) {
    const QDateTime when = QDateTime::fromSecsSinceEpoch(epochSeconds, QTimeZone(offsetMinutes * 60));
    const int absolute = offsetMinutes < 0 ? -offsetMinutes : offsetMinutes;
    return when.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + (offsetMinutes < 0 ? QLatin1Char('-') : QLatin1Char('+')) +
           QStringLiteral("%1%2").arg(absolute / 60, 2, 10, QLatin1Char('0')).arg(absolute % 60, 2, 10, QLatin1Char('0'));
}

} // namespace syncline::models

namespace syncline::models {

QString sinceTimeText(const QDateTime& when, const QDateTime& now) {
    if (!when.isValid())
        return {};
    const QDateTime local = when.toLocalTime();
    const QDateTime today = now.toLocalTime();
    if (local.date() == today.date())
        return local.toString(QStringLiteral("HH:mm"));
    if (local.date().year() == today.date().year())
        return local.toString(QStringLiteral("MMM d HH:mm"));
    return local.toString(QStringLiteral("yyyy-MM-dd"));
}

} // namespace syncline::models
