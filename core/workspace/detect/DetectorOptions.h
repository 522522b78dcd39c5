#pragma once

#include "manifest/FileSource.h"
#include "manifest/HelmSource.h"
#include "util/Result.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace syncline::workspace {

// How far and how ApplicationDetector reads a repository; the bounds keep a huge or hostile
// tree quick (docs/detection.md).
struct DetectorOptions {
    // What "HEAD" means in an Argo CD targetRevision, and the branch of every other
    // application detected: the branch the files were read from.
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

} // namespace syncline::workspace
