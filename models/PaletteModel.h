#pragma once

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace syncline::models {

// One command the palette offers: what it is called, and a hint shown beside it (its
// shortcut, or where it comes from).
struct PaletteEntry {
    QString title;
    QString hint;
};

// The command palette's list (Ctrl+K): every command by name, narrowed by what the user
// types (FuzzyMatch), best match first. Rows point back to the entries they show.
class PaletteModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        HintRole = Qt::UserRole + 1, // QString: the entry's hint
        EntryRole,                   // int: the entry's index in entries()
    };

    explicit PaletteModel(QObject* parent = nullptr);

    void setEntries(std::vector<PaletteEntry> entries);
    const std::vector<PaletteEntry>& entries() const { return m_entries; }
    void setQuery(const QString& query);
    QString query() const { return m_query; }
    // The entry a row shows; -1 outside the list.
    int entryAt(int row) const;
    // What the rows show, in order (for tests and accessibility).
    QStringList titles() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    void filter();

    std::vector<PaletteEntry> m_entries;
    std::vector<int> m_shown; // indices into m_entries, best match first
    QString m_query;
};

} // namespace syncline::models
