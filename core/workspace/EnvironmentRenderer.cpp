#include "workspace/EnvironmentRenderer.h"

#include "charts/RemoteCharts.h"
#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/Renderer.h"

#include <QCryptographicHash>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <map>
#include <new>
#include <thread>

namespace syncline::workspace {

namespace {

using SourceByCommit = std::map<QString, std::unique_ptr<manifest::GitTreeFileSource>>;

// One distinct input of renderAll that the cache did not hold, and what became of it.
struct PendingRender {
    git::ObjectId commit;
    QString path;
    manifest::RendererKind kind = manifest::RendererKind::Auto;
    manifest::RenderOptions options;
    std::vector<std::size_t> environments; // every environment with these inputs
    std::shared_ptr<const manifest::RenderResult> result;
    std::vector<manifest::ContentDependency> dependencies;
    util::Error failure; // when there is no result
};

// The files of `commit`, read through `repository` once per commit and thread.
util::Result<const manifest::GitTreeFileSource*> sourceAt(const std::shared_ptr<const git::Repository>& repository,
                                                          const git::ObjectId& commit, SourceByCommit& sources) {
    std::unique_ptr<manifest::GitTreeFileSource>& slot = sources[commit.toHex()];
    if (!slot) {
        auto snapshot = git::TreeSnapshot::atCommit(repository, commit);
        if (!snapshot)
            return util::fail(snapshot.error());
        slot = std::make_unique<manifest::GitTreeFileSource>(std::move(*snapshot));
    }
    return slot.get();
}

// Takes the next job until none is left. Whatever escapes a render (out of memory) is an
// error on that job's environments; nothing leaves the thread.
void renderJobs(std::vector<PendingRender>& pending, std::atomic<std::size_t>& next,
                const std::shared_ptr<const git::Repository>& repository) noexcept {
    SourceByCommit sources;
    for (std::size_t i = next.fetch_add(1); i < pending.size(); i = next.fetch_add(1)) {
        PendingRender& job = pending[i];
        try {
            auto source = sourceAt(repository, job.commit, sources);
            if (!source) {
                job.failure = source.error();
                continue;
            }
            job.result = std::make_shared<const manifest::RenderResult>(
                manifest::render(**source, job.path, job.kind, job.options, job.dependencies));
        } catch (const std::exception& e) {
            job.failure = util::makeError(util::ErrorCode::Generic,
                                          QStringLiteral("rendering failed: %1").arg(QString::fromUtf8(e.what())), job.path);
        } catch (...) {
            job.failure = util::makeError(util::ErrorCode::Generic, QStringLiteral("rendering failed"), job.path);
        }
    }
}

// A helper thread's own handle on the repository (libgit2 handles are used by one thread
// at a time); null when it cannot be opened, and the other threads take its share.
std::shared_ptr<const git::Repository> anotherHandle(const git::Repository& repository) noexcept {
    try {
        // Opened as the owner's handle usually is: from the work tree when there is one.
        const QString workDir = repository.workDir();
        auto opened = git::Repository::open(workDir.isEmpty() ? repository.gitDir() : workDir);
        return opened ? std::make_shared<const git::Repository>(std::move(*opened)) : nullptr;
    } catch (...) {
        return nullptr;
    }
}

// Renders the jobs on the calling thread and up to one helper per further core: helm and
// kubectl are processes, so the cores, not the threads, are what is shared.
void renderInParallel(std::vector<PendingRender>& pending, const std::shared_ptr<const git::Repository>& repository) {
    std::atomic<std::size_t> next{0};
    const auto cores = std::size_t(std::max(QThread::idealThreadCount(), 1));
    const std::size_t helpers = std::min(cores, pending.size()) - std::min<std::size_t>(1, pending.size());
    std::vector<std::jthread> threads; // joined when it goes out of scope, also on an exception
    for (std::size_t t = 0; t < helpers; ++t) {
        try {
            threads.emplace_back([&pending, &next, handle = repository.get()]() noexcept {
                if (auto own = anotherHandle(*handle))
                    renderJobs(pending, next, own);
            });
        } catch (const std::system_error&) {
            break; // no more threads to be had: fewer helpers
        }
    }
    renderJobs(pending, next, repository);
}

} // namespace

manifest::RendererKind rendererKindOf(RendererChoice choice) {
    switch (choice) {
    case RendererChoice::Plain:
        return manifest::RendererKind::Plain;
    case RendererChoice::Kustomize:
        return manifest::RendererKind::Kustomize;
    case RendererChoice::Helm:
        return manifest::RendererKind::Helm;
    case RendererChoice::Auto:
        break;
    }
    return manifest::RendererKind::Auto;
}

EnvironmentRenderer::EnvironmentRenderer(std::shared_ptr<const git::Repository> repository, std::size_t cacheEntries)
    : m_repository(std::move(repository)), m_cache(cacheEntries) {
    m_options.charts = charts::RemoteCharts::forUser();
}

void EnvironmentRenderer::setRenderOptions(manifest::RenderOptions options) {
    if (!options.charts)
        options.charts = m_options.charts;
    m_options = std::move(options);
}

std::unique_ptr<EnvironmentRenderer> EnvironmentRenderer::withOwnCache(std::size_t cacheEntries) const {
    auto renderer = std::make_unique<EnvironmentRenderer>(m_repository, cacheEntries);
    renderer->m_options = m_options;
    renderer->m_clusters = m_clusters;
    return renderer;
}

std::unique_ptr<EnvironmentRenderer> EnvironmentRenderer::forAnotherThread(std::size_t cacheEntries) const {
    auto handle = anotherHandle(*m_repository);
    if (!handle)
        return nullptr;
    auto renderer = withOwnCache(cacheEntries);
    renderer->m_repository = std::move(handle);
    return renderer;
}

util::Result<git::ObjectId> EnvironmentRenderer::resolve(const Environment& environment, const QString& revision) const {
    if (!revision.isEmpty())
        return m_repository->resolveCommit(revision);
    if (!environment.branch.isEmpty()) {
        auto tip = m_repository->resolveCommit(QStringLiteral("refs/heads/") + environment.branch);
        if (tip)
            return tip;
        return util::fail(util::ErrorCode::NotFound, QStringLiteral("branch '%1' does not exist").arg(environment.branch),
                          environment.name);
    }
    auto head = m_repository->head();
    if (!head)
        return util::fail(head.error());
    if (!head->commit)
        return util::fail(util::ErrorCode::EmptyRepository, QStringLiteral("the repository has no commits yet"),
                          environment.name);
    return *head->commit;
}

util::Result<RenderedEnvironment> EnvironmentRenderer::render(const Environment& environment, const QString& revision) {
    auto commit = resolve(environment, revision);
    if (!commit)
        return util::fail(commit.error());
    return renderAt(environment, *commit);
}

util::Result<std::shared_ptr<const manifest::RenderResult>> EnvironmentRenderer::renderShared(const Environment& environment,
                                                                                              const git::ObjectId& commit) {
    // Whatever escapes below (out of memory building the snapshot or the cache entry)
    // is an error on this environment; the others and the window keep going.
    try {
        auto snapshot = git::TreeSnapshot::atCommit(m_repository, commit);
        if (!snapshot)
            return util::fail(snapshot.error());
        manifest::GitTreeFileSource source(std::move(*snapshot));
        return m_cache.renderShared(source, environment.path, rendererKindOf(environment.renderer), optionsFor(environment));
    } catch (const std::bad_alloc&) {
        return util::fail(util::ErrorCode::Generic, QStringLiteral("out of memory while rendering"), environment.name);
    } catch (const std::exception& e) {
        return util::fail(util::ErrorCode::Generic, QStringLiteral("rendering failed: %1").arg(QString::fromUtf8(e.what())),
                          environment.name);
    }
}

manifest::RenderOptions EnvironmentRenderer::optionsFor(const Environment& environment) const {
    manifest::RenderOptions options = m_options;
    if (!environment.substitute.empty())
        options.substitute = environment.substitute;
    if (environment.renderer == RendererChoice::Plain || environment.renderer == RendererChoice::Kustomize)
        return options;
    // As Argo CD: the release is the application's, in its destination namespace.
    manifest::HelmSource helm = environment.helm.value_or(manifest::HelmSource{});
    if (helm.releaseName.isEmpty())
        helm.releaseName = environment.applicationName();
    if (helm.namespace_.isEmpty())
        helm.namespace_ = environment.defaultNamespace;
    options.helm = std::move(helm);
    if (auto cluster = m_clusters.constFind(environment.name); cluster != m_clusters.constEnd())
        options.cluster = *cluster;
    return options;
}

void EnvironmentRenderer::setClusterCapabilities(const QString& environment,
                                                 std::optional<manifest::ClusterCapabilities> capabilities) {
    if (capabilities)
        m_clusters.insert(environment, std::move(*capabilities));
    else
        m_clusters.remove(environment);
}

util::Result<RenderedEnvironment> EnvironmentRenderer::renderAt(const Environment& environment, const git::ObjectId& commit) {
    auto result = renderShared(environment, commit);
    if (!result)
        return util::fail(result.error());
    return RenderedEnvironment{environment.name, commit, **result};
}

std::vector<util::Result<RenderedEnvironment>> EnvironmentRenderer::renderAll(const std::vector<Environment>& environments,
                                                                              const QString& revision) {
    std::vector<util::Result<RenderedEnvironment>> results(environments.size());
    std::vector<PendingRender> pending;
    QHash<QString, std::size_t> pendingByInputs;
    SourceByCommit sources;
    for (std::size_t i = 0; i < environments.size(); ++i) {
        const Environment& environment = environments[i];
        auto commit = resolve(environment, revision);
        if (!commit) {
            results[i] = util::fail(commit.error());
            continue;
        }
        auto source = sourceAt(m_repository, *commit, sources);
        if (!source) {
            results[i] = util::fail(source.error());
            continue;
        }
        const manifest::RendererKind kind = rendererKindOf(environment.renderer);
        manifest::RenderOptions options = optionsFor(environment);
        const QString path = manifest::cleanRepositoryPath(environment.path).value_or(environment.path);
        if (auto cached = m_cache.find(**source, path, kind, options)) {
            results[i] = RenderedEnvironment{environment.name, *commit, *cached};
            continue;
        }
        const QString inputs = commit->toHex() + QLatin1Char('\n') + path + QLatin1Char('\n') + manifest::toString(kind) +
                               QLatin1Char('\n') + manifest::renderInputsKey(kind, options);
        auto known = pendingByInputs.constFind(inputs);
        if (known == pendingByInputs.constEnd()) {
            known = pendingByInputs.insert(inputs, pending.size());
            pending.push_back(PendingRender{*commit, path, kind, std::move(options), {}, {}, {}, {}});
        }
        pending[*known].environments.push_back(i);
    }
    renderInParallel(pending, m_repository);
    for (PendingRender& job : pending) {
        if (job.result)
            m_cache.remember(job.path, job.kind, job.options, std::move(job.dependencies), job.result);
        for (std::size_t i : job.environments)
            results[i] =
                job.result ? util::Result<RenderedEnvironment>(RenderedEnvironment{environments[i].name, job.commit, *job.result})
                           : util::fail(job.failure);
    }
    return results;
}

util::Result<QByteArray> EnvironmentRenderer::outputDigest(const Environment& environment, const git::ObjectId& commit) {
    const QString memoKey = environment.name + QLatin1Char('@') + commit.toHex();
    if (auto it = m_digestByCommit.constFind(memoKey); it != m_digestByCommit.constEnd())
        return *it;
    auto rendered = renderShared(environment, commit);
    if (!rendered)
        return util::fail(rendered.error());
    const auto& result = *rendered;
    QByteArray digest;
    if (auto it = m_digestByCacheKey.constFind(result->cacheKey);
        !result->cacheKey.isEmpty() && it != m_digestByCacheKey.constEnd()) {
        digest = *it;
    } else {
        QCryptographicHash hash(QCryptographicHash::Sha1);
        for (const auto& object : result->objects) {
            hash.addData(object.key.toString().toUtf8());
            hash.addData(QByteArrayView("\n", 1));
            const std::string body = object.body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            hash.addData(QByteArrayView(body.data(), qsizetype(body.size())));
        }
        for (const auto& error : result->errors)
            hash.addData(error.toString().toUtf8());
        digest = hash.result();
        if (!result->cacheKey.isEmpty() && result->cacheable)
            m_digestByCacheKey.insert(result->cacheKey, digest);
    }
    if (result->cacheable) // a render cut short says nothing lasting about the commit
        m_digestByCommit.insert(memoKey, digest);
    return digest;
}

} // namespace syncline::workspace
