#pragma once

#include "support/GitFixture.h"

#include <QFile>
#include <QString>

namespace syncline::test {

// An Argo CD Application (web-prod, apps/web/prod) whose destination server,
// https://10.9.9.9:6443, no context of kubeconfigWithTwoContexts() has: what
// `environments --write` and the window's Write syncline.yaml… ask about.
inline void commitArgoApplicationOnAnUnknownServer(GitFixture& repo) {
    repo.writeFile(QStringLiteral("apps/web/prod/cm.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
    repo.writeFile(QStringLiteral("argocd/web-prod.yaml"),
                   "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web-prod\n  namespace: argocd\n"
                   "spec:\n  project: default\n  source:\n    repoURL: https://git.example.com/shop.git\n"
                   "    path: apps/web/prod\n    targetRevision: HEAD\n  destination:\n"
                   "    server: https://10.9.9.9:6443\n    namespace: web\n");
    repo.commitAll(QStringLiteral("argo"), 1700000000);
}

// A kubeconfig at `path` with contexts alpha (current) and bravo on two other servers.
inline bool writeKubeconfigWithTwoContexts(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("apiVersion: v1\nkind: Config\ncurrent-context: alpha\nclusters:\n"
               "- name: a\n  cluster: {server: \"https://a.example.com\"}\n"
               "- name: b\n  cluster: {server: \"https://b.example.com\"}\n"
               "contexts:\n- name: alpha\n  context: {cluster: a, user: u}\n- name: bravo\n  context: {cluster: b, user: u}\n"
               "users:\n- name: u\n  user: {token: t}\n");
    return true;
}

} // namespace syncline::test
