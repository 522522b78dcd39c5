#include "PaletteModel.h"

#include "FuzzyMatch.h"

#include <algorithm>

namespace syncline::models {

PaletteModel::PaletteModel(QObject* parent) : QAbstractListModel(parent) {}

void PaletteModel::setEntries(std::vector<PaletteEntry> entries) {
    beginResetModel();
    m_entries = std::move(entries);
    filter();
    endResetModel();
}

void PaletteModel::setQuery(const QString& query) {
    if (query == m_query)
        return;
    beginResetModel();
    m_query = query;
    filter();
    endResetModel();
}

void PaletteModel::filter() {
    std::vector<std::pair<int, int>> scored; // score, entry
    for (int i = 0; i < int(m_entries.size()); ++i) {
        const int score = FuzzyMatch::score(m_query, m_entries[std::size_t(i)].title);
        if (score != FuzzyMatch::kNoMatch)
            scored.emplace_back(score, i);
    }
    // Without a query the commands keep their order (menus first); with one, best first.
    if (!m_query.trimmed().isEmpty())
        std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    m_shown.clear();
    for (const auto& [score, entry] : scored)
        m_shown.push_back(entry);
}

int PaletteModel::entryAt(int row) const { return row >= 0 && row < int(m_shown.size()) ? m_shown[std::size_t(row)] : -1; }

QStringList PaletteModel::titles() const {
    QStringList titles;
    for (int entry : m_shown)
        titles << m_entries[std::size_t(entry)].title;
    return titles;
}

int PaletteModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_shown.size()); }

QVariant PaletteModel::data(const QModelIndex& index, int role) const {
    const int entry = entryAt(index.row());
    if (!index.isValid() || entry < 0)
        return {};
    const PaletteEntry& shown = m_entries[std::size_t(entry)];
    switch (role) {
    case Qt::DisplayRole:
        return shown.title;
    case Qt::ToolTipRole:
    case HintRole:
        return shown.hint;
    case Qt::AccessibleTextRole:
        return shown.hint.isEmpty() ? shown.title : shown.title + QStringLiteral(", ") + shown.hint;
    case EntryRole:
        return entry;
    default:
        return {};
    }
}

} // namespace syncline::models
