#include "workspace/detect/FolderLayoutReader.h"

#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/StageOrder.h"

namespace syncline::workspace::detect {

namespace {

struct Match {
    QString application;
    QString environment;
    QString layout; // "apps/<app>/overlays/<env>"
};

bool notAnApplication(const QString& name) {
    static const QStringList names = {QStringLiteral("base"),         QStringLiteral("bases"),     QStringLiteral("common"),
                                      QStringLiteral("components"),   QStringLiteral("templates"), QStringLiteral("flux-system"),
                                      QStringLiteral("charts"),       QStringLiteral("overlays"),  QStringLiteral("envs"),
                                      QStringLiteral("environments"), QStringLiteral("clusters")};
    return names.contains(name);
}

bool holdsManifests(const manifest::FileSource& files, const QString& dir) {
    if (isKustomizeFolder(files, dir) || isChartFolder(files, dir))
        return true;
    auto entries = files.listDirectory(dir);
    if (!entries)
        return false;
    return std::any_of(entries->begin(), entries->end(), [](const manifest::DirectoryEntry& entry) {
        return entry.type == manifest::EntryType::File && isYamlFile(entry.name);
    });
}

bool hasSubfolderWithManifests(const manifest::FileSource& files, const QString& dir) {
    auto entries = files.listDirectory(dir);
    if (!entries)
        return false;
    return std::any_of(entries->begin(), entries->end(), [&](const manifest::DirectoryEntry& entry) {
        return entry.type == manifest::EntryType::Directory && !notAnApplication(entry.name) &&
               holdsManifests(files, joinPath(dir, entry.name));
    });
}

std::optional<Match> matchLayout(const manifest::FileSource& files, const QString& dir) {
    const QStringList parts = dir.split(QLatin1Char('/'));
    const qsizetype n = parts.size();
    const QString& last = parts.last();
    if (notAnApplication(last))
        return std::nullopt;
    const QString parent = n >= 2 ? parts[n - 2] : QString();
    if (parent == QLatin1String("overlays"))
        return Match{n >= 3 ? parts[n - 3] : QStringLiteral("app"), last, QStringLiteral("<app>/overlays/<env>")};
    const bool envRoot =
        parent == QLatin1String("envs") || parent == QLatin1String("environments") || parent == QLatin1String("clusters");
    if (n == 2 && envRoot && !hasSubfolderWithManifests(files, dir) && holdsManifests(files, dir))
        return Match{QStringLiteral("app"), last, parent + QStringLiteral("/<env>")};
    if (n == 3 &&
        (parts[0] == QLatin1String("envs") || parts[0] == QLatin1String("environments") ||
         parts[0] == QLatin1String("clusters")) &&
        !notAnApplication(parts[1]))
        return Match{last, parts[1], parts[0] + QStringLiteral("/<env>/<app>")};
    const bool underApps = n == 3 && parts[0] == QLatin1String("apps");
    if ((n == 2 || underApps) && StageOrder::rank(last) >= 0 && !envRoot && !notAnApplication(parent))
        return Match{parent, last, underApps ? QStringLiteral("apps/<app>/<env>") : QStringLiteral("<app>/<env>")};
    if ((n == 1 || (n == 2 && parts[0] == QLatin1String("apps"))) && StageOrder::rank(last) < 0 &&
        !hasSubfolderWithManifests(files, dir))
        return Match{last, QStringLiteral("default"), n == 1 ? QStringLiteral("<app>") : QStringLiteral("apps/<app>")};
    return std::nullopt;
}

bool isClaimed(const QString& dir, const QSet<QString>& claimed) {
    for (const QString& path : claimed)
        if (path.isEmpty() || dir == path || dir.startsWith(path + QLatin1Char('/')) || path.startsWith(dir + QLatin1Char('/')))
            return true;
    return false;
}

} // namespace

void FolderLayoutReader::read(const QStringList& directories, const QSet<QString>& claimed, const manifest::FileSource& files,
                              const DetectorOptions& options, DetectionResult& out) {
    for (const QString& dir : directories) {
        if (isClaimed(dir, claimed) || !holdsManifests(files, dir))
            continue;
        const std::optional<Match> match = matchLayout(files, dir);
        if (!match)
            continue;
        DetectedApplication app;
        app.application = match->application;
        app.environment = match->environment;
        app.branch = options.currentBranch;
        app.path = dir;
        app.renderer = rendererFor(files, dir);
        if (app.renderer == RendererChoice::Helm)
            app.helm = manifest::HelmSource{.chartPath = dir, .releaseName = match->application};
        app.reason = QStringLiteral("folder %1 (the %2 layout)").arg(dir, match->layout);
        out.applications.push_back(std::move(app));
    }
}

} // namespace syncline::workspace::detect
