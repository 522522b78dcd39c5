#include "SyncStateDelegate.h"

#include "StatusColors.h"
#include "SyncStateModel.h"
#include "WordElide.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCoreApplication>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace syncline::ui {

using models::SyncStateModel;

namespace {

constexpr int kMargin = 8;
constexpr int kLineGap = 3;
constexpr int kButtonGap = 4;

QString buttonText(SyncStateDelegate::Button button) {
    switch (button) {
    case SyncStateDelegate::Button::Refresh:
        return QCoreApplication::translate("SyncStateDelegate", "Refresh");
    case SyncStateDelegate::Button::Sync:
        return QCoreApplication::translate("SyncStateDelegate", "Sync");
    case SyncStateDelegate::Button::More:
        break;
    }
    return QStringLiteral("⋯");
}

bool isGroup(const QModelIndex& index) { return index.data(SyncStateModel::IsGroupRole).toBool(); }

int lineCount(const QModelIndex& index) {
    return 4 + (index.data(SyncStateModel::ErrorRole).toString().isEmpty() ? 0 : 1) +
           (index.data(SyncStateModel::WarningsRole).toStringList().isEmpty() ? 0 : 1);
}

// The first of the cluster's warnings, and how many more the tooltip lists.
QString warningLine(const QStringList& warnings) {
    QString line = warnings.front();
    if (warnings.size() > 1)
        line += QCoreApplication::translate("SyncStateDelegate", " (and %1 more)").arg(warnings.size() - 1);
    return line;
}

// A dot in `color` followed by `text`; returns the x after it.
int drawStatus(QPainter* painter, int x, const QRect& line, const QColor& color, const QString& text, const QColor& pen) {
    const int d = line.height() / 2;
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->drawEllipse(QRectF(x + 0.5, line.center().y() - d / 2.0 + 1, d, d));
    x += d + 5;
    painter->setPen(pen);
    const int width = painter->fontMetrics().horizontalAdvance(text);
    painter->drawText(QRect(x, line.top(), width + 1, line.height()), Qt::AlignLeft | Qt::AlignVCenter, text);
    return x + width + 12;
}

} // namespace

SyncStateDelegate::SyncStateDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

QRect SyncStateDelegate::buttonRect(const QRect& row, const QFontMetrics& metrics, Button button) {
    const int height = metrics.height() + 6;
    int right = row.right() - kMargin + 1;
    for (Button b : {Button::More, Button::Sync, Button::Refresh}) {
        // Sync keeps one width whether it reads "Sync", "Sync…", "Trust…" or "Token…".
        const int textWidth = b == Button::Sync
                                  ? std::max({metrics.horizontalAdvance(buttonText(b)), metrics.horizontalAdvance(tr("Trust…")),
                                              metrics.horizontalAdvance(tr("Token…"))})
                                  : metrics.horizontalAdvance(buttonText(b));
        const int width = textWidth + (b == Button::More ? 12 : 18);
        const QRect rect(right - width, row.top() + 5, width, height);
        if (b == button)
            return rect;
        right -= width + kButtonGap;
    }
    return {};
}

QString SyncStateDelegate::syncButtonText(const QModelIndex& index) {
    if (index.data(SyncStateModel::NeedsTrustRole).toBool())
        return tr("Trust…"); // nothing is sent before the user trusts the cluster
    if (index.data(SyncStateModel::SyncingRole).toBool())
        return tr("Sync…");
    if (index.data(SyncStateModel::NeedsTokenRole).toBool())
        return tr("Token…"); // every request would be refused until the cluster has a new token
    return buttonText(Button::Sync);
}

QStringList SyncStateDelegate::lines(const QModelIndex& index) {
    if (isGroup(index))
        return {index.data(SyncStateModel::GroupRollupRole).toString()};
    QStringList out;
    out << index.siblingAtColumn(SyncStateModel::EnvironmentColumn).data().toString(); // the application, under a header
    if (!index.data(SyncStateModel::HasSnapshotRole).toBool()) {
        out << tr("Cluster status: not read yet");
        out << index.data(SyncStateModel::DetailRole).toString();
    } else {
        QString status = index.data(SyncStateModel::StatusTextRole).toString();
        const int behind = index.data(SyncStateModel::CommitsBehindRole).toInt();
        if (behind > 0)
            status += tr(" · %1 behind").arg(behind);
        out << status;
        out << index.data(SyncStateModel::DeployedTextRole).toString();
    }
    const QModelIndex cluster = index.siblingAtColumn(SyncStateModel::ClusterColumn);
    QString clusterLine = cluster.data().toString() + QStringLiteral(" · ") + index.data(SyncStateModel::ModeRole).toString();
    if (const QString held = index.data(SyncStateModel::AutomationHeldRole).toString(); !held.isEmpty())
        clusterLine += QStringLiteral(" · ") + held;
    out << clusterLine;
    const QString error = index.data(SyncStateModel::ErrorRole).toString();
    if (!error.isEmpty())
        out << error;
    if (const QStringList warnings = index.data(SyncStateModel::WarningsRole).toStringList(); !warnings.isEmpty())
        out << warningLine(warnings);
    return out;
}

