#include "workspace/detect/FluxKustomizationReader.h"

namespace syncline::workspace::detect {

namespace {

QString namespaceOf(const RepositoryObject& object) {
    const QString ns = object.namespaceName();
    return ns.isEmpty() ? QStringLiteral("flux-system") : ns;
}

// substituteFrom in order, then substitute on top, as Flux's kustomize-controller folds them.
std::map<QString, QString> substitutionsOf(const RepositoryObject& kustomization, const FluxSourceResolver& sources,
                                           DetectionResult& out) {
    std::map<QString, QString> variables;
    if (const Json* from = member(kustomization.object, {"spec", "postBuild", "substituteFrom"}); from && from->is_array())
        for (const Json& ref : *from) {
            const QString kind = text(ref, {"kind"}), name = text(ref, {"name"});
            auto found =
                sources.variables(kind, namespaceOf(kustomization), name, FluxKustomizationReader::clusterOf(kustomization.file));
            if (found && kind == QLatin1String("Secret")) { // substituted, its values would reach rendered objects and diffs
                out.unrecognized.push_back(
                    {QStringLiteral("Flux Kustomization %1: substituteFrom Secret %2").arg(kustomization.name(), name),
                     kustomization.file,
                     QStringLiteral("values from Secrets are not substituted (they would show in diffs); its ${variables} "
                                    "render with their defaults")});
            } else if (found) {
                for (auto& [key, value] : *found)
                    variables[key] = value;
            } else if (!flag(ref, {"optional"})) {
                out.unrecognized.push_back(
                    {QStringLiteral("Flux Kustomization %1: substituteFrom %2 %3").arg(kustomization.name(), kind, name),
                     kustomization.file,
                     QStringLiteral("%1 %2 is not defined in this repository (it must exist in the cluster); its "
                                    "variables are left out")
                         .arg(kind, name)});
            }
        }
    if (const Json* substitute = member(kustomization.object, {"spec", "postBuild", "substitute"});
        substitute && substitute->is_object())
        for (auto it = substitute->begin(); it != substitute->end(); ++it)
            variables[QString::fromStdString(it.key())] = asYamlText(it.value());
    return variables;
}

QStringList dependsOnOf(const Json& object) {
    QStringList names;
    if (const Json* list = member(object, {"spec", "dependsOn"}); list && list->is_array())
        for (const Json& item : *list)
            if (QString name = text(item, {"name"}); !name.isEmpty())
                names.append(name);
    return names;
}

void readKustomization(const RepositoryObject& kustomization, const FluxSourceResolver& sources,
                       const manifest::FileSource& files, DetectionResult& out) {
    const QString name = kustomization.name();
    const QString what = QStringLiteral("Flux Kustomization %1").arg(name);
    const QString cluster = FluxKustomizationReader::clusterOf(kustomization.file);
    const Json* sourceRef = member(kustomization.object, {"spec", "sourceRef"});
    const auto resolved = sources.resolve(sourceRef ? *sourceRef : Json(), namespaceOf(kustomization),
                                          text(kustomization.object, {"spec", "path"}), cluster);
    if (!resolved.refusal.isEmpty()) {
        out.unrecognized.push_back({what, kustomization.file, resolved.refusal});
        return;
    }
    const std::optional<QString> path = repositoryFolder(files, resolved.path.isEmpty() ? QStringLiteral(".") : resolved.path);
    if (!path) {
        out.unrecognized.push_back(
            {what, kustomization.file, QStringLiteral("path %1 is not a folder of this repository").arg(resolved.path)});
        return;
    }
    if (!cluster.isEmpty() && kustomization.file.startsWith(*path + QLatin1Char('/')) &&
        path->endsWith(QLatin1String("clusters/") + cluster)) {
        out.unrecognized.push_back(
            {what, kustomization.file,
             QStringLiteral("Flux's own sync of %1: the Kustomizations there are the applications").arg(*path)});
        return;
    }
    DetectedApplication app;
    app.application = name;
    app.environment = cluster.isEmpty() ? QStringLiteral("default") : cluster;
    app.branch = resolved.branch;
    app.path = *path;
    app.renderer = rendererFor(files, *path);
    if (app.renderer == RendererChoice::Helm)
        app.renderer = RendererChoice::Kustomize; // kustomize-controller never runs helm on a folder
    app.defaultNamespace = text(kustomization.object, {"spec", "targetNamespace"});
    app.mode = Mode::Flux;
    app.flux = FluxAgent{name, namespaceOf(kustomization)};
    app.clusterHint = cluster;
    app.dependsOn = dependsOnOf(kustomization.object);
    app.substitutions = substitutionsOf(kustomization, sources, out);
    // Flux applies on every interval unless suspended, which also undoes drift.
    app.sync.autoSync = !flag(kustomization.object, {"spec", "suspend"});
    app.sync.selfHeal = app.sync.autoSync;
    app.sync.prune = flag(kustomization.object, {"spec", "prune"});
    app.reason = QStringLiteral("%1 in %2: path %3 of %4").arg(what, kustomization.file, app.path, resolved.how);
    out.applications.push_back(std::move(app));
}

} // namespace

QString FluxKustomizationReader::clusterOf(const QString& file) {
    const QStringList parts = file.split(QLatin1Char('/'));
    const qsizetype at = parts.indexOf(QStringLiteral("clusters"));
    return at >= 0 && at + 2 < parts.size() ? parts[at + 1] : QString();
}

void FluxKustomizationReader::read(const std::vector<RepositoryObject>& objects, const FluxSourceResolver& sources,
                                   const manifest::FileSource& files, DetectionResult& out) {
    for (const RepositoryObject& object : objects)
        if (object.is("kustomize.toolkit.fluxcd.io", "Kustomization"))
            readKustomization(object, sources, files, out);
}

} // namespace syncline::workspace::detect
