#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectorOptions.h"

#include <QSet>
#include <QStringList>

namespace syncline::workspace::detect {

// Applications found by folder layout alone (mode direct), for what no Argo CD or Flux
// object already covers:
//   [<…>/]<app>/overlays/<env>            (a root overlays/<env> is application "app")
//   envs|environments/<env>/<app>         (envs/<env> holding manifests itself: application "app")
//   clusters/<env>/<app>
//   [apps/]<app>/<env>                    when <env> is a stage name (dev, staging, prod, …)
//   [apps/]<app> holding manifests        one application in environment "default"
// `claimed` are folders already deployed by an agent or holding its objects: neither they,
// their subfolders nor the folders above them are taken again.
class FolderLayoutReader {
public:
    static void read(const QStringList& directories, const QSet<QString>& claimed, const manifest::FileSource& files,
                     const DetectorOptions& options, DetectionResult& out);
};

} // namespace syncline::workspace::detect
