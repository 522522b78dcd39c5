#include "DiffView.h"

#include "util/Text.h"

#include <QFontDatabase>
#include <QTextBlock>
#include <QTextCursor>

namespace syncline::ui {

DiffView::DiffView(QWidget* parent) : QPlainTextEdit(parent) {
    setReadOnly(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFrameShape(QFrame::NoFrame);
    setAccessibleName(tr("Diff"));
}

void DiffView::setNotice(const QString& notice) {
    setPlainText(notice);
    QTextCursor cursor(document());
    cursor.select(QTextCursor::Document);
    QTextCharFormat muted;
    muted.setForeground(palette().color(QPalette::PlaceholderText));
    muted.setFontItalic(true);
    cursor.mergeCharFormat(muted);
}

void DiffView::setPatch(const QString& patch) {
    // Bounded: a giant generated file must not freeze the window.
    QString text = patch;
    QString cut;
    if (text.size() > kMaxBytes) {
        text.truncate(kMaxBytes);
        cut = tr("… diff truncated: %1 of text not shown").arg(util::formatByteSize(patch.size() - kMaxBytes));
    }
    int lines = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('\n') && ++lines >= kMaxLines) {
            text.truncate(i);
            cut = tr("… diff truncated after %1 lines").arg(kMaxLines);
            break;
        }
    }
    if (text.endsWith(QLatin1Char('\n')))
        text.chop(1);
    if (!cut.isEmpty())
        text += QLatin1Char('\n') + cut;
    setPlainText(text);

    QTextBlockFormat added, removed, hunk;
    added.setBackground(QColor(0xe6, 0xff, 0xec));
    removed.setBackground(QColor(0xff, 0xeb, 0xe9));
    hunk.setBackground(QColor(0xdd, 0xf4, 0xff));
    QTextCharFormat header;
    header.setFontWeight(QFont::Bold);
    header.setForeground(palette().color(QPalette::PlaceholderText));
    QTextCharFormat hunkText;
    hunkText.setForeground(QColor(0x57, 0x60, 0x6a));

    QTextCursor cursor(document());
    cursor.beginEditBlock();
    bool inHeader = true; // "diff --git", "index", "---", "+++" until the first hunk
    for (QTextBlock block = document()->begin(); block.isValid(); block = block.next()) {
        const QString line = block.text();
        cursor.setPosition(block.position());
        if (line.startsWith(QLatin1String("diff --git"))) {
            inHeader = true;
        } else if (line.startsWith(QLatin1String("@@"))) {
            inHeader = false;
            cursor.setBlockFormat(hunk);
            cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(hunkText);
            continue;
        }
        if (inHeader) {
            cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(header);
        } else if (line.startsWith(QLatin1Char('+'))) {
            cursor.setBlockFormat(added);
        } else if (line.startsWith(QLatin1Char('-'))) {
            cursor.setBlockFormat(removed);
        }
    }
    cursor.endEditBlock();
    moveCursor(QTextCursor::Start);
}

} // namespace syncline::ui
