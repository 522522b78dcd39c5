#include "charts/ChartCache.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace syncline::charts {

namespace {

const QString kArchive = QStringLiteral("chart.tgz");
const QString kDigest = QStringLiteral("digest");
const QString kManifestDigest = QStringLiteral("manifest-digest");
constexpr qint64 kMaxSmallFile = 4096;

QString hashOf(std::initializer_list<QString> parts) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString& part : parts) {
        hash.addData(part.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    return QString::fromLatin1(hash.result().toHex().left(40));
}

bool isExactVersion(const QString& version) {
    static const QRegularExpression exact(QStringLiteral("^v?[0-9]+\\.[0-9]+\\.[0-9]+([-+][A-Za-z0-9.+-]*)?$"));
    return exact.match(version).hasMatch();
}

QString readSmallFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxSmallFile)
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool writeSmallFile(const QString& path, const QString& text) {
    QFile file(path);
    const QByteArray bytes = text.toUtf8();
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace

ChartCache::ChartCache() : m_folder(defaultFolder()) {}

ChartCache::ChartCache(QString folder) : m_folder(std::move(folder)) {}

QString ChartCache::defaultFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QStringLiteral("/syncline/charts");
}

QString ChartCache::digestOf(const QString& path) {
    QFile file(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!file.open(QIODevice::ReadOnly) || !hash.addData(&file))
        return {};
    return QStringLiteral("sha256:") + QString::fromLatin1(hash.result().toHex());
}

QString ChartCache::entryFolder(const manifest::RemoteChart& chart, const QString& version) const {
    const QString url = manifest::normalizedChartRepositoryUrl(chart.repositoryUrl);
    return m_folder + QStringLiteral("/entries/") + hashOf({url, chart.chart, version});
}

QString ChartCache::resolutionFile(const manifest::RemoteChart& chart) const {
    const QString url = manifest::normalizedChartRepositoryUrl(chart.repositoryUrl);
    return m_folder + QStringLiteral("/resolved/") + hashOf({url}) + QLatin1Char('-') + hashOf({url, chart.chart, chart.version});
}

std::optional<manifest::LocalChart> ChartCache::find(const manifest::RemoteChart& chart) const {
    const QString version = isExactVersion(chart.version) ? chart.version : readSmallFile(resolutionFile(chart));
    if (version.isEmpty())
        return std::nullopt;
    const QString folder = entryFolder(chart, version);
    const QString digest = readSmallFile(folder + QLatin1Char('/') + kDigest);
    const QString archive = folder + QLatin1Char('/') + kArchive;
    if (digest.isEmpty() || digestOf(archive) != digest)
        return std::nullopt;
    return manifest::LocalChart{archive, version, digest, readSmallFile(folder + QLatin1Char('/') + kManifestDigest)};
}

util::Result<manifest::LocalChart> ChartCache::store(const manifest::RemoteChart& chart, const QString& archive,
                                                     const QString& resolvedVersion, const QString& manifestDigest) {
    const QString where = chart.toString();
    const QString folder = entryFolder(chart, resolvedVersion);
    if (!QDir().mkpath(m_folder + QStringLiteral("/entries")) || !QDir().mkpath(m_folder + QStringLiteral("/resolved")))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot create the chart cache in %1").arg(m_folder), where);
    QTemporaryDir staging(m_folder + QStringLiteral("/entries/.incoming-XXXXXX"));
    const QString digest = digestOf(archive);
    if (!staging.isValid() || digest.isEmpty() || !QFile::copy(archive, staging.filePath(kArchive)) ||
        !writeSmallFile(staging.filePath(kDigest), digest) ||
        (!manifestDigest.isEmpty() && !writeSmallFile(staging.filePath(kManifestDigest), manifestDigest)))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot write the chart cache in %1").arg(m_folder), where);
    // Another render may have stored the same entry meanwhile: theirs is as good.
    if (!QDir().rename(staging.path(), folder) && !QFileInfo::exists(folder + QLatin1Char('/') + kDigest))
        return util::fail(util::ErrorCode::Generic, QStringLiteral("cannot write the chart cache in %1").arg(m_folder), where);
    if (!isExactVersion(chart.version))
        writeSmallFile(resolutionFile(chart), resolvedVersion);
    auto stored = find(manifest::RemoteChart{chart.repositoryUrl, chart.chart, resolvedVersion});
    if (!stored)
        return util::fail(util::ErrorCode::Generic, QStringLiteral("the chart cache in %1 lost the chart").arg(m_folder), where);
    return *stored;
}

void ChartCache::forgetResolutions(const QString& repositoryUrl) {
    const QString prefix = hashOf({manifest::normalizedChartRepositoryUrl(repositoryUrl)}) + QLatin1Char('-');
    QDir resolved(m_folder + QStringLiteral("/resolved"));
    for (const QString& name : resolved.entryList({prefix + QLatin1Char('*')}, QDir::Files))
        resolved.remove(name);
}

} // namespace syncline::charts
