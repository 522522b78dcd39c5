#include "GraphDelegate.h"

#include "HistoryModel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace syncline::ui {

using models::HistoryModel;

namespace {

struct PillStyle {
    QColor fill;
    QColor border;
    QColor text;
};

PillStyle pillStyle(const git::RefLabel& label) {
    if (label.kind == git::RefKind::Head)
        return {QColor(0xe0, 0x31, 0x31), QColor(0xc9, 0x2a, 0x2a), Qt::white};
    if (label.isCurrent)
        return {QColor(0x2b, 0x8a, 0x3e), QColor(0x23, 0x74, 0x33), Qt::white};
    switch (label.kind) {
    case git::RefKind::LocalBranch:
        return {QColor(0xdb, 0xe9, 0xff), QColor(0x74, 0x9c, 0xe8), QColor(0x1d, 0x4e, 0xd8)};
    case git::RefKind::RemoteBranch:
        return {QColor(0xee, 0xe8, 0xfc), QColor(0xa5, 0x8c, 0xe6), QColor(0x5b, 0x3c, 0xc4)};
    case git::RefKind::Tag:
        return {QColor(0xff, 0xf3, 0xcd), QColor(0xe0, 0xb2, 0x2e), QColor(0x85, 0x5f, 0x00)};
    default:
        return {QColor(0xe9, 0xec, 0xef), QColor(0xad, 0xb5, 0xbd), QColor(0x49, 0x50, 0x57)};
    }
}

// A lane's line from (x1, y1) to (x2, y2): straight when vertical, else an S-curve that
// leaves and arrives vertically, so lanes join smoothly across rows.
void drawLane(QPainter* painter, qreal x1, qreal y1, qreal x2, qreal y2) {
    if (qFuzzyCompare(x1, x2)) {
        painter->drawLine(QPointF(x1, y1), QPointF(x2, y2));
        return;
    }
    QPainterPath path(QPointF(x1, y1));
    const qreal mid = (y1 + y2) / 2;
    path.cubicTo(QPointF(x1, mid), QPointF(x2, mid), QPointF(x2, y2));
    painter->drawPath(path);
}

} // namespace

GraphDelegate::GraphDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QColor GraphDelegate::laneColor(int color) {
    static const QColor palette[] = {
        QColor(0x22, 0x8b, 0xe6), QColor(0x40, 0xc0, 0x57), QColor(0xf0, 0x8c, 0x00), QColor(0xbe, 0x4b, 0xdb),
        QColor(0xfa, 0x52, 0x52), QColor(0x15, 0xaa, 0xbf), QColor(0x7a, 0x8c, 0x1f), QColor(0xe6, 0x49, 0x80),
        QColor(0x4c, 0x6e, 0xf5), QColor(0xa6, 0x7c, 0x52),
    };
    constexpr int count = int(sizeof palette / sizeof palette[0]);
    return palette[((color % count) + count) % count];
}

QSize GraphDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height() + 6, option.fontMetrics.height() + 10));
    return size;
}

void GraphDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    // Commits the highlighted environment does not run yet (deployed..target): a soft
    // amber band, with a bar on the left edge so the range reads without colour too.
    if (index.data(HistoryModel::InPendingRangeRole).toBool() && !(option.state & QStyle::State_Selected)) {
        painter->fillRect(option.rect, QColor(0xff, 0xf4, 0xd6));
        if (index.column() == HistoryModel::GraphColumn)
            painter->fillRect(QRect(option.rect.left(), option.rect.top(), 3, option.rect.height()), QColor(0xe0, 0x8a, 0x00));
    }
    if (index.column() == HistoryModel::GraphColumn)
        paintGraph(painter, option, index);
    else if (index.column() == HistoryModel::SummaryColumn)
        paintSummary(painter, option, index);
    else
        QStyledItemDelegate::paint(painter, option, index);
}

void GraphDelegate::paintGraph(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    const auto* model = qobject_cast<const HistoryModel*>(index.model());
    const models::HistoryRow* row = model ? model->rowAt(index.row()) : nullptr;
    if (!row)
        return;
    const git::GraphRow& graph = row->graph;
    const QRectF rect = option.rect;
    const qreal top = rect.top();
    const qreal bottom = rect.top() + rect.height();
    const qreal centre = rect.center().y() + 0.5;
    auto x = [&](int column) { return rect.left() + kMargin + column * kLaneWidth + kLaneWidth / 2.0; };

    painter->save();
    painter->setClipRect(option.rect);
    painter->setRenderHint(QPainter::Antialiasing);
    const bool filtered = model->isFiltered();
    if (!filtered) {
        for (const git::GraphSegment& segment : graph.upper) {
            painter->setPen(QPen(laneColor(segment.color), 2, Qt::SolidLine, Qt::FlatCap));
            drawLane(painter, x(segment.from), top, x(segment.to), centre);
        }
        for (const git::GraphSegment& segment : graph.lower) {
            painter->setPen(QPen(laneColor(segment.color), 2, Qt::SolidLine, Qt::FlatCap));
            drawLane(painter, x(segment.from), centre, x(segment.to), bottom);
        }
    }
    // Filtered lists are not connected: one column of dots, coloured like their lanes.
    const QPointF dot(x(filtered ? 0 : graph.column), centre);
    const QColor color = laneColor(graph.color);
    const qreal radius = 4.5;
    // On the selection highlight a lane-coloured dot can vanish: ring it in the text colour.
    const bool selected = option.state & QStyle::State_Selected;
    const QColor ring = option.palette.color(selected ? QPalette::HighlightedText : QPalette::Base);
    if (graph.isMerge) {
        painter->setPen(QPen(color, 2));
        painter->setBrush(ring);
        painter->drawEllipse(dot, radius - 0.5, radius - 0.5);
    } else {
        painter->setPen(QPen(ring, 1.5));
        painter->setBrush(color);
        painter->drawEllipse(dot, radius, radius);
    }
    painter->restore();
}

