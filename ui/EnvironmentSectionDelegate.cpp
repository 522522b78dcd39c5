#include "EnvironmentSectionDelegate.h"

#include "EnvironmentListModel.h"

#include <QPainter>

namespace syncline::ui {

using models::EnvironmentListModel;

namespace {

int headingHeight(const QFontMetrics& metrics) { return metrics.height() + 6; }

} // namespace

EnvironmentSectionDelegate::EnvironmentSectionDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QString EnvironmentSectionDelegate::sectionAbove(const QModelIndex& index) {
    const QString place = index.data(EnvironmentListModel::PlaceRole).toString();
    // Only applications × environments have sections: there a unit's name is not its place.
    if (place.isEmpty() || place == index.data(EnvironmentListModel::NameRole).toString())
        return {};
    const QModelIndex above = index.siblingAtRow(index.row() - 1);
    return above.isValid() && above.data(EnvironmentListModel::PlaceRole).toString() == place ? QString() : place;
}

QSize EnvironmentSectionDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (!sectionAbove(index).isEmpty())
        size.rheight() += headingHeight(option.fontMetrics);
    return size;
}

void EnvironmentSectionDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QString heading = sectionAbove(index);
    if (heading.isEmpty()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const int height = headingHeight(option.fontMetrics);
    QRect headingRect = option.rect;
    headingRect.setHeight(height);
    painter->save();
    QFont font = option.font;
    font.setBold(true);
    painter->setFont(font);
    painter->setPen(option.palette.color(QPalette::PlaceholderText));
    painter->drawText(headingRect.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignBottom, heading);
    painter->restore();
    QStyleOptionViewItem item = option;
    item.rect.setTop(option.rect.top() + height);
    QStyledItemDelegate::paint(painter, item, index);
}

} // namespace syncline::ui
