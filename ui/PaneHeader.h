#pragma once

#include <QWidget>

class QLabel;
class QHBoxLayout;

namespace syncline::ui {

// The title strip on top of each of the three panes; tools can sit on its right.
class PaneHeader : public QWidget {
    Q_OBJECT
public:
    explicit PaneHeader(const QString& title, QWidget* parent = nullptr);

    void setDetail(const QString& detail); // muted text after the title
    void addTool(QWidget* tool);

private:
    QLabel* m_title;
    QLabel* m_detail;
    QHBoxLayout* m_layout;
};

} // namespace syncline::ui
