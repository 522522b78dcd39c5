#include "manifest/Renderer.h"

#include "manifest/BudgetedFileSource.h"
#include "manifest/KustomizeRenderer.h"
#include "manifest/PlainRenderer.h"

#include <QCryptographicHash>

#include <new>

namespace syncline::manifest {

namespace {

RenderResult renderWithin(const BudgetedFileSource& source, const QString& path, RendererKind kind,
                          const RenderOptions& options) {
    if (kind == RendererKind::Auto)
        kind = KustomizeRenderer::kustomizationFile(source, path) ? RendererKind::Kustomize : RendererKind::Plain;
    return kind == RendererKind::Kustomize ? KustomizeRenderer(source, options.limits).render(path)
                                           : PlainRenderer(source, options.limits).render(path);
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

QString cacheKeyOf(const RenderResult& result, const std::vector<ContentDependency>& dependencies) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(result.renderer.toUtf8());
    for (const ContentDependency& dependency : dependencies) {
        hash.addData(QByteArrayView("\n"));
        hash.addData(dependency.path.toUtf8());
        hash.addData(QByteArrayView(" "));
        hash.addData(dependency.contentId.toUtf8());
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

QString toString(RendererKind kind) {
    switch (kind) {
    case RendererKind::Plain:
        return QStringLiteral("plain");
    case RendererKind::Kustomize:
        return QStringLiteral("kustomize");
    case RendererKind::Auto:
        break;
    }
    return QStringLiteral("auto");
}

RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options,
                    std::vector<ContentDependency>& dependencies) {
    RecordingFileSource recording(source);
    RenderBudget budget(options.budget, options.cancel);
    BudgetedFileSource budgeted(recording, budget);
    RenderResult result = renderCatching(budgeted, path, kind, options);
    if (budget.interrupted())
        result.cacheable = false;
    try {
        dependencies = recording.dependencies();
        result.cacheKey = cacheKeyOf(result, dependencies);
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
