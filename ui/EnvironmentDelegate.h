#pragma once

#include <QStyledItemDelegate>

namespace syncline::ui {

// Paints one environment of models::EnvironmentListModel in two lines, so a narrow pane
// shows every field: "prod        stage 3 of 3" over "overlays/prod · kustomize ·
// ns shop-prod · direct". Reads the row's other columns through sibling indexes.
class EnvironmentDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The second line's text, for tests and tooltips.
    static QString detailText(const QModelIndex& index);
};

} // namespace syncline::ui
