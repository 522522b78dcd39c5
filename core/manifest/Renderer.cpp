#include "manifest/Renderer.h"

#include "manifest/BudgetedFileSource.h"
#include "manifest/FluxSubstitution.h"
#include "manifest/HelmRenderer.h"
#include "manifest/Hooks.h"
#include "manifest/KustomizeRenderer.h"
#include "manifest/PlainRenderer.h"
#include "manifest/ToolProcess.h"
#include "manifest/YamlParser.h"
#include "manifest/YamlWriter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFileInfo>

#include <new>

namespace syncline::manifest {

namespace {

RenderResult renderWithin(const BudgetedFileSource& source, const QString& path, RendererKind kind,
                          const RenderOptions& options) {
    if (kind == RendererKind::Auto) {
        // As Argo CD decides: a kustomization first, then a chart, else plain manifests.
        if (KustomizeRenderer::kustomizationFile(source, path))
            kind = RendererKind::Kustomize;
        else if (HelmRenderer::isChart(source, path))
            kind = RendererKind::Helm;
        else
            kind = RendererKind::Plain;
    }
    switch (kind) {
    case RendererKind::Kustomize:
        return KustomizeRenderer(source, options).render(path);
    case RendererKind::Helm:
        return HelmRenderer(source, options).render(path);
    case RendererKind::Plain:
    case RendererKind::Auto:
        break;
    }
    return PlainRenderer(source, options.limits).render(path);
}

// The path, size and time of a tool: a new install changes it.
QString toolIdentity(const QString& binary) {
    if (binary.isEmpty())
        return QStringLiteral("none");
    const QFileInfo info(binary);
    return QStringLiteral("%1 %2 %3").arg(binary).arg(info.size()).arg(info.lastModified().toMSecsSinceEpoch());
}

void addHelmSource(QCryptographicHash& hash, const HelmSource& helm) {
    auto add = [&](const QString& text) {
        hash.addData(text.toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    };
    add(helm.chartPath);
    add(helm.releaseName);
    add(helm.namespace_);
    add(helm.valueFiles.join(QLatin1Char('\n')));
    add(helm.values);
    for (const auto& [name, value] : helm.parameters) {
        add(name);
        add(value);
    }
    add(helm.includeCrds ? QStringLiteral("crds") : QStringLiteral("no-crds"));
    add(helm.kubeVersion);
    add(helm.apiVersions.join(QLatin1Char('\n')));
    if (helm.remoteChart)
        add(helm.remoteChart->repositoryUrl + QLatin1Char('\n') + helm.remoteChart->chart + QLatin1Char('\n') +
            helm.remoteChart->version);
}

RenderResult failedRender(RendererKind kind, const QString& path, const QString& message) {
    RenderResult result;
    result.renderer = toString(kind);
    result.errors.push_back(util::makeError(util::ErrorCode::Generic, message, path));
    result.cacheable = false;
    return result;
}

// The one place a render meets exceptions: libyaml, nlohmann and the allocator may throw
// from deep inside; the environment gets an error and the caller keeps running.
RenderResult renderCatching(const BudgetedFileSource& source, const QString& path, RendererKind kind,
                            const RenderOptions& options) {
    try {
        return renderWithin(source, path, kind, options);
    } catch (const std::bad_alloc&) {
        return failedRender(kind, path, QStringLiteral("out of memory while rendering"));
    } catch (const std::exception& e) {
        return failedRender(kind, path, QStringLiteral("rendering failed: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        return failedRender(kind, path, QStringLiteral("rendering failed with an unknown exception"));
    }
}

QString cacheKeyOf(const RenderResult& result, const std::vector<ContentDependency>& dependencies, const QString& inputsKey) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(result.renderer.toUtf8());
    hash.addData(QByteArrayView("\n"));
    hash.addData(inputsKey.toUtf8());
    for (const ContentDependency& dependency : dependencies) {
        hash.addData(QByteArrayView("\n"));
        hash.addData(dependency.path.toUtf8());
        hash.addData(QByteArrayView(" "));
        hash.addData(dependency.contentId.toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex());
}

// Flux's postBuild: each object as YAML, ${var} substituted, read back (a number stays a
// number: `replicas: ${replicas}` becomes an int, as in Flux). A failure is an error on
// that object, which then stays out.
void substituteVariables(RenderResult& result, const std::map<QString, QString>& variables, const YamlLimits& limits) {
    std::vector<ManifestObject> kept;
    kept.reserve(result.objects.size());
    for (ManifestObject& object : result.objects) {
        const auto* annotations = object.body.contains("metadata") && object.body["metadata"].is_object() &&
                                          object.body["metadata"].contains("annotations")
                                      ? &object.body["metadata"]["annotations"]
                                      : nullptr;
        if (annotations && annotations->is_object() &&
            annotations->value("kustomize.toolkit.fluxcd.io/substitute", "") == "disabled") {
            kept.push_back(std::move(object));
            continue;
        }
        const std::string yaml = writeYaml(object.body);
        auto substituted =
            FluxSubstitution::apply(QByteArray(yaml.data(), qsizetype(yaml.size())), variables, object.source.toString());
        auto documents =
            substituted
                ? parseYamlStream(
                      std::string_view(substituted->constData(), std::size_t(substituted->size())),
                      QStringLiteral("%1 (%2 after Flux substitution)").arg(object.source.toString(), object.key.toString()),
                      limits)
                : util::Result<std::vector<YamlDocument>>(util::fail(substituted.error()));
        if (!documents || documents->size() != 1 || !(*documents)[0].value.is_object()) {
            result.errors.push_back(
                documents ? util::makeError(util::ErrorCode::InvalidArgument,
                                            QStringLiteral("Flux substitution left %1 not one object").arg(object.key.toString()),
                                            object.source.toString())
                          : documents.error());
            continue;
        }
        object.body = std::move((*documents)[0].value);
        object.key = ResourceKey::of(object.body);
        kept.push_back(std::move(object));
    }
    result.objects = std::move(kept);
}

} // namespace

QString toString(RendererKind kind) {
    switch (kind) {
    case RendererKind::Plain:
        return QStringLiteral("plain");
    case RendererKind::Kustomize:
        return QStringLiteral("kustomize");
    case RendererKind::Helm:
        return QStringLiteral("helm");
    case RendererKind::Auto:
        break;
    }
    return QStringLiteral("auto");
}

QString renderInputsKey(RendererKind kind, const RenderOptions& options) {
    if (kind == RendererKind::Plain && !options.substitute)
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha1);
    if (options.substitute)
        for (const auto& [name, value] : *options.substitute)
            hash.addData((QStringLiteral("${") + name + QStringLiteral("}=") + value + QLatin1Char('\n')).toUtf8());
    if (kind == RendererKind::Plain)
        return QString::fromLatin1(hash.result().toHex());
    if (kind != RendererKind::Kustomize) {
        const QString helm = findTool(QStringLiteral("helm"), options.helmBinary);
        hash.addData(toolIdentity(helm).toUtf8());
        if (!helm.isEmpty())
            hash.addData(HelmRenderer::versionOf(helm).toUtf8());
        // The inputs helm really gets: the cluster's version and API versions included.
        const ClusterCapabilities* cluster = options.cluster ? &*options.cluster : nullptr;
        if (options.helm || cluster)
            addHelmSource(hash, withCluster(options.helm.value_or(HelmSource{}), cluster));
    }
    if (kind != RendererKind::Helm)
        hash.addData(toolIdentity(findTool(QStringLiteral("kubectl"), options.kubectlBinary)).toUtf8());
    return QString::fromLatin1(hash.result().toHex());
}

RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options,
                    std::vector<ContentDependency>& dependencies) {
    RecordingFileSource recording(source);
    RenderBudget budget(options.budget, options.cancel);
    BudgetedFileSource budgeted(recording, budget);
    RenderResult result = renderCatching(budgeted, path, kind, options);
    if (options.substitute)
        substituteVariables(result, *options.substitute, options.limits);
    separateHooks(result);
    if (budget.interrupted())
        result.cacheable = false;
    try {
        dependencies = recording.dependencies();
        result.cacheKey = cacheKeyOf(result, dependencies, renderInputsKey(kind, options));
    } catch (const std::exception&) {
        dependencies.clear();
        result.cacheable = false;
    }
    return result;
}

RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options) {
    std::vector<ContentDependency> dependencies;
    return render(source, path, kind, options, dependencies);
}

} // namespace syncline::manifest
