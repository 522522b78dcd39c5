#include "MatrixCellDelegate.h"

#include "MatrixModel.h"
#include "StatusColors.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPainter>
#include <QPainterPath>

namespace syncline::ui {

using models::MatrixModel;

namespace {

constexpr int kMargin = 6;
constexpr int kLineGap = 3;
constexpr int kAccentBar = 3;

// The tint of a cell that differs from its left neighbour (with the "≠" marker).
QColor differsColor() { return QColor(0xe0, 0x8a, 0x00); }

QString syncGlyph(health::SyncStatus status) {
    switch (status) {
    case health::SyncStatus::Synced:
        return QStringLiteral("✓");
    case health::SyncStatus::OutOfSync:
        return QStringLiteral("↻");
    case health::SyncStatus::Unknown:
        break;
    }
    return QStringLiteral("?");
}

QString healthGlyph(health::Health health) {
    switch (health) {
    case health::Health::Healthy:
        return QStringLiteral("♥");
    case health::Health::Progressing:
        return QStringLiteral("◔");
    case health::Health::Suspended:
        return QStringLiteral("‖");
    case health::Health::Degraded:
        return QStringLiteral("✗");
    case health::Health::Missing:
        return QStringLiteral("∅");
    case health::Health::Unknown:
        break;
    }
    return QStringLiteral("?");
}

QFont monospaceLike(const QFont& base) {
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(base.pointSizeF() > 0 ? base.pointSizeF() : font.pointSizeF());
    font.setBold(true);
    return font;
}

} // namespace

struct MatrixCellDelegate::Colors {
    QColor text;
    QColor muted;
    bool quiet = false;    // the row matches everywhere: no status colours either
    bool selected = false; // text on the highlight colour
};

MatrixCellDelegate::MatrixCellDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

int MatrixCellDelegate::cellHeight(const QFont& font) {
    const QFontMetrics metrics(font);
    return 3 * metrics.height() + 2 * kLineGap + 2 * kMargin + 6; // chips are 6 px taller than text
}

QSize MatrixCellDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    return {QFontMetrics(option.font).averageCharWidth() * 24, cellHeight(option.font)};
}

QString MatrixCellDelegate::shortImage(const QString& image) {
    const auto slash = image.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? image : image.mid(slash + 1);
}

QString MatrixCellDelegate::imagesLine(const QStringList& images, const QStringList& charts) {
    QStringList parts;
    for (const QString& image : images)
        parts << shortImage(image);
    for (const QString& chart : charts)
        parts << tr("chart %1").arg(chart);
    return parts.isEmpty() ? QStringLiteral("—") : parts.join(QStringLiteral(", "));
}

void MatrixCellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    // Not initStyleOption: it would ask the model for the display text (a sentence built per
    // call) only to clear it; the view's option carries the state, rect and palette.
    QStyleOptionViewItem opt = option;
    opt.index = index;
    const bool present = index.data(MatrixModel::PresentRole).toBool();
    if (!present) {
        // Not deployed there: blank but for a faint dash, so the gap reads as intended.
        painter->save();
        painter->setPen(opt.palette.color(QPalette::Disabled, QPalette::Text));
        painter->drawText(opt.rect, Qt::AlignCenter, QStringLiteral("–"));
        painter->restore();
        return;
    }
    const bool quiet = index.data(MatrixModel::RowQuietRole).toBool();
    const bool differs = index.data(MatrixModel::DiffersFromLeftRole).toBool();
    const bool selected = opt.state & QStyle::State_Selected;
    painter->save();
    painter->setClipRect(opt.rect);
    if (differs && !selected) {
        QColor tint = differsColor();
        tint.setAlpha(38);
        painter->fillRect(opt.rect, tint);
        painter->fillRect(QRect(opt.rect.left(), opt.rect.top(), kAccentBar, opt.rect.height()), differsColor());
    }
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
    Colors colors;
    colors.selected = selected;
    colors.quiet = quiet;
    colors.text = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    colors.muted = selected ? colors.text : opt.palette.color(QPalette::PlaceholderText);
    if (quiet)
        colors.text = colors.muted;
    paintCell(painter, opt, index, colors);
    painter->restore();
}

