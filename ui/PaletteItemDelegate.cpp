#include "PaletteItemDelegate.h"

#include "PaletteModel.h"

#include <QPainter>

namespace syncline::ui {

void PaletteItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem title = option;
    const QString hint = index.data(models::PaletteModel::HintRole).toString();
    const int hintWidth = hint.isEmpty() ? 0 : option.fontMetrics.horizontalAdvance(hint) + 16;
    title.rect.setRight(option.rect.right() - hintWidth);
    QStyledItemDelegate::paint(painter, title, index);
    if (hint.isEmpty())
        return;
    painter->save();
    const bool selected = option.state & QStyle::State_Selected;
    painter->fillRect(QRect(title.rect.right() + 1, option.rect.top(), hintWidth, option.rect.height()),
                      selected ? option.palette.highlight() : option.palette.base());
    painter->setPen(selected ? option.palette.highlightedText().color() : option.palette.placeholderText().color());
    painter->drawText(option.rect.adjusted(0, 0, -8, 0), Qt::AlignRight | Qt::AlignVCenter, hint);
    painter->restore();
}

} // namespace syncline::ui
