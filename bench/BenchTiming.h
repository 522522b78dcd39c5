#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

// What every benchmark reports with: wall time in milliseconds and the median of runs.
namespace syncline::bench {

using Clock = std::chrono::steady_clock;

inline double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

inline double median(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return samples.empty() ? 0 : samples[samples.size() / 2];
}

} // namespace syncline::bench
