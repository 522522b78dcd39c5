#pragma once

#include <QObject>

class QAbstractItemView;

namespace syncline::app {

// For the start-up benchmark (SYNCLINE_REPORT_FIRST_PAINT=1): prints the CLOCK_MONOTONIC
// time of the history list's first paint ("first-paint NS", the window's first frame) and
// of its first paint showing commits ("history-paint NS ROWS"), then ends the event loop.
// The benchmark started the process and knows when, on the same clock.
class FirstPaintReport : public QObject {
    Q_OBJECT
public:
    explicit FirstPaintReport(QAbstractItemView* list);

    static bool wanted();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QAbstractItemView* m_list;
    bool m_framePrinted = false;
};

} // namespace syncline::app
