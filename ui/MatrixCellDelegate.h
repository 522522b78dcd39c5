#pragma once

#include <QStyledItemDelegate>

namespace syncline::ui {

// Paints one cell of the environment matrix (models::MatrixModel) on three lines: the
// deployed revision (marked "≠" when it or the images differ from the environment on the
// left, on a tinted band), the image tags and chart versions it runs, and sync and health
// as chips — an icon glyph and the status written out, so nothing rests on colour alone —
// with "N drifted" on the right. A row whose environments all match is painted quiet
// (muted text, no tints); a cell whose application does not run there is left blank.
class MatrixCellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit MatrixCellDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The cell's height for `font`: three lines and margins.
    static int cellHeight(const QFont& font);
    // "registry.example/shop/web:1.4.2" → "web:1.4.2": what tells two cells apart.
    static QString shortImage(const QString& image);
    // The images' tags and the charts, as the second line shows them ("—" when none is known).
    static QString imagesLine(const QStringList& images, const QStringList& charts);

private:
    struct Colors;
    void paintCell(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index, const Colors& colors) const;
    static int paintChip(QPainter* painter, int x, const QRect& line, const QString& glyph, const QString& text,
                         const QColor& accent, const Colors& colors);

    mutable QFont m_monoFor; // the font m_mono was made for
    mutable QFont m_mono;    // the revision's font
};

} // namespace syncline::ui
