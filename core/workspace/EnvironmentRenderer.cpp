#include "workspace/EnvironmentRenderer.h"

#include "git/TreeSnapshot.h"
#include "manifest/GitTreeFileSource.h"
#include "manifest/Renderer.h"

#include <QCryptographicHash>

#include <new>

namespace syncline::workspace {

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
    : m_repository(std::move(repository)), m_cache(cacheEntries) {}

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
    return options;
}

util::Result<RenderedEnvironment> EnvironmentRenderer::renderAt(const Environment& environment, const git::ObjectId& commit) {
    auto result = renderShared(environment, commit);
    if (!result)
        return util::fail(result.error());
    return RenderedEnvironment{environment.name, commit, **result};
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
