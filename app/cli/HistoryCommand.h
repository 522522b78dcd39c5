#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline history`: commits as text lines or JSON lines, through the same walker as
// the History pane.
class HistoryCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
