// Card lines fit by dropping whole words: the revision and "since" stay, the message loses
// words from its end, and no word is ever cut in two — at every width a pane can have.
#include "WordElide.h"

#include <QApplication>
#include <QTest>

using syncline::ui::WordElide;

class TestWordElide : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordsAreDroppedWholeAndSinceStays() {
        const QString line = QStringLiteral("1a2b3c4 promote(staging): bump api to 1.3.0 and web to 2.1.0 since 10:42");
        const QFontMetrics metrics(QApplication::font());
        const QStringList words = line.split(QLatin1Char(' '));
        const int full = metrics.horizontalAdvance(line);
        QCOMPARE(WordElide::fit(line, metrics, full, WordElide::sinceTail(line)), line);
        const int shortest = metrics.horizontalAdvance(QStringLiteral("1a2b3c4… since 10:42"));
        for (int width = full - 1; width >= shortest; width -= 3) {
            const QString shown = WordElide::fit(line, metrics, width, WordElide::sinceTail(line));
            QVERIFY2(metrics.horizontalAdvance(shown) <= width, qPrintable(shown));
            QVERIFY2(shown.endsWith(QStringLiteral("… since 10:42")), qPrintable(shown));
            QVERIFY2(shown.startsWith(QLatin1String("1a2b3c4")), qPrintable(shown));
            const QString message = shown.left(shown.indexOf(QStringLiteral("…")));
            for (const QString& word : message.split(QLatin1Char(' '), Qt::SkipEmptyParts))
                QVERIFY2(words.contains(word), qPrintable(QStringLiteral("'%1' is cut in: %2").arg(word, shown)));
        }
        // Narrower than the revision and "since": cut at the right like any elided text.
        const QString tiny = WordElide::fit(line, metrics, shortest / 2, WordElide::sinceTail(line));
        QVERIFY(metrics.horizontalAdvance(tiny) <= shortest / 2);
    }

    void aLineWithoutSinceKeepsItsFirstWords() {
        const QFontMetrics metrics(QApplication::font());
        const QString line = QStringLiteral("not deployed by Syncline");
        const QString shown = WordElide::fit(line, metrics, metrics.horizontalAdvance(QStringLiteral("not deployed…")));
        QCOMPARE(shown, QStringLiteral("not deployed…"));
        QVERIFY(WordElide::sinceTail(line).isEmpty());
    }
};

QTEST_MAIN(TestWordElide)
#include "tst_wordelide.moc"
