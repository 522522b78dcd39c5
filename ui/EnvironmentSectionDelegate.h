#pragma once

#include <QStyledItemDelegate>

namespace syncline::ui {

// Draws a unit list (models::EnvironmentListModel) in sections, one per environment: the
// first unit of each environment has the environment's name above it ("staging", then
// "web · staging", "api · staging"). A version-1 list, one unit per environment, is drawn
// as it always was.
class EnvironmentSectionDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit EnvironmentSectionDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The section heading above `index`; empty: none (not the first of its environment).
    static QString sectionAbove(const QModelIndex& index);
};

} // namespace syncline::ui
