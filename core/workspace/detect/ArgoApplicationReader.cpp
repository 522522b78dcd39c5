#include "workspace/detect/ArgoApplicationReader.h"

#include "manifest/GitTreeFileSource.h"
#include "workspace/detect/StageOrder.h"

namespace syncline::workspace::detect {

namespace {

QString normalizedUrl(QString url) {
    url = url.trimmed().toLower();
    if (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (url.endsWith(QLatin1String(".git")))
        url.chop(4);
    return url;
}

// A source names another repository when its URL is known not to be this one's.
bool isOtherRepository(const QString& repoUrl, const DetectorOptions& options) {
    if (options.repositoryUrls.isEmpty() || repoUrl.isEmpty())
        return false;
    for (const QString& own : options.repositoryUrls)
        if (normalizedUrl(own) == normalizedUrl(repoUrl))
            return false;
    return true;
}

QString stageSuffix(const QString& name) {
    const QString last = name.section(QLatin1Char('-'), -1);
    return last != name && StageOrder::rank(last) >= 0 ? last : QString();
}

struct SourceContext {
    const Json& application;
    const ArgoApplicationReader::Origin& origin;
    const manifest::FileSource& files;
    const DetectorOptions& options;
    std::map<QString, const Json*> refs; // `ref` name -> the source that declares it
    DetectionResult& out;
};

QString what(const SourceContext& context) {
    return QStringLiteral("%1 %2").arg(context.origin.foundBy, text(context.application, {"metadata", "name"}));
}

void refuse(const SourceContext& context, const QString& reason) {
    context.out.unrecognized.push_back({what(context), context.origin.file, reason});
}

// `$values/path` value files name a file of the source declaring `ref: values`.
bool checkValueFiles(const SourceContext& context, const QStringList& valueFiles) {
    for (const QString& file : valueFiles) {
        if (!file.startsWith(QLatin1Char('$')))
            continue;
        const QString ref = file.mid(1).section(QLatin1Char('/'), 0, 0);
        const auto declared = context.refs.find(ref);
        if (declared == context.refs.end()) {
            refuse(context, QStringLiteral("value file %1 names a ref that no source declares").arg(file));
            return false;
        }
        const QString url = text(*declared->second, {"repoURL"});
        const auto inRepository = manifest::cleanRepositoryPath(file.section(QLatin1Char('/'), 1));
        if (isOtherRepository(url, context.options) || !inRepository ||
            context.files.typeOf(*inRepository) != manifest::EntryType::File) {
            refuse(context, QStringLiteral("value file %1 is in another repository: %2").arg(file, url));
            return false;
        }
    }
    return true;
}

std::optional<manifest::HelmSource> helmSourceOf(const SourceContext& context, const Json& source, const QString& path) {
    const Json* helm = member(source, {"helm"});
    const bool chartHere = isChartFolder(context.files, path);
    if (!helm && !chartHere)
        return std::nullopt;
    manifest::HelmSource out;
    out.chartPath = path;
    out.namespace_ = text(context.application, {"spec", "destination", "namespace"});
    if (helm) {
        out.releaseName = text(*helm, {"releaseName"});
        out.valueFiles = strings(*helm, {"valueFiles"});
        if (const Json* object = member(*helm, {"valuesObject"}); object && !object->is_null())
            out.values = asYamlText(*object);
        else if (const Json* values = member(*helm, {"values"}); values && !values->is_null())
            out.values = asYamlText(*values);
        if (const Json* parameters = member(*helm, {"parameters"}); parameters && parameters->is_array())
            for (const Json& parameter : *parameters)
                out.parameters.emplace_back(text(parameter, {"name"}), text(parameter, {"value"}));
        if (const Json* skip = member(*helm, {"skipCrds"}); skip && skip->is_boolean())
            out.includeCrds = !skip->get<bool>();
    }
    if (out.releaseName.isEmpty())
        out.releaseName = text(context.application, {"metadata", "name"});
    return out;
}

SyncPolicy syncPolicyOf(const Json& application) {
    SyncPolicy sync;
    if (const Json* automated = member(application, {"spec", "syncPolicy", "automated"}); automated && !automated->is_null()) {
        sync.autoSync = !(automated->is_object() && automated->contains("enabled") && (*automated)["enabled"] == false);
        sync.prune = flag(*automated, {"prune"});
        sync.selfHeal = flag(*automated, {"selfHeal"});
    }
    return sync;
}

void readSource(const SourceContext& context, const Json& source, const QString& applicationName) {
    const QString url = text(source, {"repoURL"});
    if (const QString chart = text(source, {"chart"}); !chart.isEmpty()) {
        refuse(context, QStringLiteral("chart %1 from the Helm repository %2: not rendered offline").arg(chart, url));
        return;
    }
    const QString written = text(source, {"path"});
    const std::optional<QString> path = repositoryFolder(context.files, written);
    if (!path || isOtherRepository(url, context.options)) {
        refuse(context, QStringLiteral("source is another repository: %1 (path %2 is not a folder of this repository)")
                            .arg(url.isEmpty() ? QStringLiteral("(no repoURL)") : url, written));
        return;
    }
    DetectedApplication app;
    const Json& application = context.application;
    const QString destinationName = text(application, {"spec", "destination", "name"});
    const QString server = text(application, {"spec", "destination", "server"});
    app.environment = ArgoApplicationReader::environmentOf(applicationName, *path, destinationName);
    app.application = applicationName;
    if (const QString suffix = QLatin1Char('-') + app.environment; applicationName.endsWith(suffix))
        app.application = applicationName.chopped(suffix.size());
    const QString revision = text(source, {"targetRevision"});
    app.branch = revision.isEmpty() || revision == QLatin1String("HEAD") || isTemplated(revision) ? context.options.currentBranch
                                                                                                  : revision;
    app.path = *path;
    app.helm = helmSourceOf(context, source, *path);
    if (app.helm && !checkValueFiles(context, app.helm->valueFiles))
        return;
    app.renderer = app.helm                        ? RendererChoice::Helm
                   : member(source, {"kustomize"}) ? RendererChoice::Kustomize
                   : member(source, {"directory"}) ? RendererChoice::Plain
                                                   : rendererFor(context.files, *path);
    app.defaultNamespace = text(application, {"spec", "destination", "namespace"});
    app.mode = Mode::ArgoCD;
    app.argocd.application = text(application, {"metadata", "name"});
    if (const QString ns = text(application, {"metadata", "namespace"}); !ns.isEmpty() && !isTemplated(ns))
        app.argocd.appNamespace = ns;
    app.clusterHint = !destinationName.isEmpty() ? destinationName : isTemplated(server) ? QString() : server;
    app.sync = syncPolicyOf(application);
    app.reason = QStringLiteral("%1 in %2: source path %3 (%4)")
                     .arg(what(context), context.origin.file, app.path.isEmpty() ? QStringLiteral(".") : app.path,
                          rendererName(app.renderer));
    context.out.applications.push_back(std::move(app));
}

} // namespace

QString ArgoApplicationReader::environmentOf(const QString& applicationName, const QString& path,
                                             const QString& destinationName) {
    if (QString fromPath = environmentFromPath(path); !fromPath.isEmpty())
        return fromPath;
    if (QString suffix = stageSuffix(applicationName); !suffix.isEmpty())
        return suffix;
    if (!destinationName.isEmpty() && !isTemplated(destinationName) && destinationName != QLatin1String("in-cluster"))
        return destinationName;
    return QStringLiteral("default");
}

void ArgoApplicationReader::read(const Json& application, const Origin& origin, const manifest::FileSource& files,
                                 const DetectorOptions& options, DetectionResult& out) {
    SourceContext context{application, origin, files, options, {}, out};
    const QString name = text(application, {"metadata", "name"});
    if (name.isEmpty() || isTemplated(name)) {
        refuse(context, QStringLiteral("an Argo CD Application without a usable name"));
        return;
    }
    std::vector<const Json*> sources;
    if (const Json* many = member(application, {"spec", "sources"}); many && many->is_array()) {
        for (const Json& source : *many)
            if (source.is_object())
                sources.push_back(&source);
    } else if (const Json* one = member(application, {"spec", "source"}); one && one->is_object()) {
        sources.push_back(one);
    }
    std::vector<const Json*> deployed;
    for (const Json* source : sources) {
        if (const QString ref = text(*source, {"ref"}); !ref.isEmpty())
            context.refs[ref] = source;
        // A ref-only source carries value files for the others; it deploys nothing itself.
        if (text(*source, {"ref"}).isEmpty() || !text(*source, {"path"}).isEmpty() || !text(*source, {"chart"}).isEmpty())
            deployed.push_back(source);
    }
    if (deployed.empty()) {
        refuse(context, QStringLiteral("no source with a path or chart"));
        return;
    }
    for (const Json* source : deployed) {
        const QString path = text(*source, {"path"});
        const QString applicationName =
            deployed.size() == 1 || path.isEmpty()
                ? name
                : name + QLatin1Char('-') + baseName(path.chopped(path.endsWith(QLatin1Char('/')) ? 1 : 0));
        readSource(context, *source, applicationName);
    }
}

} // namespace syncline::workspace::detect
