#include "manifest/Renderer.h"

#include "manifest/KustomizeRenderer.h"
#include "manifest/PlainRenderer.h"

#include <QCryptographicHash>

namespace syncline::manifest {

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
    if (kind == RendererKind::Auto)
        kind = KustomizeRenderer::kustomizationFile(recording, path) ? RendererKind::Kustomize : RendererKind::Plain;
    RenderResult result = kind == RendererKind::Kustomize ? KustomizeRenderer(recording, options.limits).render(path)
                                                          : PlainRenderer(recording, options.limits).render(path);
    dependencies = recording.dependencies();
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(result.renderer.toUtf8());
    for (const ContentDependency& dependency : dependencies) {
        hash.addData(QByteArrayView("\n"));
        hash.addData(dependency.path.toUtf8());
        hash.addData(QByteArrayView(" "));
        hash.addData(dependency.contentId.toUtf8());
    }
    result.cacheKey = QString::fromLatin1(hash.result().toHex());
    return result;
}

RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options) {
    std::vector<ContentDependency> dependencies;
    return render(source, path, kind, options, dependencies);
}

} // namespace syncline::manifest
