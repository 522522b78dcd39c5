#include "SideBySideView.h"

#include "SideBySideDiff.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>

namespace syncline::ui {

namespace {

using models::SideBySideDiff;

QPlainTextEdit* makeEdit(QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setFrameShape(QFrame::StyledPanel);
    return edit;
}

// The backgrounds of what only the left (live) and only the right (desired) side has.
const QColor kLeftChanged(0xff, 0xeb, 0xe9);
const QColor kRightChanged(0xe6, 0xff, 0xec);

// A row that differs, and not only as the caller expects: what change navigation visits.
bool isChange(const SideBySideDiff::Row& row) {
    return row.kind != SideBySideDiff::Kind::Same && row.kind != SideBySideDiff::Kind::Expected;
}

// Fills `edit` with one line per row and colours the rows that differ.
void fill(QPlainTextEdit* edit, const SideBySideDiff& diff, bool left) {
    QStringList lines;
    lines.reserve(qsizetype(diff.rows.size()));
    for (const SideBySideDiff::Row& row : diff.rows)
        lines << (left ? row.left : row.right).value_or(QString());
    edit->setPlainText(lines.join(QLatin1Char('\n')));

    QTextBlockFormat changed, filler, expected;
    changed.setBackground(left ? kLeftChanged : kRightChanged);
    filler.setBackground(QColor(0xf3, 0xf4, 0xf6));
    expected.setBackground(QColor(0xee, 0xf1, 0xf8));
    QTextCursor cursor(edit->document());
    cursor.beginEditBlock();
    QTextBlock block = edit->document()->begin();
    for (const SideBySideDiff::Row& row : diff.rows) {
        if (!block.isValid())
            break;
        const bool present = left ? row.left.has_value() : row.right.has_value();
        if (row.kind != SideBySideDiff::Kind::Same) {
            cursor.setPosition(block.position());
            cursor.setBlockFormat(!present ? filler : row.kind == SideBySideDiff::Kind::Expected ? expected : changed);
        }
        block = block.next();
    }
    cursor.endEditBlock();
    edit->moveCursor(QTextCursor::Start);
}

// The first row of each run of rows that differ (Expected rows are not changes).
std::vector<int> changeStarts(const std::vector<bool>& changed) {
    std::vector<int> starts;
    for (std::size_t i = 0; i < changed.size(); ++i)
        if (changed[i] && (i == 0 || !changed[i - 1]))
            starts.push_back(int(i));
    return starts;
}

void scrollToLine(QPlainTextEdit* edit, int line) {
    const QTextBlock block = edit->document()->findBlockByNumber(line);
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    edit->setTextCursor(cursor);
    edit->centerCursor();
}

} // namespace

SideBySideView::SideBySideView(QWidget* parent)
    : QWidget(parent), m_leftTitle(new QLabel(this)), m_rightTitle(new QLabel(this)), m_left(makeEdit(this)),
      m_right(makeEdit(this)), m_unified(makeEdit(this)) {
    m_left->setObjectName(QStringLiteral("leftYaml"));
    m_right->setObjectName(QStringLiteral("rightYaml"));
    m_unified->setObjectName(QStringLiteral("unifiedYaml"));
    m_left->setAccessibleName(tr("Left side"));
    m_right->setAccessibleName(tr("Right side"));
    m_unified->setAccessibleName(tr("Unified diff"));
    m_unified->hide();
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(4);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_leftTitle, 0, 0);
    layout->addWidget(m_rightTitle, 0, 1);
    layout->addWidget(m_left, 1, 0);
    layout->addWidget(m_right, 1, 1);
    layout->addWidget(m_unified, 1, 0, 1, 2);
    QFont bold = m_leftTitle->font();
    bold.setBold(true);
    m_leftTitle->setFont(bold);
    m_rightTitle->setFont(bold);

    // Rows are aligned, so one scroll position fits both panes.
    for (auto [from, to] : {std::pair{m_left, m_right}, std::pair{m_right, m_left}}) {
        connect(from->verticalScrollBar(), &QScrollBar::valueChanged, to->verticalScrollBar(), &QScrollBar::setValue);
        connect(from->horizontalScrollBar(), &QScrollBar::valueChanged, to->horizontalScrollBar(), &QScrollBar::setValue);
    }
}

