#pragma once

#include "git/ObjectId.h"
#include "git/Repository.h"
#include "manifest/ClusterCapabilities.h"
#include "manifest/RenderCache.h"
#include "manifest/RenderResult.h"
#include "util/Result.h"
#include "workspace/Environment.h"

#include <QByteArray>
#include <QHash>

#include <memory>
#include <vector>

namespace syncline::workspace {

// One environment's desired state at one commit.
struct RenderedEnvironment {
    QString environment;
    git::ObjectId commit;
    manifest::RenderResult result;
};

// Renders environments at any revision from the Git objects (never the working tree),
// through a render cache keyed by the tree ids of what each render read. Synchronous and
// owned by one thread at a time (the repository's serial executor).
class EnvironmentRenderer {
public:
    explicit EnvironmentRenderer(std::shared_ptr<const git::Repository> repository, std::size_t cacheEntries = 128);

    // "" means the tip of the environment's branch (or HEAD's branch when it names none);
    // anything else is a revision expression ("HEAD~2", a sha, a tag).
    util::Result<git::ObjectId> resolve(const Environment& environment, const QString& revision = {}) const;

    util::Result<RenderedEnvironment> render(const Environment& environment, const QString& revision = {});
    util::Result<RenderedEnvironment> renderAt(const Environment& environment, const git::ObjectId& commit);
    // The same through the cache without copying the objects out of it (a hit is shared).
    util::Result<std::shared_ptr<const manifest::RenderResult>> renderShared(const Environment& environment,
                                                                             const git::ObjectId& commit);

    // Every environment at `revision` (as render() resolves it), in their order. Cache hits
    // first; the rest render in parallel, up to one render per core, each on a worker with
    // its own handle on the repository (libgit2 handles are never shared between threads).
    // Environments with the same inputs (folder, renderer, Helm inputs, commit) share one
    // render: helm runs at most once per distinct input.
    std::vector<util::Result<RenderedEnvironment>> renderAll(const std::vector<Environment>& environments,
                                                             const QString& revision = {});

    // A digest of what the render produced (objects and errors): equal digests mean the
    // commit left the environment's output alone, whatever else it touched.
    util::Result<QByteArray> outputDigest(const Environment& environment, const git::ObjectId& commit);

    // A renderer with the same options and cluster capabilities and an empty cache of
    // `cacheEntries`, for this thread (on the same repository handle) or for another (on
    // a handle of its own; null when the repository cannot be opened again). Call them on
    // the thread that owns this renderer.
    std::unique_ptr<EnvironmentRenderer> withOwnCache(std::size_t cacheEntries) const;
    std::unique_ptr<EnvironmentRenderer> forAnotherThread(std::size_t cacheEntries) const;

    const manifest::RenderCache& cache() const { return m_cache; }
    // Per-file limits, the per-render budget and the cancellation token of later renders.
    // Charts from Helm and OCI repositories come from the user's allow-list and cache
    // (charts::RemoteCharts::forUser) unless the options name another source.
    void setRenderOptions(manifest::RenderOptions options);
    // The destination cluster of `environment`, when a client for it exists: its Helm
    // renders get the cluster's version and API versions (and are cached apart from
    // renders without). nullopt: helm's defaults.
    void setClusterCapabilities(const QString& environment, std::optional<manifest::ClusterCapabilities> capabilities);
    const std::shared_ptr<const git::Repository>& repository() const { return m_repository; }

private:
    // The options with the environment's Helm inputs (release and namespace defaulting to
    // the environment's name and namespace).
    manifest::RenderOptions optionsFor(const Environment& environment) const;

    std::shared_ptr<const git::Repository> m_repository;
    manifest::RenderCache m_cache;
    manifest::RenderOptions m_options;
    QHash<QString, manifest::ClusterCapabilities> m_clusters; // by environment name
    QHash<QString, QByteArray> m_digestByCacheKey;
    QHash<QString, QByteArray> m_digestByCommit; // "env@sha": each commit is digested once
};

manifest::RendererKind rendererKindOf(RendererChoice choice);

} // namespace syncline::workspace
