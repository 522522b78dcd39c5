#pragma once

#include "SideBySideDiff.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPlainTextEdit;

namespace syncline::ui {

// Two texts side by side, aligned line by line (models::SideBySideDiff): lines that
// differ on red (left) and green (right) backgrounds, filler rows grey, both panes
// scrolling together.
class SideBySideView : public QWidget {
    Q_OBJECT
public:
    explicit SideBySideView(QWidget* parent = nullptr);

    void setTitles(const QString& left, const QString& right);
    // `expected` marks changed line pairs that differ only as expected (neutral colour).
    void setTexts(const QString& left, const QString& right, const models::SideBySideDiff::Equivalence& expected = {});
    void setNotice(const QString& notice); // instead of texts: "select a resource", ...

    QPlainTextEdit* leftEdit() const { return m_left; }
    QPlainTextEdit* rightEdit() const { return m_right; }
    int changedRows() const { return m_changedRows; }

    // One column instead of two: "-" live lines, "+" desired lines, the rest as context.
    void setUnified(bool unified);
    bool isUnified() const { return m_unifiedShown; }
    QPlainTextEdit* unifiedEdit() const { return m_unified; }

    // The changes are the runs of rows that differ; a new text opens at the first one.
    int changeCount() const { return int(currentStarts().size()); }
    int currentChange() const { return m_currentChange; } // -1: none
    void goToChange(int index);
    void nextChange();
    void previousChange();

Q_SIGNALS:
    void currentChangeChanged(int index, int count);

private:
    const std::vector<int>& currentStarts() const { return m_unifiedShown ? m_unifiedStarts : m_sideStarts; }
    void fillUnified(const models::SideBySideDiff& diff);

    QLabel* m_leftTitle;
    QLabel* m_rightTitle;
    QPlainTextEdit* m_left;
    QPlainTextEdit* m_right;
    QPlainTextEdit* m_unified;
    int m_changedRows = 0;
    bool m_unifiedShown = false;
    std::vector<int> m_sideStarts;    // first row of each change, side by side
    std::vector<int> m_unifiedStarts; // first line of each change, unified
    int m_currentChange = -1;
};

} // namespace syncline::ui
