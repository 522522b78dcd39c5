#pragma once

#include <QStyledItemDelegate>

namespace syncline::ui {

// Paints one Sync state row as a small card for the narrow pane (models::SyncStateModel
// roles): the environment and its Refresh / Sync / ⋯ buttons; sync status and health as
// coloured dots *with* their names (readable without colour); the deployed revision; the
// cluster (insecure in red); the last error in red. An environment's header row (workspaces
// with applications) is one bold line, its roll-up, with a ⋯ menu.
class SyncStateDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    enum class Button { Refresh, Sync, More };

    explicit SyncStateDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    bool editorEvent(QEvent* event, QAbstractItemModel* model, const QStyleOptionViewItem& option,
                     const QModelIndex& index) override;
    bool helpEvent(QHelpEvent* event, QAbstractItemView* view, const QStyleOptionViewItem& option,
                   const QModelIndex& index) override;

    // Where a row's buttons are, for painting, clicks and tests.
    static QRect buttonRect(const QRect& row, const QFontMetrics& metrics, Button button);
    // The card's lines as a user reads them (the tests compare these).
    static QStringList lines(const QModelIndex& index);
    // What a card's Sync button reads: "Sync", "Sync…" while syncing, "Trust…" for a cluster
    // not trusted yet, "Token…" for one that refused the credentials.
    static QString syncButtonText(const QModelIndex& index);

Q_SIGNALS:
    void buttonClicked(const QModelIndex& index, syncline::ui::SyncStateDelegate::Button button);

private:
    void paintGroup(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;
    void paintCard(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const;

    QModelIndex m_pressed;
    Button m_pressedButton = Button::Refresh;
};

} // namespace syncline::ui
