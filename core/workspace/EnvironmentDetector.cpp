#include "workspace/EnvironmentDetector.h"

#include "manifest/GitTreeFileSource.h"
#include "manifest/YamlParser.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/HelmTemplateFallback.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <deque>
#include <map>

namespace syncline::workspace {

namespace {

// The JSON and path helpers are detection's own (detect/DetectionSupport), shared with
// ApplicationDetector.
using detect::flag;
using detect::isTemplated;
using detect::isYamlFile;
using detect::joinPath;
using detect::Json;
using detect::member;
using detect::parentOf;
using detect::text;

struct Walk {
    QStringList yamlFiles;
    QStringList directories;
    bool truncated = false;
};

Walk walkTree(const manifest::FileSource& files, const DetectorOptions& options, QStringList& notes) {
    Walk walk;
    std::deque<std::pair<QString, int>> pending{{QString(), 0}};
    int visited = 0;
    while (!pending.empty()) {
        auto [dir, depth] = pending.front();
        pending.pop_front();
        auto entries = files.listDirectory(dir);
        if (!entries) {
            notes.append(entries.error().toString());
            continue;
        }
        for (const manifest::DirectoryEntry& entry : *entries) {
            if (++visited > options.maxEntries) {
                walk.truncated = true;
                return walk;
            }
            const QString path = joinPath(dir, entry.name);
            if (entry.type == manifest::EntryType::Directory && !entry.name.startsWith(QLatin1Char('.'))) {
                walk.directories.append(path);
                if (depth + 1 < options.maxDepth)
                    pending.emplace_back(path, depth + 1);
            } else if (entry.type == manifest::EntryType::File && isYamlFile(entry.name)) {
                walk.yamlFiles.append(path);
            }
        }
    }
    return walk;
}

using detect::hasFile;
using detect::isKustomizeFolder;

// How a folder is rendered, and a word about it when that is not obvious.
RendererChoice rendererFor(const manifest::FileSource& files, const QString& dir, QString* remark) {
    if (isKustomizeFolder(files, dir))
        return RendererChoice::Kustomize;
    if (hasFile(files, dir, {"Chart.yaml"})) {
        *remark = QStringLiteral(" (a Helm chart: Syncline shows it as the agent renders it)");
        return RendererChoice::Auto;
    }
    return RendererChoice::Plain;
}

// The chart a template belongs to: "apps/templates/x.yaml" -> "apps" when apps/Chart.yaml exists.
std::optional<QString> chartOf(const manifest::FileSource& files, const QString& path) {
    const qsizetype at = path.lastIndexOf(QLatin1String("templates/"));
    if (at < 0 || (at > 0 && path[at - 1] != QLatin1Char('/')))
        return std::nullopt;
    const QString root = at == 0 ? QString() : path.left(at - 1);
    if (!hasFile(files, root, {"Chart.yaml"}))
        return std::nullopt;
    return root;
}

struct FluxKustomization {
    QString file;
    Json object;
};

struct Collected {
    std::vector<DetectedEnvironment> argo;
    std::map<QString, std::vector<FluxKustomization>> fluxByCluster; // cluster name -> in file order
    std::map<QString, QString> gitRepositoryBranch;                  // "<cluster>/<name>" -> spec.ref.branch
};

QString clusterOf(const QString& file) {
    const QStringList parts = file.split(QLatin1Char('/'));
    const qsizetype at = parts.indexOf(QStringLiteral("clusters"));
    return at >= 0 && at + 2 < parts.size() ? parts[at + 1] : QString();
}

void collectArgoApplication(const manifest::FileSource& files, const DetectorOptions& options, const QString& file,
                            const Json& app, Collected& out, QStringList& notes) {
    const QString name = text(app, {"metadata", "name"});
    const Json* source = member(app, {"spec", "source"});
    if (const Json* sources = member(app, {"spec", "sources"}); !source && sources && sources->is_array())
        for (const Json& candidate : *sources)
            if (candidate.is_object() && candidate.contains("path")) {
                source = &candidate;
                break;
            }
    const QString rawPath = source ? text(*source, {"path"}) : QString();
    if (name.isEmpty() || isTemplated(name)) {
        notes.append(QStringLiteral("%1: an Argo CD Application without a usable name").arg(file));
        return;
    }
    if (rawPath.isEmpty() || isTemplated(rawPath)) {
        notes.append(QStringLiteral("%1: Application %2 has no source path in this repository (a Helm repository chart?)")
                         .arg(file, name));
        return;
    }
    const std::optional<QString> path = manifest::cleanRepositoryPath(rawPath);
    if (!path || files.typeOf(*path) != manifest::EntryType::Directory) {
        notes.append(
            QStringLiteral("%1: Application %2 points at %3, which is not a folder of this repository").arg(file, name, rawPath));
        return;
    }
    Environment env;
    env.name = name;
    const QString revision = text(*source, {"targetRevision"});
    env.branch =
        revision.isEmpty() || revision == QLatin1String("HEAD") || isTemplated(revision) ? options.currentBranch : revision;
    env.path = *path;
    QString remark;
    env.renderer = rendererFor(files, env.path, &remark);
    env.defaultNamespace = text(app, {"spec", "destination", "namespace"});
    if (QString cluster = text(app, {"spec", "destination", "name"}); !cluster.isEmpty() && !isTemplated(cluster))
        env.cluster.context = cluster;
    env.mode = Mode::ArgoCD;
    env.argocd.application = name;
    if (QString ns = text(app, {"metadata", "namespace"}); !ns.isEmpty() && !isTemplated(ns))
        env.argocd.appNamespace = ns;
    if (const Json* automated = member(app, {"spec", "syncPolicy", "automated"}); automated && !automated->is_null()) {
        env.sync.autoSync = !(automated->is_object() && automated->contains("enabled") && (*automated)["enabled"] == false);
        env.sync.prune = flag(*automated, {"prune"});
        env.sync.selfHeal = flag(*automated, {"selfHeal"});
    }
    out.argo.push_back({std::move(env), QStringLiteral("Argo CD Application %1%2").arg(file, remark)});
}

void collectFile(const manifest::FileSource& files, const DetectorOptions& options, const QString& file, Collected& out,
                 QStringList& notes) {
    auto bytes = files.readFile(file);
    if (!bytes) {
        notes.append(bytes.error().toString());
        return;
    }
    if (!bytes->contains("argoproj.io") && !bytes->contains("toolkit.fluxcd.io"))
        return;
    std::string yaml = bytes->toStdString();
    if (bytes->contains("{{")) {
        Json values;
        if (auto chart = chartOf(files, file)) {
            if (auto valuesBytes = files.readFile(joinPath(*chart, QStringLiteral("values.yaml")))) {
                auto docs = manifest::parseYamlStream(valuesBytes->toStdString(), QStringLiteral("values.yaml"));
                if (docs && !docs->empty())
                    values = docs->front().value;
            }
        }
        yaml = detect::HelmTemplateFallback::neutralize(*bytes, values);
    }
    auto documents = manifest::parseYamlStream(yaml, file);
    if (!documents) {
        notes.append(documents.error().toString());
        return;
    }
    const QString cluster = clusterOf(file);
    for (const manifest::YamlDocument& document : *documents) {
        const Json& object = document.value;
        const QString apiVersion = text(object, {"apiVersion"});
        const QString kind = text(object, {"kind"});
        if (apiVersion.startsWith(QLatin1String("argoproj.io/")) && kind == QLatin1String("Application")) {
            collectArgoApplication(files, options, file, object, out, notes);
        } else if (apiVersion.startsWith(QLatin1String("kustomize.toolkit.fluxcd.io/")) &&
                   kind == QLatin1String("Kustomization")) {
            if (cluster.isEmpty())
                notes.append(QStringLiteral("%1: Flux Kustomization %2 is not under clusters/<name>/")
                                 .arg(file, text(object, {"metadata", "name"})));
            else
                out.fluxByCluster[cluster].push_back({file, object});
        } else if (apiVersion.startsWith(QLatin1String("source.toolkit.fluxcd.io/")) && kind == QLatin1String("GitRepository") &&
                   !cluster.isEmpty()) {
            if (QString branch = text(object, {"spec", "ref", "branch"}); !branch.isEmpty())
                out.gitRepositoryBranch[cluster + QLatin1Char('/') + text(object, {"metadata", "name"})] = branch;
        }
    }
}

// One environment per cluster folder: the Kustomization that deploys the applications.
std::optional<DetectedEnvironment> fluxEnvironment(const manifest::FileSource& files, const DetectorOptions& options,
                                                   const QString& cluster, const std::vector<FluxKustomization>& all,
                                                   const Collected& collected) {
    std::vector<const FluxKustomization*> candidates;
    for (const FluxKustomization& k : all) {
        const auto path = manifest::cleanRepositoryPath(text(k.object, {"spec", "path"}));
        // The bootstrap Kustomization (flux-system) points at the cluster folder itself.
        if (path && !path->isEmpty() && !path->startsWith(QLatin1String("clusters/")) && !path->contains(QLatin1String("{{")))
            candidates.push_back(&k);
    }
    if (candidates.empty())
        return std::nullopt;
    auto named = [&](auto&& predicate) -> const FluxKustomization* {
        for (const FluxKustomization* k : candidates)
            if (predicate(*k))
                return k;
        return nullptr;
    };
    const FluxKustomization* chosen = named([](const FluxKustomization& k) {
        return text(k.object, {"metadata", "name"}) == QLatin1String("apps");
    });
    if (!chosen)
        chosen = named([&](const FluxKustomization& k) {
            return text(k.object, {"spec", "path"}).split(QLatin1Char('/')).contains(cluster);
        });
    if (!chosen)
        chosen = candidates.front();

    const Json& object = chosen->object;
    Environment env;
    env.name = cluster;
    env.path = *manifest::cleanRepositoryPath(text(object, {"spec", "path"}));
    const QString source = text(object, {"spec", "sourceRef", "name"});
    auto branch = collected.gitRepositoryBranch.find(cluster + QLatin1Char('/') + source);
    env.branch = branch != collected.gitRepositoryBranch.end() ? branch->second : options.currentBranch;
    QString remark;
    env.renderer = rendererFor(files, env.path, &remark);
    env.defaultNamespace = text(object, {"spec", "targetNamespace"});
    env.mode = Mode::Flux;
    env.flux.kustomization = text(object, {"metadata", "name"});
    if (QString ns = text(object, {"metadata", "namespace"}); !ns.isEmpty())
        env.flux.kustomizationNamespace = ns;
    // Flux applies on every interval unless suspended, which also undoes drift.
    env.sync.autoSync = !flag(object, {"spec", "suspend"});
    env.sync.selfHeal = env.sync.autoSync;
    env.sync.prune = flag(object, {"spec", "prune"});
    QStringList others;
    for (const FluxKustomization* k : candidates)
        if (k != chosen)
            others.append(text(k->object, {"metadata", "name"}));
    QString why = QStringLiteral("Flux Kustomization %1 in %2").arg(env.flux.kustomization, chosen->file);
    if (!others.isEmpty())
        why += QStringLiteral(" (also in this cluster: %1)").arg(others.join(QStringLiteral(", ")));
    return DetectedEnvironment{std::move(env), why + remark};
}

std::vector<DetectedEnvironment> folderEnvironments(const manifest::FileSource& files, const DetectorOptions& options,
                                                    const QStringList& directories) {
    static const QStringList conventions = {QStringLiteral("overlays"), QStringLiteral("envs"), QStringLiteral("environments"),
                                            QStringLiteral("clusters")};
    static const QStringList notEnvironments = {QStringLiteral("base"), QStringLiteral("bases"), QStringLiteral("common"),
                                                QStringLiteral("components"), QStringLiteral("flux-system")};
    QStringList matches;
    for (const QString& dir : directories) {
        const QString parent = parentOf(dir);
        const QString parentName = parent.section(QLatin1Char('/'), -1);
        const QString name = dir.section(QLatin1Char('/'), -1);
        if (conventions.contains(parentName) && !notEnvironments.contains(name))
            matches.append(dir);
    }
    // Shallow folders first: a root overlays/prod beats some-app/overlays/prod.
    std::stable_sort(matches.begin(), matches.end(),
                     [](const QString& a, const QString& b) { return a.count(QLatin1Char('/')) < b.count(QLatin1Char('/')); });
    std::vector<DetectedEnvironment> out;
    for (const QString& dir : matches) {
        Environment env;
        env.name = dir.section(QLatin1Char('/'), -1);
        env.branch = options.currentBranch;
        env.path = dir;
        QString remark;
        env.renderer = rendererFor(files, dir, &remark);
        const QString convention = parentOf(dir).section(QLatin1Char('/'), -1);
        out.push_back({std::move(env), QStringLiteral("folder %1 (the %2/<env> convention)%3").arg(dir, convention, remark)});
    }
    return out;
}

} // namespace

int EnvironmentDetector::stageRank(const QString& environmentName) {
    static const std::vector<std::pair<int, QStringList>> stages = {
        {0, {QStringLiteral("dev"), QStringLiteral("develop"), QStringLiteral("development")}},
        {1, {QStringLiteral("test"), QStringLiteral("testing"), QStringLiteral("int"), QStringLiteral("integration")}},
        {2, {QStringLiteral("qa"), QStringLiteral("uat")}},
        {3, {QStringLiteral("staging"), QStringLiteral("stage"), QStringLiteral("stg")}},
        {4, {QStringLiteral("preprod"), QStringLiteral("pre-prod"), QStringLiteral("preproduction")}},
        {5, {QStringLiteral("prod"), QStringLiteral("production"), QStringLiteral("prd"), QStringLiteral("live")}},
    };
    const QString name = environmentName.toLower();
    for (const auto& [rank, names] : stages)
        if (names.contains(name))
            return rank;
    return -1;
}

WorkspaceConfig EnvironmentDetection::config() const {
    WorkspaceConfig config;
    for (const DetectedEnvironment& detected : environments)
        config.environments.push_back(detected.environment);
    config.places = places;
    config.promotionOrder = promotionOrder;
    config.arrangeApplications();
    return config;
}

EnvironmentDetection EnvironmentDetector::detect(const manifest::FileSource& files, const DetectorOptions& options) {
    EnvironmentDetection result;
    const Walk walk = walkTree(files, options, result.notes);
    if (walk.truncated)
        result.notes.append(QStringLiteral("stopped looking after %1 files and folders").arg(options.maxEntries));

    Collected collected;
    for (const QString& file : walk.yamlFiles)
        collectFile(files, options, file, collected, result.notes);

    std::vector<DetectedEnvironment> candidates = std::move(collected.argo);
    for (const auto& [cluster, kustomizations] : collected.fluxByCluster)
        if (auto env = fluxEnvironment(files, options, cluster, kustomizations, collected))
            candidates.push_back(std::move(*env));
    for (DetectedEnvironment& env : folderEnvironments(files, options, walk.directories))
        candidates.push_back(std::move(env));

    // Earlier sources win: Argo CD, then Flux, then folders.
    QSet<QString> names, paths;
    for (DetectedEnvironment& candidate : candidates) {
        const Environment& env = candidate.environment;
        // Two Applications may deploy one folder to two clusters; a folder is one environment.
        const bool fromFolder = candidate.why.startsWith(QLatin1String("folder"));
        if (names.contains(env.name) || (fromFolder && paths.contains(env.path))) {
            if (!fromFolder)
                result.notes.append(
                    QStringLiteral("%1 repeats environment '%2'; the first one is kept").arg(candidate.why, env.name));
            continue;
        }
        names.insert(env.name);
        paths.insert(env.path);
        result.environments.push_back(std::move(candidate));
    }

    // Known stages first, in stage order; the rest keep their order after them.
    std::stable_sort(result.environments.begin(), result.environments.end(),
                     [](const DetectedEnvironment& a, const DetectedEnvironment& b) {
                         const int ra = stageRank(a.environment.name), rb = stageRank(b.environment.name);
                         return (ra < 0 ? 100 : ra) < (rb < 0 ? 100 : rb);
                     });
    QStringList staged;
    for (const DetectedEnvironment& detected : result.environments)
        if (stageRank(detected.environment.name) >= 0)
            staged.append(detected.environment.name);
    if (staged.size() >= 2)
        result.promotionOrder = staged;
    return result;
}

} // namespace syncline::workspace
