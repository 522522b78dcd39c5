#include "workspace/detect/ApplicationDetector.h"

#include "workspace/detect/ApplicationSetExpander.h"
#include "workspace/detect/ArgoApplicationReader.h"
#include "workspace/detect/FluxHelmReleaseReader.h"
#include "workspace/detect/FluxKustomizationReader.h"
#include "workspace/detect/FluxSourceResolver.h"
#include "workspace/detect/FolderLayoutReader.h"
#include "workspace/detect/RepositoryScan.h"
#include "workspace/detect/StageOrder.h"

#include <QSet>

#include <algorithm>

namespace syncline::workspace {

namespace {

using namespace detect;

bool isAgentObject(const RepositoryObject& object) {
    const QString group = object.apiGroup();
    return group.endsWith(QLatin1String("argoproj.io")) || group.endsWith(QLatin1String("fluxcd.io"));
}

void readArgo(const RepositoryScan& scan, const manifest::FileSource& files, const DetectorOptions& options,
              DetectionResult& out) {
    for (const RepositoryObject& object : scan.objects) {
        if (object.is("argoproj.io", "Application")) {
            const QString foundBy = object.chart.isEmpty()
                                        ? QStringLiteral("Argo CD Application")
                                        : QStringLiteral("Argo CD Application of the app-of-apps chart %1,").arg(object.chart);
            ArgoApplicationReader::read(object.object, {object.file, foundBy}, files, options, out);
        } else if (object.is("argoproj.io", "ApplicationSet")) {
            ApplicationSetExpander::expand(object, scan.directories, files, options, out);
        }
    }
}

// An Application whose folder holds other Applications is an app of apps: say so on both sides.
void markAppsOfApps(const RepositoryScan& scan, DetectionResult& out) {
    for (DetectedApplication& parent : out.applications) {
        if (parent.mode != Mode::ArgoCD)
            continue;
        QStringList children;
        for (const RepositoryObject& object : scan.objects)
            if (object.is("argoproj.io", "Application") && object.chart.isEmpty() && parentOf(object.file) == parent.path)
                children.append(object.name());
        if (children.isEmpty())
            continue;
        parent.reason +=
            QStringLiteral("; an app of apps: its folder holds the Applications %1").arg(children.join(QStringLiteral(", ")));
        for (DetectedApplication& child : out.applications)
            if (child.mode == Mode::ArgoCD && children.contains(child.argocd.application) && &child != &parent)
                child.reason += QStringLiteral(" (deployed by the parent Application %1)").arg(parent.argocd.application);
    }
}

QSet<QString> claimedFolders(const RepositoryScan& scan, const DetectionResult& out) {
    QSet<QString> claimed;
    for (const DetectedApplication& app : out.applications) {
        claimed.insert(app.path);
        // Value files are inputs of a chart, not applications of their own.
        for (const QString& file : app.helm ? app.helm->valueFiles : QStringList())
            if (const QString folder = parentOf(file.startsWith(QLatin1Char('$')) ? file.section(QLatin1Char('/'), 1)
                                                                                  : joinPath(app.helm->chartPath, file));
                !folder.isEmpty())
                claimed.insert(folder);
    }
    for (const RepositoryObject& object : scan.objects)
        if (isAgentObject(object))
            claimed.insert(object.chart.isEmpty() ? parentOf(object.file) : object.chart);
    return claimed;
}

// The first application of a name in an environment wins; a repeat is listed.
void dropRepeats(DetectionResult& out) {
    std::vector<DetectedApplication> kept;
    QSet<QString> seen;
    for (DetectedApplication& app : out.applications) {
        const QString key = app.application + QLatin1Char('\n') + app.environment;
        if (seen.contains(key)) {
            out.unrecognized.push_back({QStringLiteral("application %1 in %2").arg(app.application, app.environment), app.path,
                                        QStringLiteral("repeats an application already found; ignored: %1").arg(app.reason)});
            continue;
        }
        seen.insert(key);
        kept.push_back(std::move(app));
    }
    out.applications = std::move(kept);
}

// Within an environment, what an application dependsOn comes before it (Flux applies in
// that order); a cycle or an unknown name leaves the rest in the order found.
void orderByDependsOn(std::vector<DetectedApplication>& applications) {
    std::vector<DetectedApplication> ordered;
    std::vector<bool> placed(applications.size(), false);
    auto ready = [&](const DetectedApplication& app) {
        for (std::size_t i = 0; i < applications.size(); ++i)
            if (!placed[i] && applications[i].environment == app.environment &&
                app.dependsOn.contains(applications[i].application) && &applications[i] != &app)
                return false;
        return true;
    };
    while (ordered.size() < applications.size()) {
        std::size_t next = applications.size();
        for (std::size_t i = 0; i < applications.size() && next == applications.size(); ++i)
            if (!placed[i] && ready(applications[i]))
                next = i;
        for (std::size_t i = 0; i < applications.size() && next == applications.size(); ++i)
            if (!placed[i])
                next = i; // a cycle: take the first left
        placed[next] = true;
        ordered.push_back(applications[next]);
    }
    applications = std::move(ordered);
}

} // namespace

DetectionResult ApplicationDetector::detect(const manifest::FileSource& files, const DetectorOptions& options) {
    const RepositoryScan scan = RepositoryScan::scan(files, options);
    DetectionResult out;
    out.unrecognized = scan.unreadable;
    readArgo(scan, files, options, out);
    const FluxSourceResolver sources(scan.objects, options);
    FluxKustomizationReader::read(scan.objects, sources, files, out);
    FluxHelmReleaseReader::read(scan.objects, sources, files, out);
    markAppsOfApps(scan, out);
    FolderLayoutReader::read(scan.directories, claimedFolders(scan, out), files, options, out);
    dropRepeats(out);
    std::stable_sort(out.applications.begin(), out.applications.end(),
                     [](const DetectedApplication& a, const DetectedApplication& b) {
                         const int ra = StageOrder::rank(a.environment);
                         const int rb = StageOrder::rank(b.environment);
                         return (ra < 0 ? 100 : ra) < (rb < 0 ? 100 : rb);
                     });
    orderByDependsOn(out.applications);
    return out;
}

} // namespace syncline::workspace
