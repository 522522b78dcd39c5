#include "FuzzyMatch.h"

#include <QStringList>

namespace syncline::models {

namespace {

constexpr int kWordStart = 100;
constexpr int kSubstring = 60;
constexpr int kScattered = 20;

bool startsAWord(const QString& text, qsizetype at) { return at == 0 || !text.at(at - 1).isLetterOrNumber(); }

} // namespace

int FuzzyMatch::score(const QString& query, const QString& text) {
    const QStringList words = query.toCaseFolded().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.isEmpty())
        return 0;
    const QString folded = text.toCaseFolded();
    int total = 0;
    for (const QString& word : words) {
        const int one = wordScore(word, folded);
        if (one == kNoMatch)
            return kNoMatch;
        total += one;
    }
    // Shorter texts first among equals: "Sync dev" before "Sync dev with prune…".
    return total * 1000 - int(std::min<qsizetype>(text.size(), 999));
}

int FuzzyMatch::wordScore(const QString& word, const QString& text) {
    int best = kNoMatch;
    for (qsizetype at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
        best = std::max(best, startsAWord(text, at) ? kWordStart : kSubstring);
        if (best == kWordStart)
            break;
    }
    if (best == kNoMatch && lettersInOrder(word, text))
        best = kScattered;
    return best;
}

bool FuzzyMatch::lettersInOrder(const QString& word, const QString& text) {
    qsizetype at = 0;
    for (const QChar letter : word) {
        at = text.indexOf(letter, at);
        if (at < 0)
            return false;
        ++at;
    }
    return true;
}

} // namespace syncline::models
