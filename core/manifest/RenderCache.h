#pragma once

#include "manifest/Renderer.h"

#include <list>
#include <memory>
#include <vector>

namespace syncline::manifest {

// Render results keyed by what the render read: the content ids (Git tree/blob ids) of
// every path, plus the renderer kind and options. A lookup re-reads only those ids from
// the new source (a few tree-entry lookups), so rendering an unchanged environment at
// another commit is a hit without parsing anything. Bounded, least recently used out.
// A result cut short (deadline, cancellation, an exception) is returned but never kept.
// Not thread-safe: owned by one executor.
class RenderCache {
public:
    explicit RenderCache(std::size_t maxEntries = 64) : m_maxEntries(maxEntries) {}

    // The cached result when every recorded input is unchanged in `source`, else renders
    // and remembers the result.
    RenderResult render(const FileSource& source, const QString& path, RendererKind kind, const RenderOptions& options = {});
    // The same without copying the objects out of the cache.
    std::shared_ptr<const RenderResult> renderShared(const FileSource& source, const QString& path, RendererKind kind,
                                                     const RenderOptions& options = {});

    // The two halves of renderShared, for renders run elsewhere (on other threads, each
    // with its own repository): the cached result when every recorded input is unchanged
    // in `source` (a hit), else null and nothing counted; then the result of a render
    // done by manifest::render with the dependencies it recorded (a miss), kept when
    // cacheable.
    std::shared_ptr<const RenderResult> find(const FileSource& source, const QString& path, RendererKind kind,
                                             const RenderOptions& options = {});
    void remember(const QString& path, RendererKind kind, const RenderOptions& options,
                  std::vector<ContentDependency> dependencies, std::shared_ptr<const RenderResult> result);

    std::size_t size() const { return m_entries.size(); }
    std::size_t hits() const { return m_hits; }
    std::size_t misses() const { return m_misses; }
    void clear() { m_entries.clear(); }

private:
    struct Entry {
        QString path;
        RendererKind kind;
        RenderOptions options;
        QString inputsKey; // renderInputsKey: Helm inputs, tool versions
        std::vector<ContentDependency> dependencies;
        std::shared_ptr<const RenderResult> result;
    };
    static bool sameLimits(const RenderOptions& a, const RenderOptions& b);

    std::size_t m_maxEntries;
    std::list<Entry> m_entries; // most recently used first
    std::size_t m_hits = 0;
    std::size_t m_misses = 0;
};

} // namespace syncline::manifest
