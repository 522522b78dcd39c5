#pragma once

#include "GitFixture.h"

#include <QString>

namespace syncline::test {

// One Helm environment whose chart comes from `url` (a chart repository nobody has allowed
// yet), committed: what a detected Flux HelmRelease with a remote chart becomes.
inline void commitRemoteChartWorkspace(GitFixture& repo, const QString& url) {
    repo.writeFile(QStringLiteral("syncline.yaml"),
                   "version: 1\nenvironments:\n  - name: hello\n    path: apps/hello\n    renderer: helm\n"
                   "    namespace: web\n    helm:\n      chartRepository: " +
                       url.toUtf8() + "\n      chart: hello\n      chartVersion: 1.2.3\n");
    repo.writeFile(QStringLiteral("apps/hello/README.md"), "the HelmRelease's folder\n");
    repo.commitAll(QStringLiteral("first"), 1'700'000'000);
}

} // namespace syncline::test
