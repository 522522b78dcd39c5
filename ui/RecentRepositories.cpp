#include "RecentRepositories.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace syncline::ui {

namespace {
const QString kKey = QStringLiteral("recentRepositories");

QString normalized(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }
} // namespace

QStringList RecentRepositories::entries() const { return QSettings().value(kKey).toStringList(); }

void RecentRepositories::store(const QStringList& entries) {
    QSettings settings;
    if (entries.isEmpty())
        settings.remove(kKey);
    else
        settings.setValue(kKey, entries);
}

void RecentRepositories::add(const QString& path) {
    const QString entry = normalized(path);
    QStringList list = entries();
    list.removeAll(entry);
    list.prepend(entry);
    while (list.size() > kMaxEntries)
        list.removeLast();
    store(list);
}

void RecentRepositories::remove(const QString& path) {
    QStringList list = entries();
    list.removeAll(normalized(path));
    store(list);
}

void RecentRepositories::removeMissing() {
    QStringList list = entries();
    list.removeIf([](const QString& entry) { return !exists(entry); });
    store(list);
}

void RecentRepositories::clear() { store({}); }

bool RecentRepositories::exists(const QString& path) { return QFileInfo(path).isDir(); }

} // namespace syncline::ui
