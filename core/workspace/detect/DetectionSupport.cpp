#include "workspace/detect/DetectionSupport.h"

#include "manifest/GitTreeFileSource.h"

namespace syncline::workspace::detect {

QString RepositoryObject::apiGroup() const {
    const QString apiVersion = text(object, {"apiVersion"});
    const qsizetype slash = apiVersion.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : apiVersion.left(slash);
}

QString RepositoryObject::kind() const { return text(object, {"kind"}); }
QString RepositoryObject::name() const { return text(object, {"metadata", "name"}); }
QString RepositoryObject::namespaceName() const { return text(object, {"metadata", "namespace"}); }

bool RepositoryObject::is(const char* group, const char* kindName) const {
    return kind() == QLatin1String(kindName) && apiGroup() == QLatin1String(group);
}

const Json* member(const Json& value, std::initializer_list<const char*> keys) {
    const Json* at = &value;
    for (const char* key : keys) {
        if (!at->is_object() || !at->contains(key))
            return nullptr;
        at = &(*at)[key];
    }
    return at;
}

QString text(const Json& value, std::initializer_list<const char*> keys) {
    const Json* at = member(value, keys);
    return at && at->is_string() ? QString::fromStdString(at->get<std::string>()) : QString();
}

bool flag(const Json& value, std::initializer_list<const char*> keys) {
    const Json* at = member(value, keys);
    return at && at->is_boolean() && at->get<bool>();
}

QStringList strings(const Json& value, std::initializer_list<const char*> keys) {
    QStringList out;
    if (const Json* list = member(value, keys); list && list->is_array())
        for (const Json& item : *list)
            if (item.is_string())
                out.append(QString::fromStdString(item.get<std::string>()));
    return out;
}

QString asYamlText(const Json& value) {
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    return QString::fromStdString(value.dump());
}

bool isTemplated(const QString& value) { return value.contains(QLatin1String("{{")); }

QString parentOf(const QString& path) {
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

QString baseName(const QString& path) { return path.section(QLatin1Char('/'), -1); }

QString joinPath(const QString& dir, const QString& name) { return dir.isEmpty() ? name : dir + QLatin1Char('/') + name; }

bool isYamlFile(const QString& name) { return name.endsWith(QLatin1String(".yaml")) || name.endsWith(QLatin1String(".yml")); }

bool hasFile(const manifest::FileSource& files, const QString& dir, std::initializer_list<const char*> names) {
    for (const char* name : names)
        if (files.typeOf(joinPath(dir, QLatin1String(name))) == manifest::EntryType::File)
            return true;
    return false;
}

bool isKustomizeFolder(const manifest::FileSource& files, const QString& dir) {
    return hasFile(files, dir, {"kustomization.yaml", "kustomization.yml", "Kustomization"});
}

bool isChartFolder(const manifest::FileSource& files, const QString& dir) { return hasFile(files, dir, {"Chart.yaml"}); }

RendererChoice rendererFor(const manifest::FileSource& files, const QString& dir) {
    if (isKustomizeFolder(files, dir))
        return RendererChoice::Kustomize;
    if (isChartFolder(files, dir))
        return RendererChoice::Helm;
    return RendererChoice::Plain;
}

std::optional<QString> repositoryFolder(const manifest::FileSource& files, const QString& written) {
    if (written.isEmpty() || isTemplated(written))
        return std::nullopt;
    std::optional<QString> path = manifest::cleanRepositoryPath(written);
    if (path && *path == QLatin1String("."))
        path = QString();
    if (!path || files.typeOf(*path) != manifest::EntryType::Directory)
        return std::nullopt;
    return path;
}

QString environmentFromPath(const QString& path) {
    const QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (qsizetype i = parts.size() - 2; i >= 0; --i) {
        const QString& part = parts[i];
        if (part == QLatin1String("overlays") && i + 1 < parts.size())
            return parts[i + 1];
        if ((part == QLatin1String("envs") || part == QLatin1String("environments") || part == QLatin1String("clusters")) &&
            i + 1 < parts.size())
            return parts[i + 1];
    }
    return {};
}

} // namespace syncline::workspace::detect
