#pragma once

#include <QStringList>

namespace syncline::ui {

// The "Open Recent" list, newest first, kept in QSettings (at most kMaxEntries).
class RecentRepositories {
public:
    static constexpr int kMaxEntries = 10;

    QStringList entries() const;
    void add(const QString& path);
    void remove(const QString& path);
    void removeMissing();
    void clear();
    static bool exists(const QString& path);

private:
    void store(const QStringList& entries);
};

} // namespace syncline::ui
