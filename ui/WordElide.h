#pragma once

#include <QFontMetrics>
#include <QString>

namespace syncline::ui {

// Fits a line into a width by dropping whole words, never cutting one in the middle:
// "1a2b3c4 promote(staging): bump the api and… since 10:42". A tail that matters (the
// " since …" of a deployed revision) stays whole while the words before it make room;
// when even one word does not fit, the line is cut at the right like any elided text.
class WordElide {
public:
    static QString fit(const QString& text, const QFontMetrics& metrics, int width, const QString& keptTail = {});
    // The " since …" at the end of a deployed-revision line, or empty.
    static QString sinceTail(const QString& text);
};

} // namespace syncline::ui