void SideBySideView::setTitles(const QString& left, const QString& right) {
    m_leftTitle->setText(left);
    m_rightTitle->setText(right);
    m_left->setAccessibleName(left); // a reader names each side as the title above it does
    m_right->setAccessibleName(right);
}

void SideBySideView::setTexts(const QString& left, const QString& right, const SideBySideDiff::Equivalence& expected) {
    const SideBySideDiff diff = SideBySideDiff::make(left, right, expected);
    m_changedRows = diff.changedRows;
    fill(m_left, diff, true);
    fill(m_right, diff, false);
    std::vector<bool> changed;
    for (const SideBySideDiff::Row& row : diff.rows)
        changed.push_back(isChange(row));
    m_sideStarts = changeStarts(changed);
    fillUnified(diff);
    m_currentChange = -1;
    goToChange(0);
}

// "-" the left side's lines of a change, then "+" the right side's, as a unified diff
// shows them; unchanged lines with a space.
void SideBySideView::fillUnified(const SideBySideDiff& diff) {
    QStringList lines;
    std::vector<bool> changed;
    auto add = [&](QChar sign, const QString& text, bool change) {
        lines << sign + text;
        changed.push_back(change);
    };
    for (const SideBySideDiff::Row& row : diff.rows) {
        if (!isChange(row)) {
            add(QLatin1Char(' '), row.left.value_or(row.right.value_or(QString())), false);
            continue;
        }
        if (row.left)
            add(QLatin1Char('-'), *row.left, true);
        if (row.right)
            add(QLatin1Char('+'), *row.right, true);
    }
    m_unified->setPlainText(lines.join(QLatin1Char('\n')));
    QTextBlockFormat removed, added;
    removed.setBackground(kLeftChanged);
    added.setBackground(kRightChanged);
    QTextCursor cursor(m_unified->document());
    cursor.beginEditBlock();
    QTextBlock block = m_unified->document()->begin();
    for (std::size_t i = 0; i < changed.size() && block.isValid(); ++i, block = block.next()) {
        if (!changed[i])
            continue;
        cursor.setPosition(block.position());
        cursor.setBlockFormat(lines[qsizetype(i)].startsWith(QLatin1Char('-')) ? removed : added);
    }
    cursor.endEditBlock();
    m_unifiedStarts = changeStarts(changed);
}

void SideBySideView::setUnified(bool unified) {
    if (unified == m_unifiedShown)
        return;
    m_unifiedShown = unified;
    m_unified->setVisible(unified);
    m_left->setVisible(!unified);
    m_right->setVisible(!unified);
    m_leftTitle->setVisible(!unified);
    m_rightTitle->setVisible(!unified);
    const int keep = m_currentChange;
    m_currentChange = -1;
    goToChange(std::max(0, keep));
}

void SideBySideView::goToChange(int index) {
    const std::vector<int>& starts = currentStarts();
    if (starts.empty()) {
        m_currentChange = -1;
        Q_EMIT currentChangeChanged(-1, 0);
        return;
    }
    m_currentChange = std::clamp(index, 0, int(starts.size()) - 1);
    const int line = starts[std::size_t(m_currentChange)];
    if (m_unifiedShown) {
        scrollToLine(m_unified, line);
    } else {
        scrollToLine(m_left, line);
        scrollToLine(m_right, line);
    }
    Q_EMIT currentChangeChanged(m_currentChange, int(starts.size()));
}

void SideBySideView::nextChange() { goToChange(m_currentChange + 1); }

void SideBySideView::previousChange() { goToChange(std::max(0, m_currentChange - 1)); }

void SideBySideView::setNotice(const QString& notice) {
    m_changedRows = 0;
    m_sideStarts.clear();
    m_unifiedStarts.clear();
    m_currentChange = -1;
    Q_EMIT currentChangeChanged(-1, 0);
    for (QPlainTextEdit* edit : {m_left, m_right, m_unified}) {
        edit->setPlainText(notice);
        QTextCursor cursor(edit->document());
        cursor.select(QTextCursor::Document);
        QTextCharFormat muted;
        muted.setForeground(palette().color(QPalette::PlaceholderText));
        muted.setFontItalic(true);
        cursor.mergeCharFormat(muted);
    }
}

} // namespace syncline::ui
