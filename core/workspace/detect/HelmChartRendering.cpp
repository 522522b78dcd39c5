#include "workspace/detect/HelmChartRendering.h"

#include "manifest/Renderer.h"
#include "manifest/YamlWriter.h"

namespace syncline::workspace {

namespace {

// "# Source: <chart>/templates/x.yaml" as helm prints it: the detector names each
// Application's file from it.
QByteArray sourceComment(const QString& chartPath, const QString& file) {
    const QString chartName = chartPath.section(QLatin1Char('/'), -1);
    const QString relative = file.startsWith(chartPath + QLatin1Char('/')) ? file.mid(chartPath.size() + 1) : file;
    return QStringLiteral("# Source: %1/%2\n").arg(chartName.isEmpty() ? QStringLiteral("chart") : chartName, relative).toUtf8();
}

} // namespace

ChartRenderer helmChartRenderer(const QString& helmBinary, const QString& cacheFolder) {
    return [helmBinary, cache = HelmChartRenderingCache(cacheFolder)](
               const manifest::FileSource& files, const manifest::HelmSource& helm) -> util::Result<QByteArray> {
        manifest::RenderOptions options;
        options.helm = helm;
        options.helmBinary = helmBinary;
        const QString key = HelmChartRenderingCache::keyOf(files, options);
        if (auto kept = cache.find(key))
            return *kept;
        std::vector<manifest::ContentDependency> read;
        const manifest::RenderResult result =
            manifest::render(files, helm.chartPath, manifest::RendererKind::Helm, options, read);
        if (!result.errors.empty())
            return util::fail(result.errors.front());
        QByteArray out;
        for (const manifest::ManifestObject& object : result.objects) {
            out += "---\n" + sourceComment(helm.chartPath, object.source.file);
            out += QByteArray::fromStdString(manifest::writeYaml(object.body));
        }
        if (result.cacheable && HelmChartRenderingCache::keyCovers(read, helm))
            cache.store(key, out);
        return out;
    };
}

} // namespace syncline::workspace
