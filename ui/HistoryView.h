#pragma once

#include <QTreeView>

namespace syncline::ui {

// The commit list. QTreeView asks the model for more rows on every relayout (each page
// arriving relays out), which would read all of a 100,000-commit history in the
// background. Here paging follows scrolling only: QAbstractItemView's own rule of
// fetching when the last row becomes visible.
class HistoryView : public QTreeView {
    Q_OBJECT
public:
    explicit HistoryView(QWidget* parent = nullptr);

    void doItemsLayout() override;
};

} // namespace syncline::ui
