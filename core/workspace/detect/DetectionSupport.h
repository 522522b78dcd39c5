#pragma once

#include "manifest/FileSource.h"
#include "workspace/Environment.h"

#include <QString>
#include <QStringList>

#include <initializer_list>
#include <nlohmann/json.hpp>

namespace syncline::workspace::detect {

using Json = nlohmann::ordered_json;

// One Kubernetes-shaped object read from the repository, and the file it came from (for
// a chart's rendered templates: the template's path).
struct RepositoryObject {
    QString file;
    Json object;
    QString chart; // set when the object came out of a Helm chart's templates (its folder)

    QString apiGroup() const; // "argoproj.io" of "argoproj.io/v1alpha1"; "" for core objects
    QString kind() const;
    QString name() const;
    QString namespaceName() const;
    bool is(const char* group, const char* kind) const;
};

// Reads a string at a key path; empty when absent or not a string.
QString text(const Json& value, std::initializer_list<const char*> keys);
// The value at a key path, or nullptr.
const Json* member(const Json& value, std::initializer_list<const char*> keys);
// True only for a boolean true at the key path.
bool flag(const Json& value, std::initializer_list<const char*> keys);
// Strings of a list at the key path (other items are skipped).
QStringList strings(const Json& value, std::initializer_list<const char*> keys);
// A JSON value as YAML text a renderer accepts (JSON is YAML); strings are taken as is.
QString asYamlText(const Json& value);

bool isTemplated(const QString& value);
QString parentOf(const QString& path);
QString baseName(const QString& path);
QString joinPath(const QString& dir, const QString& name);
bool isYamlFile(const QString& name);
bool hasFile(const manifest::FileSource& files, const QString& dir, std::initializer_list<const char*> names);
bool isKustomizeFolder(const manifest::FileSource& files, const QString& dir);
bool isChartFolder(const manifest::FileSource& files, const QString& dir);
// How a source folder is rendered: kustomize with a kustomization file, helm with a
// Chart.yaml, plain otherwise.
RendererChoice rendererFor(const manifest::FileSource& files, const QString& dir);
// A repository path as written in a manifest ("./apps/x/", "apps/x") cleaned, or nullopt
// when it is empty after cleaning is not allowed, absolute or leaves the repository.
std::optional<QString> repositoryFolder(const manifest::FileSource& files, const QString& written);

// The environment a folder names by convention (".../overlays/<env>", "envs/<env>/...",
// "environments/<env>/...", "clusters/<env>/..."), or empty.
QString environmentFromPath(const QString& path);

} // namespace syncline::workspace::detect