// An environment's header on a band: its name in bold with its ⋯ menu, the roll-up of its
// applications below. Painted in the normal colours: the row is disabled only so that views
// never select it.
void SyncStateDelegate::paintGroup(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyle* style = option.widget ? option.widget->style() : QApplication::style();
    const QFontMetrics metrics(option.font);
    const QPalette& palette = option.palette;
    painter->save();
    painter->setClipRect(option.rect);
    painter->fillRect(option.rect, palette.color(QPalette::Normal, QPalette::Window));
    painter->setPen(palette.color(QPalette::Normal, QPalette::Mid));
    painter->drawLine(option.rect.topLeft(), option.rect.topRight());
    QStyleOptionButton more;
    more.rect = buttonRect(option.rect, metrics, Button::More);
    more.text = buttonText(Button::More);
    more.state = QStyle::State_Enabled;
    if (m_pressed == index && m_pressedButton == Button::More)
        more.state |= QStyle::State_Sunken;
    more.palette = palette;
    more.palette.setCurrentColorGroup(QPalette::Normal);
    more.fontMetrics = metrics;
    style->drawControl(QStyle::CE_PushButton, &more, painter, option.widget);

    const QString place = index.data(SyncStateModel::PlaceRole).toString();
    QString rollup = lines(index).value(0);
    if (rollup.startsWith(place + QStringLiteral(" · ")))
        rollup = rollup.mid(place.size() + 3); // the name is the line above
    QFont bold = option.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(palette.color(QPalette::Normal, QPalette::WindowText));
    const int left = option.rect.left() + kMargin;
    const QRect name(left, more.rect.top(), more.rect.left() - 6 - left, more.rect.height());
    painter->drawText(name, Qt::AlignLeft | Qt::AlignVCenter, QFontMetrics(bold).elidedText(place, Qt::ElideRight, name.width()));
    painter->setFont(option.font);
    const QRect summary(left, name.bottom() + 3, option.rect.width() - 2 * kMargin, metrics.height());
    int x = summary.left();
    if (const QVariant worst = index.data(SyncStateModel::HealthRole); worst.isValid()) {
        // The worst health first, as a dot with its name, so a narrow pane never elides it.
        const auto health = health::Health(worst.toInt());
        const QString name = health::healthName(health);
        x = drawStatus(painter, x, summary, models::healthColor(health), name, palette.color(QPalette::Normal, QPalette::Text));
        if (rollup.endsWith(QStringLiteral(" · ") + name))
            rollup.chop(name.size() + 3);
        else
            rollup.replace(QStringLiteral(" · ") + name + QStringLiteral(" · "), QStringLiteral(" · "));
    }
    painter->setPen(palette.color(QPalette::Normal, QPalette::PlaceholderText));
    const QRect rest(x, summary.top(), summary.right() - x, summary.height());
    painter->drawText(rest, Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(rollup, Qt::ElideRight, rest.width()));
    painter->restore();
}

void SyncStateDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    if (isGroup(index)) {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        paintGroup(painter, opt, index);
    } else {
        paintCard(painter, option, index);
    }
}

// An application's (or a version-1 environment's) card.
void SyncStateDelegate::paintCard(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    QStyle* style = opt.widget ? opt.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QColor text = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor muted = selected ? text : opt.palette.color(QPalette::PlaceholderText);
    const QColor red = selected ? text : models::errorColor();
    const QFontMetrics metrics(opt.font);
    const int lineHeight = metrics.height();
    const QRect area = opt.rect.adjusted(kMargin, 6, -kMargin, -4);
    auto line = [&](int n) { return QRect(area.left(), area.top() + n * (lineHeight + kLineGap), area.width(), lineHeight); };
    const QStringList texts = lines(index);
    const bool hasSnapshot = index.data(SyncStateModel::HasSnapshotRole).toBool();
    const bool syncing = index.data(SyncStateModel::SyncingRole).toBool();

    painter->save();
    painter->setClipRect(opt.rect);
    // Buttons on the first line.
    int buttonsLeft = area.right();
    for (Button button : {Button::Refresh, Button::Sync, Button::More}) {
        QStyleOptionButton b;
        b.rect = buttonRect(opt.rect, metrics, button);
        b.text = button == Button::Sync ? syncButtonText(index) : buttonText(button);
        b.state = QStyle::State_Enabled;
        if (m_pressed == index && m_pressedButton == button)
            b.state |= QStyle::State_Sunken;
        b.palette = opt.palette;
        b.fontMetrics = metrics;
        style->drawControl(QStyle::CE_PushButton, &b, painter, opt.widget);
        buttonsLeft = std::min(buttonsLeft, b.rect.left());
    }
    QFont bold = opt.font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(text);
    QRect first = line(0);
    first.setRight(buttonsLeft - 6);
    first.moveTop(opt.rect.top() + 5 + (metrics.height() + 6 - lineHeight) / 2);
    painter->drawText(first, Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetrics(bold).elidedText(texts[0], Qt::ElideRight, first.width()));
    painter->setFont(opt.font);

    const int top = first.bottom() + 8 - area.top();
    auto below = [&](int n) { return line(n - 1).translated(0, top); };
    if (hasSnapshot && !syncing) {
        const auto sync = health::SyncStatus(index.data(SyncStateModel::SyncStatusRole).toInt());
        const auto health = health::Health(index.data(SyncStateModel::HealthRole).toInt());
        int x = drawStatus(painter, area.left(), below(1), models::syncStatusColor(sync), health::syncStatusName(sync), text);
        x = drawStatus(painter, x, below(1), models::healthColor(health), health::healthName(health), text);
        const int behind = index.data(SyncStateModel::CommitsBehindRole).toInt();
        if (behind > 0) {
            painter->setPen(muted);
            painter->drawText(QRect(x, below(1).top(), area.right() - x, lineHeight), Qt::AlignLeft | Qt::AlignVCenter,
                              tr("%1 behind").arg(behind));
        }
    } else {
        painter->setPen(syncing ? text : muted);
        painter->drawText(below(1), Qt::AlignLeft | Qt::AlignVCenter, texts[1]);
    }
    painter->setPen(muted);
    // The revision, then as much of its message as fits in whole words, then "since".
    painter->drawText(below(2), Qt::AlignLeft | Qt::AlignVCenter,
                      WordElide::fit(texts[2], metrics, area.width(), WordElide::sinceTail(texts[2])));
    const bool insecure = index.data(SyncStateModel::InsecureRole).toBool();
    painter->setPen(insecure ? red : muted);
    painter->drawText(below(3), Qt::AlignLeft | Qt::AlignVCenter, metrics.elidedText(texts[3], Qt::ElideMiddle, area.width()));
    for (int n = 4; n < texts.size(); ++n) { // the error, then the cluster's warnings
        painter->setPen(red);
        painter->drawText(below(n), Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(QStringLiteral("⚠ ") + texts[n], Qt::ElideRight, area.width()));
    }
    painter->restore();
}

