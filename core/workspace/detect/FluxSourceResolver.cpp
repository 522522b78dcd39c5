#include "workspace/detect/FluxSourceResolver.h"

#include "manifest/GitTreeFileSource.h"
#include "workspace/detect/FluxKustomizationReader.h"

namespace syncline::workspace::detect {

namespace {

QString cleaned(const QString& path) {
    const std::optional<QString> clean = manifest::cleanRepositoryPath(path.isEmpty() ? QStringLiteral(".") : path);
    if (!clean)
        return QStringLiteral("..");
    return *clean == QLatin1String(".") ? QString() : *clean;
}

QString normalizedUrl(QString url) {
    url = url.trimmed().toLower();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.endsWith(QLatin1String(".git")))
        url.chop(4);
    return url;
}

// "@alias/deploy/**" -> {"alias", "deploy", globbed}; the folder before the first glob.
struct CopyFrom {
    QString alias;
    QString folder;
    bool globbed = false;
};

std::optional<CopyFrom> parseFrom(const QString& from) {
    if (!from.startsWith(QLatin1Char('@')))
        return std::nullopt;
    QStringList parts = from.mid(1).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return std::nullopt;
    CopyFrom out{parts.takeFirst(), {}, false};
    QStringList folder;
    for (const QString& part : parts) {
        if (part.contains(QLatin1Char('*')) || part.contains(QLatin1Char('?'))) {
            out.globbed = true;
            break;
        }
        folder.append(part);
    }
    out.folder = folder.join(QLatin1Char('/'));
    return out;
}

// Where a copy rule puts its source folder inside the artifact, cp-like: a glob copies the
// folder's contents into `to`, a folder without one lands inside `to` under its own name.
QString destinationOf(const CopyFrom& from, const QString& to) {
    QString inArtifact = to.mid(QStringLiteral("@artifact").size());
    while (inArtifact.startsWith(QLatin1Char('/')))
        inArtifact.remove(0, 1);
    QString dest = cleaned(inArtifact);
    if (!from.globbed && to.endsWith(QLatin1Char('/')) && !from.folder.isEmpty())
        dest = joinPath(dest, baseName(from.folder));
    return dest;
}

} // namespace

FluxSourceResolver::FluxSourceResolver(const std::vector<RepositoryObject>& objects, const DetectorOptions& options)
    : m_objects(objects), m_options(options) {}

const RepositoryObject* FluxSourceResolver::find(const char* group, const char* kind, const QString& namespace_,
                                                 const QString& name, const QString& cluster) const {
    const RepositoryObject* elsewhere = nullptr;
    for (const RepositoryObject& object : m_objects)
        if (object.is(group, kind) && object.name() == name &&
            (object.namespaceName().isEmpty() || namespace_.isEmpty() || object.namespaceName() == namespace_)) {
            if (FluxKustomizationReader::clusterOf(object.file) == cluster)
                return &object;
            if (!elsewhere)
                elsewhere = &object;
        }
    return elsewhere;
}

FluxSourceResolver::Resolved FluxSourceResolver::gitRepository(const QString& namespace_, const QString& name,
                                                               const QString& path, const QString& cluster) const {
    const QString how = QStringLiteral("GitRepository %1").arg(name);
    const RepositoryObject* source = find("source.toolkit.fluxcd.io", "GitRepository", namespace_, name, cluster);
    if (!source) {
        // `flux bootstrap` creates flux-system for the repository it writes to: this one.
        if (name == QLatin1String("flux-system"))
            return {cleaned(path), m_options.currentBranch, how, {}};
        return {{}, {}, how, QStringLiteral("its GitRepository %1 is not defined in this repository").arg(name)};
    }
    const QString url = text(source->object, {"spec", "url"});
    bool own = m_options.repositoryUrls.isEmpty();
    for (const QString& known : m_options.repositoryUrls)
        own = own || normalizedUrl(known) == normalizedUrl(url);
    if (!own)
        return {{}, {}, how, QStringLiteral("source is another repository: %1").arg(url)};
    const QString branch = text(source->object, {"spec", "ref", "branch"});
    return {cleaned(path), branch.isEmpty() ? m_options.currentBranch : branch, how, {}};
}

