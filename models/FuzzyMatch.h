#pragma once

#include <QString>

namespace syncline::models {

// How well a typed query names a command, as command palettes match: every word of the
// query must appear in the text, in any order, as a substring or failing that as letters in
// order ("prm" finds "Promote"). A word that starts a word of the text scores highest, then
// a substring, then scattered letters; shorter texts win ties. Case does not matter.
class FuzzyMatch {
public:
    static constexpr int kNoMatch = -1;

    // kNoMatch, or a score (higher is better). An empty query matches everything with 0.
    static int score(const QString& query, const QString& text);

private:
    static int wordScore(const QString& word, const QString& text);
    static bool lettersInOrder(const QString& word, const QString& text);
};

} // namespace syncline::models
