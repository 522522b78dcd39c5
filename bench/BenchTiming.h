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

// The nearest-rank percentile (p in [0, 1]): of 100 samples, p99 is the 99th smallest.
inline double percentile(std::vector<double> samples, double p) {
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = std::size_t(p * double(samples.size()) + 0.999999);
    return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

} // namespace syncline::bench
