#include "WordElide.h"

#include <QCoreApplication>
#include <QStringList>

namespace syncline::ui {

QString WordElide::fit(const QString& text, const QFontMetrics& metrics, int width, const QString& keptTail) {
    if (metrics.horizontalAdvance(text) <= width)
        return text;
    const QString tail = text.endsWith(keptTail) ? keptTail : QString();
    QStringList words = text.left(text.size() - tail.size()).split(QLatin1Char(' '));
    while (words.size() > 1) {
        words.removeLast();
        const QString candidate = words.join(QLatin1Char(' ')) + QStringLiteral("…") + tail;
        if (metrics.horizontalAdvance(candidate) <= width)
            return candidate;
    }
    return metrics.elidedText(text, Qt::ElideRight, width);
}

QString WordElide::sinceTail(const QString& text) {
    // The joiner SyncStateModel::deployedText translates, so a translated card still splits.
    const qsizetype at = text.lastIndexOf(QCoreApplication::translate("SyncStateModel", " since "));
    return at < 0 ? QString() : text.mid(at);
}

} // namespace syncline::ui
