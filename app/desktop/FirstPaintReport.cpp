#include "FirstPaintReport.h"

#include <QAbstractItemView>
#include <QCoreApplication>
#include <QEvent>

#include <cstdio>
#include <ctime>

namespace syncline::app {

namespace {

long long monotonicNs() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<long long>(now.tv_sec) * 1'000'000'000LL + now.tv_nsec;
}

} // namespace

FirstPaintReport::FirstPaintReport(QAbstractItemView* list) : QObject(list), m_list(list) {
    list->viewport()->installEventFilter(this);
}

bool FirstPaintReport::wanted() { return qEnvironmentVariableIsSet("SYNCLINE_REPORT_FIRST_PAINT"); }

// The paint is delivered here, then timed: the figure includes painting the list.
bool FirstPaintReport::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::Paint || watched != m_list->viewport())
        return false;
    const int rows = m_list->model() ? m_list->model()->rowCount() : 0;
    watched->removeEventFilter(this);
    QCoreApplication::sendEvent(watched, event);
    const long long paintedAt = monotonicNs();
    if (!m_framePrinted) {
        std::printf("first-paint %lld\n", paintedAt);
        m_framePrinted = true;
    }
    if (rows == 0) {
        watched->installEventFilter(this);
        return true;
    }
    std::printf("history-paint %lld %d\n", paintedAt, rows);
    std::fflush(stdout);
    QCoreApplication::exit(0);
    return true;
}

} // namespace syncline::app
