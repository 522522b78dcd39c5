#pragma once

#include "manifest/FileSource.h"
#include "workspace/DetectedApplication.h"
#include "workspace/detect/DetectionSupport.h"
#include "workspace/detect/DetectorOptions.h"

namespace syncline::workspace::detect {

// Reads one Argo CD Application (argoproj.io, kind Application) as Argo CD's repo server
// would: each source in this repository (directory, kustomize or helm, multiple sources
// with a `$values` ref) becomes an application; a chart from a Helm repository or a source
// in another repository is listed with the reason.
class ArgoApplicationReader {
public:
    struct Origin {
        QString file;    // where the Application (or what generated it) was read
        QString foundBy; // "Argo CD Application", "ApplicationSet guestbook (git directories generator)"
    };

    static void read(const Json& application, const Origin& origin, const manifest::FileSource& files,
                     const DetectorOptions& options, DetectionResult& out);

    // The environment an Argo CD Application deploys to, in this order: its folder's
    // convention (overlays/<env>, envs/<env>, clusters/<env>), a stage word ending its name
    // ("guestbook-prod"), its destination cluster name, else "default".
    static QString environmentOf(const QString& applicationName, const QString& path, const QString& destinationName);
};

} // namespace syncline::workspace::detect
