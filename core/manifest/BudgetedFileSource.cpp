#include "manifest/BudgetedFileSource.h"

namespace syncline::manifest {

util::Result<QByteArray> BudgetedFileSource::readFile(const QString& path) const {
    if (auto ok = m_budget.check(path); !ok)
        return util::fail(ok.error());
    auto bytes = m_inner.readFile(path);
    if (!bytes)
        return bytes;
    if (auto ok = m_budget.chargeBytesRead(std::uint64_t(bytes->size()), path); !ok)
        return util::fail(ok.error());
    return bytes;
}

util::Result<std::vector<DirectoryEntry>> BudgetedFileSource::listDirectory(const QString& path) const {
    if (auto ok = m_budget.check(path); !ok)
        return util::fail(ok.error());
    auto entries = m_inner.listDirectory(path);
    if (!entries)
        return entries;
    if (auto ok = m_budget.chargeFilesVisited(entries->size(), path); !ok)
        return util::fail(ok.error());
    return entries;
}

std::optional<EntryType> BudgetedFileSource::typeOf(const QString& path) const {
    // A lookup costs little; the deadline is checked by the reads around it.
    return m_inner.typeOf(path);
}

util::Result<QString> BudgetedFileSource::resolvedPath(const QString& path) const {
    if (auto ok = m_budget.check(path); !ok)
        return util::fail(ok.error());
    return m_inner.resolvedPath(path);
}

} // namespace syncline::manifest
