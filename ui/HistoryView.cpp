#include "HistoryView.h"

#include "HistoryModel.h"

namespace syncline::ui {

HistoryView::HistoryView(QWidget* parent) : QTreeView(parent) {}

void HistoryView::doItemsLayout() {
    auto* history = qobject_cast<models::HistoryModel*>(model());
    if (history)
        history->setFetchPaused(true);
    QTreeView::doItemsLayout();
    if (history)
        history->setFetchPaused(false);
}

} // namespace syncline::ui
