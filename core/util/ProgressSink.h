#pragma once

#include <QString>

#include <cstdint>

namespace syncline::util {

// Receives progress of long operations. Called on the worker thread that does the
// work; implementations forward to the GUI thread themselves.
class ProgressSink {
public:
    virtual ~ProgressSink() = default;
    virtual void progress(const QString& stage, std::uint64_t done, std::uint64_t total) = 0;
};

class NullProgressSink final : public ProgressSink {
public:
    void progress(const QString&, std::uint64_t, std::uint64_t) override {}
};

} // namespace syncline::util
