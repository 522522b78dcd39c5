#pragma once

#include "manifest/FileSource.h"
#include "manifest/RenderBudget.h"

namespace syncline::manifest {

// A FileSource that charges every read to a render's budget: bytes of each file read,
// entries of each folder listed, and the deadline/cancellation on every call. Renderers
// read only through it, so no code path reads around the budget. Not thread-safe.
class BudgetedFileSource final : public FileSource {
public:
    BudgetedFileSource(const FileSource& inner, RenderBudget& budget) : m_inner(inner), m_budget(budget) {}

    util::Result<QByteArray> readFile(const QString& path) const override;
    util::Result<std::vector<DirectoryEntry>> listDirectory(const QString& path) const override;
    std::optional<EntryType> typeOf(const QString& path) const override;
    util::Result<QString> resolvedPath(const QString& path) const override;
    QString contentId(const QString& path) const override { return m_inner.contentId(path); }
    QString describe() const override { return m_inner.describe(); }

    RenderBudget& budget() const { return m_budget; }

private:
    const FileSource& m_inner;
    RenderBudget& m_budget;
};

} // namespace syncline::manifest
