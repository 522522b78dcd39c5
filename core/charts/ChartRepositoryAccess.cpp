#include "charts/ChartRepositoryAccess.h"

#include "manifest/RemoteChart.h"

#include <QCryptographicHash>
#include <QSettings>
#include <QStandardPaths>

namespace syncline::charts {

namespace {

constexpr int kMaxAsked = 50; // a repository naming thousands of hosts does not fill the file

// A hash as the key: QSettings keys cannot hold every character a URL has. The URL is the
// value, checked on read.
QString keyOf(const QString& normalUrl) {
    return QString::fromLatin1(QCryptographicHash::hash(normalUrl.toUtf8(), QCryptographicHash::Sha256).toHex().left(40));
}

} // namespace

ChartRepositoryAccess::ChartRepositoryAccess() : m_file(defaultFile()) {}

ChartRepositoryAccess::ChartRepositoryAccess(QString settingsFile) : m_file(std::move(settingsFile)) {}

QString ChartRepositoryAccess::defaultFile() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/syncline/chart-repositories.conf");
}

bool ChartRepositoryAccess::isAllowed(const QString& url) const {
    const QString normal = manifest::normalizedChartRepositoryUrl(url);
    if (normal.isEmpty())
        return false;
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    return settings.value(QStringLiteral("allowed/") + keyOf(normal)).toString() == normal;
}

bool ChartRepositoryAccess::allow(const QString& url) {
    const QString normal = manifest::normalizedChartRepositoryUrl(url);
    if (normal.isEmpty())
        return false;
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    settings.setValue(QStringLiteral("allowed/") + keyOf(normal), normal);
    settings.remove(QStringLiteral("asked/") + keyOf(normal));
    settings.sync();
    return true;
}

void ChartRepositoryAccess::forget(const QString& url) {
    const QString normal = manifest::normalizedChartRepositoryUrl(url);
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    settings.remove(QStringLiteral("allowed/") + keyOf(normal));
    settings.remove(QStringLiteral("asked/") + keyOf(normal));
    settings.sync();
}

void ChartRepositoryAccess::noteAsked(const QString& url) {
    const QString normal = manifest::normalizedChartRepositoryUrl(url);
    if (normal.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    const QString key = QStringLiteral("asked/") + keyOf(normal);
    if (settings.contains(key))
        return;
    settings.beginGroup(QStringLiteral("asked"));
    const bool full = settings.childKeys().size() >= kMaxAsked;
    settings.endGroup();
    if (!full) {
        settings.setValue(key, normal);
        settings.sync();
    }
}

QStringList ChartRepositoryAccess::urlsOf(const char* group) const {
    QMutexLocker lock(&m_mutex);
    QSettings settings(m_file, QSettings::IniFormat);
    settings.beginGroup(QLatin1String(group));
    QStringList urls;
    for (const QString& key : settings.childKeys()) {
        const QString url = settings.value(key).toString();
        if (keyOf(url) == key) // a hand-edited or damaged entry allows nothing
            urls << url;
    }
    urls.sort();
    return urls;
}

QStringList ChartRepositoryAccess::allowed() const { return urlsOf("allowed"); }

QStringList ChartRepositoryAccess::asked() const { return urlsOf("asked"); }

} // namespace syncline::charts
