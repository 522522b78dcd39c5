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

// Fills `edit` with one line per row and colours the rows that differ.
void fill(QPlainTextEdit* edit, const SideBySideDiff& diff, bool left) {
    QStringList lines;
    lines.reserve(qsizetype(diff.rows.size()));
    for (const SideBySideDiff::Row& row : diff.rows)
        lines << (left ? row.left : row.right).value_or(QString());
    edit->setPlainText(lines.join(QLatin1Char('\n')));

    QTextBlockFormat changed, filler, expected;
    changed.setBackground(left ? QColor(0xff, 0xeb, 0xe9) : QColor(0xe6, 0xff, 0xec));
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

} // namespace

SideBySideView::SideBySideView(QWidget* parent)
    : QWidget(parent), m_leftTitle(new QLabel(this)), m_rightTitle(new QLabel(this)), m_left(makeEdit(this)),
      m_right(makeEdit(this)) {
    m_left->setObjectName(QStringLiteral("leftYaml"));
    m_right->setObjectName(QStringLiteral("rightYaml"));
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(4);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_leftTitle, 0, 0);
    layout->addWidget(m_rightTitle, 0, 1);
    layout->addWidget(m_left, 1, 0);
    layout->addWidget(m_right, 1, 1);
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
}

void SideBySideView::setTexts(const QString& left, const QString& right, const SideBySideDiff::Equivalence& expected) {
    const SideBySideDiff diff = SideBySideDiff::make(left, right, expected);
    m_changedRows = diff.changedRows;
    fill(m_left, diff, true);
    fill(m_right, diff, false);
}

void SideBySideView::setNotice(const QString& notice) {
    m_changedRows = 0;
    for (QPlainTextEdit* edit : {m_left, m_right}) {
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