FluxSourceResolver::Resolved FluxSourceResolver::externalArtifact(const QString& namespace_, const QString& name,
                                                                  const QString& path, const QString& cluster) const {
    for (const RepositoryObject& generator : m_objects) {
        if (!generator.is("source.extensions.fluxcd.io", "ArtifactGenerator") ||
            (!namespace_.isEmpty() && !generator.namespaceName().isEmpty() && generator.namespaceName() != namespace_))
            continue;
        const Json* artifacts = member(generator.object, {"spec", "artifacts"});
        if (!artifacts || !artifacts->is_array())
            continue;
        for (const Json& artifact : *artifacts) {
            if (text(artifact, {"name"}) != name)
                continue;
            const QString inArtifact = cleaned(path);
            const Json* copies = member(artifact, {"copy"});
            for (const Json& copy : copies && copies->is_array() ? *copies : Json::array()) {
                const auto from = parseFrom(text(copy, {"from"}));
                const QString to = text(copy, {"to"});
                if (!from || !to.startsWith(QLatin1String("@artifact")))
                    continue;
                const QString dest = destinationOf(*from, to);
                if (!(dest.isEmpty() || inArtifact == dest || inArtifact.startsWith(dest + QLatin1Char('/'))))
                    continue;
                const QString rest = dest.isEmpty() ? inArtifact : inArtifact.mid(dest.size() + 1);
                Json aliasRef;
                if (const Json* sources = member(generator.object, {"spec", "sources"}); sources && sources->is_array())
                    for (const Json& source : *sources)
                        if (text(source, {"alias"}) == from->alias)
                            aliasRef = source;
                Resolved resolved = resolve(aliasRef, generator.namespaceName(), joinPath(from->folder, rest), cluster);
                resolved.how = QStringLiteral("ExternalArtifact %1 of ArtifactGenerator %2 (%3 -> %4, from %5)")
                                   .arg(name, generator.name(), text(copy, {"from"}), to, resolved.how);
                return resolved;
            }
            return {{},
                    {},
                    QStringLiteral("ExternalArtifact %1").arg(name),
                    QStringLiteral("no copy rule of ArtifactGenerator %1 puts anything at %2")
                        .arg(generator.name(), path.isEmpty() ? QStringLiteral(".") : path)};
        }
    }
    return {{},
            {},
            QStringLiteral("ExternalArtifact %1").arg(name),
            QStringLiteral("no ArtifactGenerator in this repository produces ExternalArtifact %1").arg(name)};
}

FluxSourceResolver::Resolved FluxSourceResolver::resolve(const Json& sourceRef, const QString& defaultNamespace,
                                                         const QString& path, const QString& cluster) const {
    QString kind = text(sourceRef, {"kind"});
    const QString name = text(sourceRef, {"name"});
    QString namespace_ = text(sourceRef, {"namespace"});
    if (namespace_.isEmpty())
        namespace_ = defaultNamespace;
    if (name.isEmpty())
        return {{}, {}, QStringLiteral("source"), QStringLiteral("no sourceRef name")};
    if (kind.isEmpty() || kind == QLatin1String("GitRepository"))
        return gitRepository(namespace_, name, path, cluster);
    if (kind == QLatin1String("ExternalArtifact"))
        return externalArtifact(namespace_, name, path, cluster);
    return {{},
            {},
            QStringLiteral("%1 %2").arg(kind, name),
            QStringLiteral("source is another repository: %1 %2 (only GitRepository and ExternalArtifact sources of "
                           "this repository are read)")
                .arg(kind, name)};
}

std::optional<std::map<QString, QString>> FluxSourceResolver::variables(const QString& kind, const QString& namespace_,
                                                                        const QString& name, const QString& cluster) const {
    const RepositoryObject* object = kind == QLatin1String("Secret") ? find("", "Secret", namespace_, name, cluster)
                                                                     : find("", "ConfigMap", namespace_, name, cluster);
    if (!object)
        return std::nullopt;
    std::map<QString, QString> out;
    if (const Json* data = member(object->object, {"data"}); data && data->is_object())
        for (auto it = data->begin(); it != data->end(); ++it) {
            const QString value = asYamlText(it.value());
            out[QString::fromStdString(it.key())] =
                kind == QLatin1String("Secret") ? QString::fromUtf8(QByteArray::fromBase64(value.toLatin1())) : value;
        }
    if (const Json* data = member(object->object, {"stringData"}); data && data->is_object())
        for (auto it = data->begin(); it != data->end(); ++it)
            out[QString::fromStdString(it.key())] = asYamlText(it.value());
    return out;
}

} // namespace syncline::workspace::detect
