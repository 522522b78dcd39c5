#pragma once

namespace syncline::models {

// How the window's engine reads clusters and fetches, as the user set it (QSettings group
// "engine", the standard per-user location). Out-of-range values are clamped, never trusted.
struct EngineSettings {
    // The periodic read of every environment; 0: only on Refresh (and live updates).
    int refreshIntervalSeconds = 30;
    // The periodic fetch of the branch's remote; 0: only on Fetch.
    int fetchIntervalSeconds = 180;
    // Watches: a change on a cluster shows within a second, as in Argo CD, Lens or k9s.
    bool liveUpdates = true;

    static constexpr int kMaxIntervalSeconds = 24 * 3600;

    static EngineSettings load();
    void save() const;
    bool operator==(const EngineSettings&) const = default;
};

} // namespace syncline::models
