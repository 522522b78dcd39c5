#pragma once

#include <QStringList>

namespace syncline::app {

// `syncline compare A B [--json]`: per-resource differences between two environments, or
// one environment at two revisions ("prod@HEAD~1 prod"). Exit codes follow `diff` and
// `kubectl diff`: 0 no differences, 1 differences, 2 bad input, 3 failure.
class CompareCommand {
public:
    static int run(const QStringList& args);
};

} // namespace syncline::app