namespace {

// Environments that run this commit, as filled pills ("staging ✓ since 10:42") in at most
// half of `area`. Returns the x where the next item may start.
int paintEnvironmentPills(QPainter* painter, const QStyleOptionViewItem& option,
                          const std::vector<models::EnvironmentPill>& environments, const QRect& area) {
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.88);
    font.setBold(true);
    const QFontMetrics metrics(font);
    const int pillHeight = std::min(area.height() - 4, metrics.height() + 4);
    const int maxWidth = area.width() / 2;
    int left = area.left();
    for (const models::EnvironmentPill& pill : environments) {
        const int width = std::min(metrics.horizontalAdvance(pill.text) + 2 * GraphDelegate::kPillPadding,
                                   std::max(40, maxWidth - (left - area.left())));
        if (left - area.left() > maxWidth)
            break;
        const QRectF box(left + 0.5, area.top() + (area.height() - pillHeight) / 2.0 + 0.5, width, pillHeight - 1);
        const QColor fill = pill.synced ? QColor(0x2b, 0x8a, 0x3e) : QColor(0x0c, 0x85, 0x99);
        painter->setPen(QPen(fill.darker(115), 1));
        painter->setBrush(fill);
        painter->drawRoundedRect(box, pillHeight / 2.0, pillHeight / 2.0);
        painter->setFont(font);
        painter->setPen(Qt::white);
        painter->drawText(box, Qt::AlignCenter,
                          metrics.elidedText(pill.text, Qt::ElideRight, int(box.width()) - 2 * GraphDelegate::kPillPadding + 1));
        left += int(box.width()) + 4;
    }
    return left;
}

// Branch and tag labels as pills in at most 3/5 of `area` (the summary keeps the rest); the
// ones that do not fit become "+N". Returns the x where the next item may start.
int paintRefLabels(QPainter* painter, const QStyleOptionViewItem& option, const std::vector<git::RefLabel>& labels,
                   const QRect& area) {
    QFont pillFont = option.font;
    pillFont.setPointSizeF(pillFont.pointSizeF() * 0.88);
    const QFontMetrics pillMetrics(pillFont);
    const int pillHeight = std::min(area.height() - 4, pillMetrics.height() + 4);
    const int maxPills = area.width() * 3 / 5; // the summary keeps at least 40 %
    int left = area.left();
    int shown = 0;
    for (const git::RefLabel& label : labels) {
        QFont font = pillFont;
        font.setBold(label.isCurrent || label.kind == git::RefKind::Head);
        const QFontMetrics metrics(font);
        const int width = metrics.horizontalAdvance(label.name) + 2 * GraphDelegate::kPillPadding;
        if (left + width - area.left() > maxPills && shown > 0) {
            const QString more = QStringLiteral("+%1").arg(labels.size() - std::size_t(shown));
            painter->setFont(pillFont);
            painter->setPen(option.palette.color(QPalette::PlaceholderText));
            painter->drawText(QRect(left, area.top(), pillMetrics.horizontalAdvance(more) + 4, area.height()),
                              Qt::AlignVCenter | Qt::AlignLeft, more);
            left += pillMetrics.horizontalAdvance(more) + 8;
            break;
        }
        const PillStyle pill = pillStyle(label);
        const QRectF box(left + 0.5, area.top() + (area.height() - pillHeight) / 2.0 + 0.5, std::min(width, maxPills),
                         pillHeight - 1);
        painter->setPen(QPen(pill.border, 1));
        painter->setBrush(pill.fill);
        painter->drawRoundedRect(box, 3, 3);
        painter->setFont(font);
        painter->setPen(pill.text);
        painter->drawText(
            box, Qt::AlignCenter,
            metrics.elidedText(label.name, Qt::ElideMiddle, int(box.width()) - 2 * GraphDelegate::kPillPadding + 1));
        left += int(box.width()) + 4;
        ++shown;
    }
    return left;
}

} // namespace

void GraphDelegate::paintSummary(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString summary = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto* model = qobject_cast<const HistoryModel*>(index.model());
    const models::HistoryRow* row = model ? model->rowAt(index.row()) : nullptr;
    QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    painter->save();
    painter->setClipRect(option.rect);
    painter->setRenderHint(QPainter::Antialiasing);

    // Environments that run this commit come first, then the refs pointing at it.
    const auto environments = index.data(HistoryModel::EnvironmentPillsRole).value<std::vector<models::EnvironmentPill>>();
    if (!environments.empty())
        area.setLeft(paintEnvironmentPills(painter, option, environments, area) + 2);
    if (row && !row->labels.empty())
        area.setLeft(paintRefLabels(painter, option, row->labels, area) + 2);
    const bool selected = option.state & QStyle::State_Selected;
    painter->setFont(option.font);
    painter->setPen(option.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(area, Qt::AlignVCenter | Qt::AlignLeft,
                      option.fontMetrics.elidedText(summary, Qt::ElideRight, area.width()));
    painter->restore();
}

} // namespace syncline::ui
