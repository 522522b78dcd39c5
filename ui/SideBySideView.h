#pragma once

#include "SideBySideDiff.h"

#include <QWidget>

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

private:
    QLabel* m_leftTitle;
    QLabel* m_rightTitle;
    QPlainTextEdit* m_left;
    QPlainTextEdit* m_right;
    int m_changedRows = 0;
};

} // namespace syncline::ui
