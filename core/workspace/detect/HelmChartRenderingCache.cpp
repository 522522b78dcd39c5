#include "workspace/detect/HelmChartRenderingCache.h"

#include "manifest/FolderExport.h"
#include "manifest/GitTreeFileSource.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace syncline::workspace {

namespace {

const QByteArray kMagic("syncline-chart-rendering");
const QByteArray kFormat("1");
const QString kSuffix = QStringLiteral(".rendering");
constexpr qint64 kMaxHeaderBytes = 200;

// The repository paths of the value files, as HelmRenderer exports them: "$values/x" from
// the repository's root, anything else from the chart's folder. nullopt for one that
// leaves the repository (helm refuses it; nothing to cache).
std::optional<QStringList> valueFilePaths(const manifest::HelmSource& helm, const QString& chart) {
    QStringList paths;
    for (const QString& file : helm.valueFiles) {
        const QString path = file.startsWith(QLatin1String("$values/")) ? file.mid(8) : manifest::joinRepositoryPath(chart, file);
        auto cleaned = manifest::cleanRepositoryPath(path);
        if (!cleaned || cleaned->isEmpty())
            return std::nullopt;
        paths.append(*cleaned);
    }
    return paths;
}

bool isKey(const QString& key) {
    if (key.size() != 64)
        return false;
    for (const QChar c : key)
        if (!c.isDigit() && (c < QLatin1Char('a') || c > QLatin1Char('f')))
            return false;
    return true;
}

QByteArray digestOf(const QByteArray& bytes) { return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(); }

// "<magic> <format> <sha256 of the rendering> <its size>\n", then the rendering. nullopt
// for anything else: a torn, truncated, edited or foreign file.
std::optional<QByteArray> parseEntry(const QByteArray& header, QByteArray rendering) {
    const QList<QByteArray> fields = header.trimmed().split(' ');
    if (!header.endsWith('\n') || fields.size() != 4 || fields[0] != kMagic || fields[1] != kFormat)
        return std::nullopt;
    bool ok = false;
    const qint64 size = fields[3].toLongLong(&ok);
    if (!ok || size != rendering.size() || digestOf(rendering) != fields[2])
        return std::nullopt;
    return rendering;
}

} // namespace

HelmChartRenderingCache::HelmChartRenderingCache(QString folder, ChartCacheLimits limits)
    : m_folder(std::move(folder)), m_limits(limits) {}

QString HelmChartRenderingCache::defaultFolder() {
    // The generic location, not CacheLocation: that one is named after whichever program
    // links the core (syncline, syncline-window, a test), and they should share renderings.
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return base.isEmpty() ? QString() : base + QStringLiteral("/syncline/app-of-apps");
}

QString HelmChartRenderingCache::keyOf(const manifest::FileSource& files, const manifest::RenderOptions& options) {
    if (!options.helm)
        return {};
    const std::optional<QString> chart = manifest::cleanRepositoryPath(options.helm->chartPath);
    const std::optional<QStringList> valueFiles = chart ? valueFilePaths(*options.helm, *chart) : std::nullopt;
    if (!valueFiles)
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    auto add = [&](const QString& text) {
        hash.addData(text.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    };
    add(QString::fromLatin1(kMagic + ' ' + kFormat));
    for (const QString& path : QStringList{*chart} + *valueFiles) {
        const QString id = files.contentId(path);
        if (id.isEmpty())
            return {};
        add(path);
        add(id);
    }
    add(manifest::renderInputsKey(manifest::RendererKind::Helm, options)); // Helm inputs, helm's path and version
    return QString::fromLatin1(hash.result().toHex());
}

bool HelmChartRenderingCache::keyCovers(const std::vector<manifest::ContentDependency>& read, const manifest::HelmSource& helm) {
    const QString chart = manifest::cleanRepositoryPath(helm.chartPath).value_or(QString());
    const QStringList valueFiles = valueFilePaths(helm, chart).value_or(QStringList());
    for (const manifest::ContentDependency& dependency : read)
        if (dependency.path != chart && !valueFiles.contains(dependency.path))
            return false;
    return true;
}

QString HelmChartRenderingCache::pathOf(const QString& key) const {
    return m_folder.isEmpty() || !isKey(key) ? QString() : m_folder + QLatin1Char('/') + key + kSuffix;
}

std::optional<QByteArray> HelmChartRenderingCache::find(const QString& key) const {
    const QString path = pathOf(key);
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    std::optional<QByteArray> rendering;
    if (file.size() <= m_limits.maxEntryBytes + kMaxHeaderBytes) {
        const QByteArray header = file.readLine(kMaxHeaderBytes);
        rendering = parseEntry(header, file.readAll());
    }
    if (!rendering) {
        file.close();
        QFile::remove(path); // rendered again and written anew
        return std::nullopt;
    }
    // Recently used entries are the last to go when the folder is pruned.
    file.setFileTime(QDateTime::currentDateTimeUtc(), QFileDevice::FileModificationTime);
    return rendering;
}

void HelmChartRenderingCache::store(const QString& key, const QByteArray& rendered) const {
    const QString path = pathOf(key);
    if (path.isEmpty() || rendered.size() > m_limits.maxEntryBytes)
        return;
    if (!QDir().mkpath(m_folder))
        return;
    QFile::setPermissions(m_folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return;
    out.write(kMagic + ' ' + kFormat + ' ' + digestOf(rendered) + ' ' + QByteArray::number(rendered.size()) + '\n');
    out.write(rendered);
    if (out.commit())
        prune();
}

// Newest first; whatever is past the entry or byte bound goes. Only entries are counted and
// removed: nothing else in the folder is touched.
void HelmChartRenderingCache::prune() const {
    const QFileInfoList entries =
        QDir(m_folder).entryInfoList({QLatin1Char('*') + kSuffix}, QDir::Files | QDir::Hidden, QDir::Time);
    int count = 0;
    qint64 bytes = 0;
    for (const QFileInfo& entry : entries) {
        if (!isKey(entry.completeBaseName()))
            continue;
        ++count;
        bytes += entry.size();
        if (count > m_limits.maxEntries || bytes > m_limits.maxBytes)
            QFile::remove(entry.filePath());
    }
}

} // namespace syncline::workspace
