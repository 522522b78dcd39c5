#pragma once

#include "util/CancellationToken.h"
#include "util/Result.h"

#include <QString>

#include <chrono>
#include <cstdint>
#include <optional>

namespace syncline::manifest {

// What one render of one environment may cost, whatever the repository holds. Every
// limit is far above what real repositories need (docs/limits.md); each stops a hostile
// repository early: shared Git subtrees that list as 10^8 files, an anchored scalar
// aliased thousands of times, a diamond of kustomizations, a render that never ends.
struct RenderLimits {
    std::uint64_t maxBytesRead = 128ull * 1024 * 1024; // blob bytes read
    std::uint64_t maxAliasBytes = 64ull * 1024 * 1024; // bytes copied by YAML aliases
    std::uint64_t maxObjects = 100'000;                // objects produced, counting each inclusion
    std::uint64_t maxKustomizeBuilds = 2'000;          // kustomization folders built
    std::uint64_t maxFilesVisited = 200'000;           // tree entries listed
    std::chrono::milliseconds maxTime = std::chrono::seconds(30);
    // What an external renderer (helm, kubectl kustomize) may print before it is stopped.
    std::uint64_t maxToolOutputBytes = 64ull * 1024 * 1024;

    bool operator==(const RenderLimits&) const = default;
};

// The one budget of one render, charged by everything the render does. The first charge
// over a limit fails with an error naming the limit and the file, and the budget stays
// exhausted: every later charge fails with the same error, so a renderer that keeps
// going after one bad file stops at its next step. Time runs from construction;
// cancelling the token ends the render at its next charge. Not thread-safe (one render).
class RenderBudget {
public:
    enum class Limit { BytesRead, AliasBytes, Objects, KustomizeBuilds, FilesVisited, Time };

    explicit RenderBudget(RenderLimits limits = {}, util::CancellationToken cancel = {});

    util::Result<void> chargeBytesRead(std::uint64_t bytes, const QString& file);
    util::Result<void> chargeAliasBytes(std::uint64_t bytes, const QString& file);
    util::Result<void> chargeObjects(std::uint64_t count, const QString& file);
    util::Result<void> chargeKustomizeBuild(const QString& folder);
    util::Result<void> chargeFilesVisited(std::uint64_t count, const QString& folder);
    // Deadline and cancellation only.
    util::Result<void> check(const QString& where);

    bool exhausted() const { return m_failure.has_value(); }
    // The error that exhausted the budget (time, cancellation or a limit).
    const std::optional<util::Error>& failure() const { return m_failure; }
    // True when the render was cut short by time or cancellation: its result depends on
    // the moment, not on the repository, and must not be cached.
    bool interrupted() const;

    std::uint64_t used(Limit limit) const;
    const RenderLimits& limits() const { return m_limits; }

    // "files visited", "alias-expanded bytes", ...: the words errors and docs use.
    static QString nameOf(Limit limit);

private:
    util::Result<void> charge(Limit limit, std::uint64_t amount, const QString& where);
    std::uint64_t maximum(Limit limit) const;
    util::Unexpected exhaust(util::Error error);

    RenderLimits m_limits;
    util::CancellationToken m_cancel;
    std::chrono::steady_clock::time_point m_deadline;
    std::uint64_t m_used[5] = {};
    std::optional<util::Error> m_failure;
};

} // namespace syncline::manifest
