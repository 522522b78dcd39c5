#pragma once

#include <QString>

namespace syncline::test {

// A real component built from a pinned Go module by scripts/build-test-tools.sh
// (helm; kube-apiserver and etcd for the real-server tier), found in SYNCLINE_TOOLS_DIR.
struct TestTool {
    QString path;       // executable; empty when the tool is missing
    QString whyMissing; // for QSKIP: what is missing and how to get it

    bool found() const { return !path.isEmpty(); }
};

// Looks `name` up in the tools folder. A missing tool is a visible skip, never a silent
// pass: machines without Go 1.26 cannot build it.
TestTool testTool(const QString& name);

} // namespace syncline::test
