#include "manifest/RenderCache.h"

#include "manifest/GitTreeFileSource.h"

#include <QHash>

namespace syncline::manifest {

bool RenderCache::sameLimits(const RenderOptions& a, const RenderOptions& b) {
    const YamlLimits& x = a.limits;
    const YamlLimits& y = b.limits;
    return x.maxFileBytes == y.maxFileBytes && x.maxDocuments == y.maxDocuments && x.maxDepth == y.maxDepth &&
           x.maxAliasNodes == y.maxAliasNodes && x.maxAliasBytes == y.maxAliasBytes && a.budget == b.budget &&
           a.toolTimeout == b.toolTimeout;
}

RenderResult RenderCache::render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options) {
    return *renderShared(source, path, kind, options);
}

std::shared_ptr<const RenderResult> RenderCache::renderShared(const FileSource& source, const QString& path, RendererKind kind,
                                                              const RenderOptions& options) {
    if (auto cached = find(source, path, kind, options))
        return cached;
    const QString cleaned = cleanRepositoryPath(path).value_or(path);
    std::vector<ContentDependency> dependencies;
    auto result = std::make_shared<const RenderResult>(manifest::render(source, cleaned, kind, options, dependencies));
    remember(cleaned, kind, options, std::move(dependencies), result);
    return result;
}

std::shared_ptr<const RenderResult> RenderCache::find(const FileSource& source, const QString& path, RendererKind kind,
                                                      const RenderOptions& options) {
    const QString cleaned = cleanRepositoryPath(path).value_or(path);
    // Entries of one environment record mostly the same paths: look each up once.
    QHash<QString, QString> idByPath;
    auto contentId = [&](const QString& dependencyPath) -> const QString& {
        auto it = idByPath.find(dependencyPath);
        if (it == idByPath.end())
            it = idByPath.insert(dependencyPath, source.contentId(dependencyPath));
        return *it;
    };
    const QString inputsKey = renderInputsKey(kind, options);
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->path != cleaned || it->kind != kind || it->inputsKey != inputsKey || !sameLimits(it->options, options))
            continue;
        bool unchanged = true;
        for (const ContentDependency& dependency : it->dependencies) {
            if (contentId(dependency.path) != dependency.contentId) {
                unchanged = false;
                break;
            }
        }
        if (!unchanged)
            continue;
        ++m_hits;
        m_entries.splice(m_entries.begin(), m_entries, it);
        return m_entries.front().result;
    }
    return nullptr;
}

void RenderCache::remember(const QString& path, RendererKind kind, const RenderOptions& options,
                           std::vector<ContentDependency> dependencies, std::shared_ptr<const RenderResult> result) {
    ++m_misses;
    if (!result || !result->cacheable)
        return; // cut short (deadline, cancellation, out of memory): never remembered
    const QString cleaned = cleanRepositoryPath(path).value_or(path);
    m_entries.push_front(
        Entry{cleaned, kind, options, renderInputsKey(kind, options), std::move(dependencies), std::move(result)});
    while (m_entries.size() > m_maxEntries)
        m_entries.pop_back();
}

} // namespace syncline::manifest
