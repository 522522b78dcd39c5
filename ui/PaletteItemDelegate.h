#pragma once

#include <QStyledItemDelegate>

namespace syncline::ui {

// A palette row: the command's name, and its hint (shortcut or where it lives) right-aligned
// in a quieter colour, as menus show shortcuts.
class PaletteItemDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace syncline::ui
