#pragma once

#include <QStyledItemDelegate>

namespace syncline::ui {

// Paints the history list's Graph column (lanes and commit dots from GraphRow) and its
// Summary column (decoration pills before the text). Reads HistoryModel's rows directly:
// no libgit2, no copies per paint.
class GraphDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kLaneWidth = 14;
    static constexpr int kMargin = 6;
    static constexpr int kPillPadding = 6;

    explicit GraphDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor laneColor(int color);
    // Pixels the graph needs for `lanes` columns.
    static int graphWidth(int lanes) { return 2 * kMargin + lanes * kLaneWidth; }

private:
    void paintGraph(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    void paintSummary(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
};

} // namespace syncline::ui
