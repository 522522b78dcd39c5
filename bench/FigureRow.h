#pragma once

#include "BenchTiming.h"

#include <QString>

#include <cstdio>
#include <vector>

namespace syncline::bench {

// One line of a server benchmark's table: Syncline's samples and the peer's doing the same
// work on the same server, printed as medians (or another quantile, in ms) and their ratio.
struct FigureRow {
    QString what;
    std::vector<double> ours;
    std::vector<double> peer; // empty: no peer does this work
    QString peerName;
    double quantile = 0.5; // the figure shown of each side's samples: 0.5 the median, 0.99 the p99

    static void printHeader() {
        std::printf("%-16s %-40s %11s %11s %-24s %7s\n", "server", "operation", "syncline", "peer", "(peer)", "ratio");
    }

    // ratio = peer / syncline: above 1, Syncline is faster.
    void print(const QString& server) const {
        const double mine = percentile(ours, quantile);
        if (peer.empty()) {
            std::printf("%-16s %-40s %8.1f ms %11s %-24s %7s\n", qPrintable(server), qPrintable(what), mine, "-", "", "-");
            return;
        }
        const double theirs = percentile(peer, quantile);
        std::printf("%-16s %-40s %8.1f ms %8.1f ms %-24s %6.2fx\n", qPrintable(server), qPrintable(what), mine, theirs,
                    qPrintable(peerName), mine > 0 ? theirs / mine : 0.0);
    }
};

} // namespace syncline::bench