QSize SyncStateDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const {
    const QFontMetrics metrics(option.font);
    if (isGroup(index))
        return {240, 5 + metrics.height() + 6 + 3 + metrics.height() + 6};
    const int lines = lineCount(index);
    return {240, 5 + metrics.height() + 6 + 8 + (lines - 1) * (metrics.height() + kLineGap) + 4};
}

bool SyncStateDelegate::editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                                    const QModelIndex& index) {
    if (event->type() != QEvent::MouseButtonPress && event->type() != QEvent::MouseButtonRelease)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const auto* mouse = static_cast<QMouseEvent*>(event);
    if (mouse->button() != Qt::LeftButton)
        return false;
    const QFontMetrics metrics(option.font);
    for (Button button : {Button::Refresh, Button::Sync, Button::More}) {
        if (isGroup(index) && button != Button::More)
            continue; // a header has only its menu
        if (!buttonRect(option.rect, metrics, button).contains(mouse->position().toPoint()))
            continue;
        if (event->type() == QEvent::MouseButtonPress) {
            m_pressed = index;
            m_pressedButton = button;
            return false; // let the view select the row
        }
        const bool clicked = m_pressed == index && m_pressedButton == button;
        m_pressed = {};
        if (clicked)
            Q_EMIT buttonClicked(index, button);
        return clicked;
    }
    m_pressed = {};
    return false;
}

bool SyncStateDelegate::helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                                  const QModelIndex& index) {
    if (!event || !view || event->type() != QEvent::ToolTip)
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QFontMetrics metrics(option.font);
    const QPoint pos = event->pos();
    QString tip;
    if (isGroup(index))
        tip = buttonRect(option.rect, metrics, Button::More).contains(pos)
                  ? tr("More: Refresh, Sync or Promote every application of this environment")
                  : index.data(Qt::ToolTipRole).toString();
    else if (buttonRect(option.rect, metrics, Button::Refresh).contains(pos))
        tip = tr("Read the cluster again now");
    else if (buttonRect(option.rect, metrics, Button::Sync).contains(pos))
        tip = index.data(SyncStateModel::NeedsTrustRole).toBool()
                  ? tr("Trust this cluster for this repository: see exactly what Syncline would contact")
              : index.data(SyncStateModel::NeedsTokenRole).toBool()
                  ? tr("The cluster refused the credentials: enter a new token for it")
                  : tr("Apply what Git says to the cluster (dry run first)");
    else if (buttonRect(option.rect, metrics, Button::More).contains(pos))
        tip = tr("More: Sync with prune, Edit cluster…");
    else {
        QStringList parts;
        for (int column : {SyncStateModel::HealthColumn, SyncStateModel::DeployedColumn, SyncStateModel::ClusterColumn,
                           SyncStateModel::ErrorColumn}) {
            const QString part = index.siblingAtColumn(column).data(Qt::ToolTipRole).toString();
            if (!part.isEmpty())
                parts << part;
        }
        tip = parts.join(QStringLiteral("\n\n"));
    }
    if (tip.isEmpty())
        return false;
    QToolTip::showText(event->globalPos(), tip, view);
    return true;
}

} // namespace syncline::ui
