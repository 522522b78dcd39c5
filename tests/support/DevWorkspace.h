#pragma once

#include "support/GitFixture.h"

#include <QString>

namespace syncline::test {

// The window tests' workspace: dev (namespace shop-dev) on `kubeconfig`'s current context,
// with one ConfigMap, web-flags (checkout: v1), committed.
inline void commitDevWorkspace(GitFixture& repo, const QString& kubeconfig) {
    repo.writeFile(QStringLiteral("syncline.yaml"),
                   QStringLiteral("version: 1\nenvironments:\n  - name: dev\n    path: envs/dev\n    renderer: plain\n"
                                  "    namespace: shop-dev\n    cluster:\n      kubeconfig: %1\n")
                       .arg(kubeconfig)
                       .toUtf8());
    repo.writeFile(QStringLiteral("envs/dev/config.yaml"),
                   "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-flags\ndata:\n  checkout: \"v1\"\n");
    repo.commitAll(QStringLiteral("dev: first flags"), 1'700'000'000);
}

} // namespace syncline::test
