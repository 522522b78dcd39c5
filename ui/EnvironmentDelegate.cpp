#include "EnvironmentDelegate.h"

#include "EnvironmentListModel.h"

#include <QApplication>
#include <QPainter>

namespace syncline::ui {

using models::EnvironmentListModel;

namespace {
constexpr int Margin = 8;
constexpr int LineGap = 2;

QString column(const QModelIndex& index, int column) {
    return index.siblingAtColumn(column).data().toString();
}
} // namespace

QString EnvironmentDelegate::detailText(const QModelIndex& index) {
    QStringList parts{column(index, EnvironmentListModel::PathColumn),
                      column(index, EnvironmentListModel::RendererColumn)};
    const QString ns = column(index, EnvironmentListModel::NamespaceColumn);
    if (ns != QStringLiteral("—"))
        parts << QStringLiteral("ns ") + ns;
    parts << column(index, EnvironmentListModel::ModeColumn);
    return parts.join(QStringLiteral(" · "));
}

void EnvironmentDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString name = opt.text;
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget); // background, selection

    const bool selected = opt.state & QStyle::State_Selected;
    const QColor text = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    QColor muted = selected ? text : opt.palette.color(QPalette::PlaceholderText);
    const QRect area = opt.rect.adjusted(Margin, 4, -Margin, -4);
    QFont bold = opt.font;
    bold.setBold(true);
    const int lineHeight = QFontMetrics(opt.font).height();
    const QRect first(area.left(), area.top(), area.width(), lineHeight);
    const QRect second(area.left(), area.top() + lineHeight + LineGap, area.width(), lineHeight);

    painter->save();
    const QString promotion = column(index, EnvironmentListModel::PromotionColumn);
    const QString stage = promotion == QStringLiteral("—") ? QString() : QStringLiteral("stage ") + promotion;
    painter->setPen(muted);
    painter->drawText(first, Qt::AlignRight | Qt::AlignVCenter, stage);
    const int stageWidth = stage.isEmpty() ? 0 : QFontMetrics(opt.font).horizontalAdvance(stage) + Margin;
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(first.adjusted(0, 0, -stageWidth, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(name, Qt::ElideRight, first.width() - stageWidth));
    painter->setFont(opt.font);
    painter->setPen(muted);
    painter->drawText(second, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(opt.font).elidedText(detailText(index), Qt::ElideMiddle, second.width()));
    painter->restore();
}

QSize EnvironmentDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics metrics(option.font);
    return {metrics.horizontalAdvance(detailText(index)) + 2 * Margin, 2 * metrics.height() + LineGap + 8};
}

} // namespace syncline::ui
