#include "manifest/RenderBudget.h"

#include "util/Text.h"

namespace syncline::manifest {

namespace {

bool isByteLimit(RenderBudget::Limit limit) {
    return limit == RenderBudget::Limit::BytesRead || limit == RenderBudget::Limit::AliasBytes;
}

QString formatAmount(RenderBudget::Limit limit, std::uint64_t amount) {
    return isByteLimit(limit) ? util::formatByteSize(qint64(amount)) : QString::number(qulonglong(amount));
}

} // namespace

RenderBudget::RenderBudget(RenderLimits limits, util::CancellationToken cancel)
    : m_limits(limits), m_cancel(std::move(cancel)), m_deadline(std::chrono::steady_clock::now() + limits.maxTime) {}

QString RenderBudget::nameOf(Limit limit) {
    switch (limit) {
    case Limit::BytesRead:
        return QStringLiteral("bytes read");
    case Limit::AliasBytes:
        return QStringLiteral("alias-expanded bytes");
    case Limit::Objects:
        return QStringLiteral("objects");
    case Limit::KustomizeBuilds:
        return QStringLiteral("kustomize builds");
    case Limit::FilesVisited:
        return QStringLiteral("files visited");
    case Limit::Time:
        break;
    }
    return QStringLiteral("time");
}

std::uint64_t RenderBudget::maximum(Limit limit) const {
    switch (limit) {
    case Limit::BytesRead:
        return m_limits.maxBytesRead;
    case Limit::AliasBytes:
        return m_limits.maxAliasBytes;
    case Limit::Objects:
        return m_limits.maxObjects;
    case Limit::KustomizeBuilds:
        return m_limits.maxKustomizeBuilds;
    case Limit::FilesVisited:
        return m_limits.maxFilesVisited;
    case Limit::Time:
        break;
    }
    return std::uint64_t(m_limits.maxTime.count());
}

std::uint64_t RenderBudget::used(Limit limit) const {
    if (limit == Limit::Time)
        return 0;
    return m_used[int(limit)];
}

bool RenderBudget::interrupted() const {
    return m_failure && (m_failure->code == util::ErrorCode::Timeout || m_failure->code == util::ErrorCode::Cancelled);
}

util::Unexpected RenderBudget::exhaust(util::Error error) {
    m_failure = error;
    return util::fail(std::move(error));
}

util::Result<void> RenderBudget::check(const QString& where) {
    if (m_failure)
        return util::fail(*m_failure);
    if (m_cancel.isCancelled())
        return exhaust(util::makeError(util::ErrorCode::Cancelled, QStringLiteral("render cancelled"), where));
    if (std::chrono::steady_clock::now() >= m_deadline)
        return exhaust(util::makeError(
            util::ErrorCode::Timeout,
            QStringLiteral("over the render budget for time: more than %1 s").arg(double(m_limits.maxTime.count()) / 1000.0),
            where));
    return {};
}

util::Result<void> RenderBudget::charge(Limit limit, std::uint64_t amount, const QString& where) {
    if (auto ok = check(where); !ok)
        return ok;
    std::uint64_t& used = m_used[int(limit)];
    const std::uint64_t max = maximum(limit);
    used = amount > max - std::min(used, max) ? max + 1 : used + amount; // saturates, never wraps
    if (used <= max)
        return {};
    return exhaust(util::makeError(
        util::ErrorCode::InvalidArgument,
        QStringLiteral("over the render budget for %1: more than %2 in one render").arg(nameOf(limit), formatAmount(limit, max)),
        where));
}

util::Result<void> RenderBudget::chargeBytesRead(std::uint64_t bytes, const QString& file) {
    return charge(Limit::BytesRead, bytes, file);
}

util::Result<void> RenderBudget::chargeAliasBytes(std::uint64_t bytes, const QString& file) {
    return charge(Limit::AliasBytes, bytes, file);
}

util::Result<void> RenderBudget::chargeObjects(std::uint64_t count, const QString& file) {
    return charge(Limit::Objects, count, file);
}

util::Result<void> RenderBudget::chargeKustomizeBuild(const QString& folder) { return charge(Limit::KustomizeBuilds, 1, folder); }

util::Result<void> RenderBudget::chargeFilesVisited(std::uint64_t count, const QString& folder) {
    return charge(Limit::FilesVisited, count, folder.isEmpty() ? QStringLiteral("/") : folder);
}

} // namespace syncline::manifest
