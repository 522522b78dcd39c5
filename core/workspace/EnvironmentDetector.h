#pragma once

#include "manifest/FileSource.h"
#include "manifest/HelmSource.h"
#include "util/Result.h"
#include "workspace/Environment.h"
#include "workspace/WorkspaceConfig.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace syncline::workspace {

// An environment found in the repository, and why Syncline thinks it is one, in words
// shown next to it ("Argo CD Application apps/templates/guestbook.yaml").
struct DetectedEnvironment {
    Environment environment;
    QString why;
};

struct EnvironmentDetection {
    std::vector<DetectedEnvironment> environments; // earliest stage first where names tell
    // Applications × environments: the environments as places (each unit above names its
    // place). Empty: the units are version-1 environments.
    std::vector<Place> places;
    QStringList promotionOrder; // guessed from well-known stage names
    // What was looked at and left out, for the "detected" banner: files that do not
    // parse, Applications whose source is not in this repository, duplicate names.
    QStringList notes;

    WorkspaceConfig config() const;
};

struct DetectorOptions {
    // What "HEAD" means in an Argo CD targetRevision, and the branch of every other
    // environment detected: the branch the files were read from.
    QString currentBranch;
    int maxEntries = 50'000; // files and folders visited, so a huge tree stays quick
    int maxDepth = 32;
    qint64 maxFileBytes = 1024 * 1024; // a bigger YAML file is listed as not read, not parsed
    // The repository's own URLs (remotes), when known: an Argo CD or Flux source naming
    // another URL is another repository even when a folder of the same name exists here.
    QStringList repositoryUrls;
    // Renders a chart of this repository (`helm template`) so an app-of-apps chart's
    // Applications are read as Argo CD reads them. Unset: {{ .Values.x }} is looked up in
    // the chart's values.yaml and other template lines are left out.
    std::function<util::Result<QByteArray>(const manifest::FileSource&, const manifest::HelmSource&)> renderChart;
};

// Finds environments in one revision of a repository that has no syncline.yaml:
//  - Argo CD Applications (argoproj.io/*, kind Application) anywhere in the tree, also in
//    Helm templates of an app-of-apps chart ({{ .Values.x }} read from its values.yaml);
//    spec.source.path / targetRevision / destination / syncPolicy; mode argocd.
//  - Flux Kustomizations (kustomize.toolkit.fluxcd.io/*) under clusters/<name>/: one
//    environment <name>, its path taken from the Kustomization named "apps" (else the one
//    whose path names the cluster, else the first); mode flux.
//  - Folders overlays/<env>, envs/<env>, environments/<env>, clusters/<env>: renderer
//    kustomize when a kustomization file is there, else plain; mode direct.
// Earlier sources win when names or paths repeat. Renders nothing, never fails: what
// cannot be read becomes a note.
class EnvironmentDetector {
public:
    static EnvironmentDetection detect(const manifest::FileSource& files, const DetectorOptions& options);

    // The promotion rank of a well-known stage name (dev 0 < test < qa < staging <
    // preprod < prod/production 5), -1 when the name tells nothing.
    static int stageRank(const QString& environmentName);
};

} // namespace syncline::workspace
