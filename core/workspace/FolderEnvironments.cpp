#include "workspace/FolderEnvironments.h"

#include "manifest/GitTreeFileSource.h"

#include <QRegularExpression>

namespace syncline::workspace {

namespace {

bool isYaml(const QString& name) { return name.endsWith(QLatin1String(".yaml")) || name.endsWith(QLatin1String(".yml")); }

QString joined(const QString& folder, const QString& name) { return folder.isEmpty() ? name : folder + QLatin1Char('/') + name; }

QString dnsLabel(const QString& text) {
    QString label = text.toLower();
    label.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    label.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return label.left(63);
}

} // namespace

util::Result<std::vector<FolderEnvironments::Folder>> FolderEnvironments::candidates(const git::TreeSnapshot& tree, int maxRead) {
    Walk walk{{}, maxRead};
    if (auto visited = visit(tree, QString(), 0, walk); !visited)
        return util::fail(visited.error());
    return std::move(walk.found);
}

util::Result<void> FolderEnvironments::visit(const git::TreeSnapshot& tree, const QString& folder, int depth, Walk& walk) {
    if (walk.readLeft-- <= 0)
        return {};
    auto entries = tree.list(folder);
    if (!entries)
        return util::fail(entries.error());
    const bool holdsManifests = std::any_of(entries->begin(), entries->end(), [](const git::TreeSnapshot::Entry& entry) {
        return entry.kind == git::TreeSnapshot::Kind::Blob && (isYaml(entry.name) || entry.name == QLatin1String("Chart.yaml"));
    });
    // Only what syncline.yaml accepts as a path (a folder named "c:x" reads as a drive).
    if (!folder.isEmpty() && holdsManifests && manifest::cleanRepositoryPath(folder) == folder)
        walk.found.push_back({folder, rendererOf(*entries)});
    if (depth >= kMaxDepth)
        return {};
    for (const auto& entry : *entries) {
        if (walk.found.size() >= std::size_t(kMaxFolders) || walk.readLeft <= 0)
            return {};
        if (entry.kind == git::TreeSnapshot::Kind::Tree && !entry.name.startsWith(QLatin1Char('.')))
            if (auto visited = visit(tree, joined(folder, entry.name), depth + 1, walk); !visited)
                return visited;
    }
    return {};
}

RendererChoice FolderEnvironments::rendererOf(const std::vector<git::TreeSnapshot::Entry>& entries) {
    for (const auto& entry : entries) {
        if (entry.name == QLatin1String("kustomization.yaml") || entry.name == QLatin1String("kustomization.yml") ||
            entry.name == QLatin1String("Kustomization"))
            return RendererChoice::Kustomize;
        if (entry.name == QLatin1String("Chart.yaml"))
            return RendererChoice::Helm;
    }
    return RendererChoice::Plain;
}

QString FolderEnvironments::environmentName(const QString& folder, const QStringList& taken) {
    const QStringList parts = folder.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString name = dnsLabel(parts.value(parts.size() - 1));
    if (name.isEmpty() || taken.contains(name))
        name = dnsLabel(parts.join(QLatin1Char('-')));
    if (name.isEmpty())
        name = QStringLiteral("environment");
    const QString base = name;
    for (int n = 2; taken.contains(name); ++n)
        name = base.left(60) + QLatin1Char('-') + QString::number(n);
    return name;
}

WorkspaceConfig FolderEnvironments::configFor(const std::vector<Folder>& folders) {
    WorkspaceConfig config;
    QStringList names;
    for (const Folder& folder : folders) {
        Environment environment;
        environment.name = environmentName(folder.path, names);
        environment.path = folder.path;
        environment.renderer = folder.renderer;
        names << environment.name;
        config.environments.push_back(std::move(environment));
    }
    config.promotionOrder = names;
    return config;
}

} // namespace syncline::workspace