void MatrixCellDelegate::paintCell(QPainter* painter, const QStyleOptionViewItem& opt, const QModelIndex& index,
                                   const Colors& colors) const {
    const QFontMetrics metrics(opt.font);
    const int lineHeight = metrics.height();
    const QRect area = opt.rect.adjusted(kMargin + kAccentBar, kMargin, -kMargin, -kMargin);
    const QRect first(area.left(), area.top(), area.width(), lineHeight);
    const QRect second(area.left(), first.bottom() + 1 + kLineGap, area.width(), lineHeight);
    const QRect third(area.left(), second.bottom() + 1 + kLineGap, area.width(), lineHeight + 6);

    if (!index.data(MatrixModel::KnownRole).toBool()) {
        painter->setPen(colors.muted);
        painter->drawText(first, Qt::AlignLeft | Qt::AlignVCenter, tr("not read yet"));
        return;
    }
    // 1: the revision, "≠" first when it (or the images) differ from the left.
    QString revision = index.data(MatrixModel::ShortRevisionRole).toString();
    if (revision.isEmpty())
        revision = tr("no revision");
    if (index.data(MatrixModel::DiffersFromLeftRole).toBool())
        revision = QStringLiteral("≠ ") + revision;
    if (m_monoFor != opt.font) {
        m_monoFor = opt.font;
        m_mono = monospaceLike(opt.font); // a font database query: not once per cell
    }
    const QFont& mono = m_mono;
    painter->setFont(mono);
    painter->setPen(colors.text);
    painter->drawText(first, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(mono).elidedText(revision, Qt::ElideRight, first.width()));
    painter->setFont(opt.font);
    // 2: what it runs, or what went wrong reading it.
    const QString error = index.data(MatrixModel::ErrorRole).toString();
    const QStringList images = index.data(MatrixModel::ImagesRole).toStringList();
    const QStringList charts = index.data(MatrixModel::ChartsRole).toStringList();
    const bool showError = !error.isEmpty() && images.isEmpty() && charts.isEmpty();
    painter->setPen(showError && !colors.selected ? models::errorColor() : colors.muted);
    const QString what = showError ? QStringLiteral("⚠ ") + error : imagesLine(images, charts);
    painter->drawText(second, Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(what, Qt::ElideRight, second.width()));
    // 3: sync and health chips, the drift count on the right.
    const auto sync = health::SyncStatus(index.data(MatrixModel::SyncStatusRole).toInt());
    const auto health = health::Health(index.data(MatrixModel::HealthRole).toInt());
    int x = paintChip(painter, third.left(), third, syncGlyph(sync), health::syncStatusName(sync), models::syncStatusColor(sync),
                      colors);
    x = paintChip(painter, x + 4, third, healthGlyph(health), health::healthName(health), models::healthColor(health), colors);
    if (const int drifted = index.data(MatrixModel::DriftedRole).toInt(); drifted > 0) {
        const QRect rest(x + 6, third.top(), third.right() - x - 6, third.height());
        painter->setPen(colors.quiet || colors.selected ? colors.text : models::syncStatusColor(health::SyncStatus::OutOfSync));
        painter->drawText(rest, Qt::AlignRight | Qt::AlignVCenter,
                          metrics.elidedText(tr("%n drifted", nullptr, drifted), Qt::ElideRight, rest.width()));
    }
}

// A rounded chip: the glyph in the status colour, then the status in words. Returns the
// x after it.
int MatrixCellDelegate::paintChip(QPainter* painter, int x, const QRect& line, const QString& glyph, const QString& text,
                                  const QColor& accent, const Colors& colors) {
    const QFontMetrics metrics(painter->font());
    const QColor tone = colors.quiet || colors.selected ? colors.text : accent;
    const int glyphWidth = metrics.horizontalAdvance(glyph);
    const int width = 6 + glyphWidth + 4 + metrics.horizontalAdvance(text) + 7;
    const QRectF chip(x + 0.5, line.top() + 0.5, width, line.height() - 1);
    painter->setRenderHint(QPainter::Antialiasing);
    QColor fill = tone;
    fill.setAlpha(colors.quiet || colors.selected ? 0 : 28);
    painter->setBrush(fill);
    QColor border = tone;
    border.setAlpha(colors.quiet ? 90 : 160);
    painter->setPen(border);
    painter->drawRoundedRect(chip, line.height() / 2.0, line.height() / 2.0);
    painter->setPen(tone);
    painter->drawText(QRect(x + 6, line.top(), glyphWidth + 1, line.height()), Qt::AlignLeft | Qt::AlignVCenter, glyph);
    painter->setPen(colors.text);
    painter->drawText(QRect(x + 6 + glyphWidth + 4, line.top(), width, line.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
    return x + width + 1;
}

} // namespace syncline::ui
