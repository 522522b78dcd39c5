#include "workspace/detect/RepositoryScan.h"

#include "manifest/YamlParser.h"
#include "workspace/detect/HelmTemplateFallback.h"

#include <QRegularExpression>

#include <deque>
#include <map>

namespace syncline::workspace::detect {

namespace {

struct Walk {
    QStringList yamlFiles;
    QStringList directories;
    std::map<QString, QStringList> chartTemplates; // chart folder -> its templates/*.yaml
};

// The chart a template belongs to: "apps/templates/x.yaml" -> "apps" when apps/Chart.yaml exists.
std::optional<QString> chartOf(const manifest::FileSource& files, const QString& path) {
    const qsizetype at = path.lastIndexOf(QLatin1String("templates/"));
    if (at < 0 || (at > 0 && path[at - 1] != QLatin1Char('/')))
        return std::nullopt;
    const QString root = at == 0 ? QString() : path.left(at - 1);
    if (!isChartFolder(files, root))
        return std::nullopt;
    return root;
}

Walk walkTree(const manifest::FileSource& files, const DetectorOptions& options, std::vector<UnrecognizedSource>& problems) {
    Walk walk;
    std::deque<std::pair<QString, int>> pending{{QString(), 0}};
    int visited = 0;
    while (!pending.empty()) {
        auto [dir, depth] = pending.front();
        pending.pop_front();
        auto entries = files.listDirectory(dir);
        if (!entries) {
            problems.push_back({QStringLiteral("folder"), dir, entries.error().message});
            continue;
        }
        for (const manifest::DirectoryEntry& entry : *entries) {
            if (++visited > options.maxEntries) {
                problems.push_back({QStringLiteral("the rest of the repository"), dir,
                                    QStringLiteral("stopped looking after %1 files and folders").arg(options.maxEntries)});
                return walk;
            }
            const QString path = joinPath(dir, entry.name);
            if (entry.type == manifest::EntryType::Directory && !entry.name.startsWith(QLatin1Char('.'))) {
                walk.directories.append(path);
                if (depth + 1 < options.maxDepth)
                    pending.emplace_back(path, depth + 1);
                else
                    problems.push_back({QStringLiteral("folder"), path,
                                        QStringLiteral("deeper than %1 folders: not looked into").arg(options.maxDepth)});
            } else if (entry.type == manifest::EntryType::File && isYamlFile(entry.name)) {
                if (auto chart = chartOf(files, path))
                    walk.chartTemplates[*chart].append(path);
                else
                    walk.yamlFiles.append(path);
            }
        }
    }
    return walk;
}

bool isInteresting(const RepositoryObject& object) {
    const QString group = object.apiGroup();
    const QString kind = object.kind();
    return group.endsWith(QLatin1String("argoproj.io")) || group.endsWith(QLatin1String("fluxcd.io")) ||
           (group.isEmpty() && (kind == QLatin1String("ConfigMap") || kind == QLatin1String("Secret")));
}

// Adds the interesting documents of one YAML stream; a stream that does not parse is listed.
void addDocuments(const std::string& yaml, const QString& file, const QString& chart, RepositoryScan& out) {
    auto documents = manifest::parseYamlStream(yaml, file);
    if (!documents) {
        out.unreadable.push_back({QStringLiteral("file"), file, documents.error().toString()});
        return;
    }
    for (manifest::YamlDocument& document : *documents) {
        RepositoryObject object{file, std::move(document.value), chart};
        if (object.object.is_object() && isInteresting(object))
            out.objects.push_back(std::move(object));
    }
}

util::Result<QByteArray> readBounded(const manifest::FileSource& files, const QString& file, const DetectorOptions& options) {
    auto bytes = files.readFile(file);
    if (bytes && bytes->size() > options.maxFileBytes)
        return util::fail(
            util::ErrorCode::Unsupported,
            QStringLiteral("%1 bytes, more than the %2 detection reads").arg(bytes->size()).arg(options.maxFileBytes), file);
    return bytes;
}

bool mayHoldObjects(const QByteArray& bytes) {
    return bytes.contains("argoproj.io") || bytes.contains("fluxcd.io") || bytes.contains("ConfigMap") ||
           bytes.contains("Secret");
}

// Splits `helm template` output at its "# Source: <chart>/templates/x.yaml" lines so each
// object names the template it came from.
void addRenderedChart(const QByteArray& rendered, const QString& chart, RepositoryScan& out) {
    static const QRegularExpression source(QStringLiteral("^# Source: [^/]+/(.+)$"));
    const QStringList documents = QString::fromUtf8(rendered).split(QRegularExpression(QStringLiteral("(?m)^---\\s*$")));
    for (const QString& document : documents) {
        QString file = joinPath(chart, QStringLiteral("templates"));
        for (const QString& line : document.split(QLatin1Char('\n')))
            if (auto m = source.match(line); m.hasMatch()) {
                file = joinPath(chart, m.captured(1));
                break;
            }
        addDocuments(document.toStdString(), file, chart, out);
    }
}

Json chartValues(const manifest::FileSource& files, const QString& chart) {
    auto bytes = files.readFile(joinPath(chart, QStringLiteral("values.yaml")));
    if (!bytes)
        return {};
    auto documents = manifest::parseYamlStream(bytes->toStdString(), joinPath(chart, QStringLiteral("values.yaml")));
    return documents && !documents->empty() ? documents->front().value : Json();
}

void scanChart(const manifest::FileSource& files, const DetectorOptions& options, const QString& chart,
               const QStringList& templates, RepositoryScan& out) {
    std::vector<std::pair<QString, QByteArray>> sources;
    for (const QString& file : templates)
        if (auto bytes = readBounded(files, file, options); bytes && bytes->contains("argoproj.io"))
            sources.emplace_back(file, *bytes);
    if (sources.empty())
        return; // an ordinary chart: an application's source, not a source of applications
    if (options.renderChart) {
        auto rendered = options.renderChart(files, manifest::HelmSource{.chartPath = chart, .releaseName = baseName(chart)});
        if (rendered) {
            addRenderedChart(*rendered, chart, out);
            return;
        }
        out.unreadable.push_back(
            {QStringLiteral("Helm chart %1").arg(chart), chart,
             QStringLiteral("helm template failed (%1); its values.yaml was read instead").arg(rendered.error().toString())});
    }
    const Json values = chartValues(files, chart);
    for (const auto& [file, bytes] : sources)
        addDocuments(HelmTemplateFallback::neutralize(bytes, values), file, chart, out);
}

} // namespace

RepositoryScan RepositoryScan::scan(const manifest::FileSource& files, const DetectorOptions& options) {
    RepositoryScan out;
    Walk walk = walkTree(files, options, out.unreadable);
    out.directories = std::move(walk.directories);
    for (const QString& file : walk.yamlFiles) {
        auto bytes = readBounded(files, file, options);
        if (!bytes) {
            out.unreadable.push_back({QStringLiteral("file"), file, bytes.error().message});
            continue;
        }
        if (mayHoldObjects(*bytes))
            addDocuments(bytes->toStdString(), file, QString(), out);
    }
    for (const auto& [chart, templates] : walk.chartTemplates)
        scanChart(files, options, chart, templates, out);
    return out;
}

} // namespace syncline::workspace::detect
